/**
 * Inventory API adjustments against the single default location (id 1). Validated as a whole before
 * anything changes, like BigCommerce's batch endpoints, and each change fires the inventory webhook.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseInput } from './order-model';
import { SandboxInputError, type ModelContext, type Product, type Store, type Variant } from './sandbox-state';

const itemSchema = z.strictObject({
  location_id: z.number().int(),
  variant_id: z.number().int().optional(),
  product_id: z.number().int().optional(),
  sku: z.string().optional(),
  quantity: z.number().int(),
});
const adjustmentSchema = z.strictObject({ reason: z.string().optional(), items: z.array(itemSchema).min(1).max(2000) });

interface Target {
  product: Product;
  variant?: Variant;
  identity: string;
  quantity: number;
}

function resolve(store: Store, item: z.infer<typeof itemSchema>): Target {
  if (item.location_id !== 1) throw new SandboxInputError(`Location with id ${item.location_id} not found`, 422);
  const given = [item.variant_id, item.product_id, item.sku].filter((v) => v !== undefined).length;
  if (given !== 1) throw new SandboxInputError('Each item needs exactly one of sku, variant_id or product_id', 422);
  if (item.product_id !== undefined) {
    const product = store.products.get(item.product_id);
    if (!product) throw new SandboxInputError(`Item with product_id ${item.product_id} not found`, 422);
    return { product, identity: `product_id ${product.id}`, quantity: item.quantity };
  }
  for (const product of store.products.values()) {
    const variant = product.variants.find((v) => (item.variant_id !== undefined ? v.id === item.variant_id : v.sku === item.sku));
    if (variant) {
      // A simple product's only variant is the product itself for inventory purposes.
      if (product.options.length === 0) return { product, identity: `variant_id ${variant.id}`, quantity: item.quantity };
      return { product, variant, identity: `variant_id ${variant.id}`, quantity: item.quantity };
    }
  }
  throw new SandboxInputError(`Item with ${item.variant_id !== undefined ? `variant_id ${item.variant_id}` : `sku ${item.sku}`} not found`, 422);
}

export function adjustInventoryLevels(ctx: ModelContext, store: Store, mode: 'absolute' | 'relative', raw: unknown): { transaction_id: string } {
  const input = parseInput(adjustmentSchema, raw);
  const targets = input.items.map((item) => resolve(store, item));
  for (const t of targets) {
    if (t.product.inventoryTracking === 'none') throw new SandboxInputError(`[Item with ${t.identity} does not track inventory]`, 422);
    if (t.product.inventoryTracking === 'variant' && !t.variant) throw new SandboxInputError(`[Item with ${t.identity} is tracked by variant, please update stock by variant id]`, 422);
    if (t.product.inventoryTracking === 'product' && t.variant) throw new SandboxInputError(`[Item with ${t.identity} is tracked by product, please update stock by product id]`, 422);
    if (mode === 'absolute' && t.quantity < 0) throw new SandboxInputError(`[Item with ${t.identity}: quantity cannot be negative]`, 422);
    if (mode === 'relative' && !t.product.inventoryInitialised) {
      throw new SandboxInputError(`Items with identity: [${t.identity}] requires absolute adjustment before relative`, 422);
    }
  }
  const now = ctx.now();
  for (const t of targets) {
    const before = t.variant ? t.variant.inventoryLevel : t.product.inventoryLevel;
    const after = Math.max(0, mode === 'absolute' ? t.quantity : before + t.quantity);
    if (t.variant) {
      t.variant.inventoryLevel = after;
      t.product.inventoryLevel = t.product.variants.reduce((sum, v) => sum + v.inventoryLevel, 0);
    } else {
      t.product.inventoryLevel = after;
    }
    t.product.inventoryInitialised = true;
    t.product.dateModified = now;
    const inventory = { product_id: t.product.id, method: mode, value: after - before };
    if (t.variant) {
      ctx.emit(store.hash, 'store/sku/inventory/updated', { type: 'sku', id: t.variant.skuId, inventory: { ...inventory, variant_id: t.variant.id } });
    } else {
      ctx.emit(store.hash, 'store/product/inventory/updated', { type: 'product', id: t.product.id, inventory });
    }
  }
  return { transaction_id: randomUUID() };
}

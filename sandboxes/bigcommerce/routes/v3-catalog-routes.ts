/** Catalog products/variants (read) and Inventory adjustments (write). */
import { parseId, type Router } from '../http-kit';
import { adjustInventoryLevels } from '../inventory-model';
import { SandboxInputError, type Product, type Variant } from '../sandbox-state';
import { paginate, renderProduct, renderVariant } from '../v3-views';
import { QueryError, intListParam, intParam, json, pageParams, stringListParam, v3Error, type RestRequest, type RestResponse, type RestRoute, type RestServices } from './rest-types';

const PRODUCTS_READ = [['products', 'read']] as const;
const INCLUDES = new Set(['bulk_pricing_rules', 'channels', 'custom_fields', 'images', 'modifiers', 'options', 'parent_relations', 'primary_image', 'reviews', 'variants', 'videos']);

function parseIncludes(query: URLSearchParams): Set<string> {
  const include = new Set(stringListParam(query, 'include') ?? []);
  for (const value of include) if (!INCLUDES.has(value)) throw new QueryError(422, `include=${value} is not a valid sub-resource`, 'include');
  return include;
}

function productNotFound(id: string) {
  return { status: 404, body: { status: 404, title: `Product with id ${id} not found`, type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes', instance: '' } };
}

function inventoryAdjustment(mode: 'absolute' | 'relative') {
  return (req: RestRequest, services: RestServices): RestResponse => {
    try {
      return json(adjustInventoryLevels(services.ctx, req.store, mode, req.body));
    } catch (error) {
      // The Inventory API reports every validation problem as 422 problem+json.
      if (error instanceof SandboxInputError) return v3Error(422, error.message, {}, 'application/problem+json');
      throw error;
    }
  };
}

export function registerV3CatalogRoutes(router: Router<RestRoute>): void {
  router.add('GET', '/v3/catalog/products', {
    api: 'v3',
    scopes: PRODUCTS_READ,
    handle(req) {
      const q = req.query;
      const include = parseIncludes(q);
      const id = intParam(q, 'id');
      const ids = intListParam(q, 'id:in');
      const sku = q.get('sku');
      const skus = stringListParam(q, 'sku:in');
      const name = q.get('name');
      const visible = q.get('is_visible');
      const { page, limit: requested } = pageParams(q, { limit: 50, max: 250, overMax: 'reject' });
      // "When you specify options or modifiers, results are limited to 10 per page."
      const limit = include.has('options') || include.has('modifiers') ? Math.min(requested, 10) : requested;
      const matches = [...req.store.products.values()].filter(
        (p) =>
          (id === undefined || p.id === id) &&
          (!ids || ids.includes(p.id)) &&
          // sku filters match the product's base SKU only (variant SKUs: /catalog/variants).
          (!sku || p.sku === sku) &&
          (!skus || skus.includes(p.sku)) &&
          (!name || p.name === name) &&
          (visible === null || String(p.isVisible) === visible),
      );
      const result = paginate(matches, page, limit, q);
      return json({ data: result.items.map((p) => renderProduct(p, include)), meta: result.meta });
    },
  });

  router.add('GET', '/v3/catalog/products/:id', {
    api: 'v3',
    scopes: PRODUCTS_READ,
    handle(req) {
      const product = req.store.products.get(parseId(req.params.id) ?? -1);
      return product ? json({ data: renderProduct(product, parseIncludes(req.query)), meta: {} }) : productNotFound(req.params.id ?? '');
    },
  });

  router.add('GET', '/v3/catalog/products/:id/variants', {
    api: 'v3',
    scopes: PRODUCTS_READ,
    handle(req) {
      const product = req.store.products.get(parseId(req.params.id) ?? -1);
      if (!product) return productNotFound(req.params.id ?? '');
      const { page, limit } = pageParams(req.query, { limit: 50, max: 250, overMax: 'reject' });
      const result = paginate(product.variants, page, limit, req.query);
      return json({ data: result.items.map((v) => renderVariant(product, v)), meta: result.meta });
    },
  });

  router.add('GET', '/v3/catalog/variants', {
    api: 'v3',
    scopes: PRODUCTS_READ,
    handle(req) {
      const q = req.query;
      const id = intParam(q, 'id');
      const sku = q.get('sku');
      const upc = q.get('upc');
      const productIds = intListParam(q, 'product_id:in');
      const { page, limit } = pageParams(q, { limit: 50, max: 250, overMax: 'reject' });
      const matches: [Product, Variant][] = [];
      for (const product of req.store.products.values()) {
        if (productIds && !productIds.includes(product.id)) continue;
        for (const v of product.variants) {
          if (id !== undefined && v.id !== id) continue;
          if (sku && v.sku !== sku) continue;
          if (upc && v.upc !== upc) continue;
          matches.push([product, v]);
        }
      }
      const result = paginate(matches, page, limit, q);
      return json({ data: result.items.map(([p, v]) => renderVariant(p, v)), meta: result.meta });
    },
  });

  router.add('PUT', '/v3/inventory/adjustments/absolute', { api: 'v3', scopes: [['inventory', 'write']], handle: inventoryAdjustment('absolute') });
  router.add('POST', '/v3/inventory/adjustments/relative', { api: 'v3', scopes: [['inventory', 'write']], handle: inventoryAdjustment('relative') });
}

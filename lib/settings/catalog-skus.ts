/**
 * The BigCommerce catalog as the item map sees it: one row per sellable SKU (a simple product, or each
 * variant of a product with options), keyed like the order sync keys order lines (itemMapKey). Read 250
 * products with their variants per call, at most MAX_CATALOG_PAGES calls per request.
 */
import type { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { itemMapKey } from '@/lib/firestore/sync-maps-repository';

export const CATALOG_PAGE_SIZE = 250;
/** 5000 products: beyond this the list says it is truncated rather than spend the store's shared API quota. */
export const MAX_CATALOG_PAGES = 20;

/** One sellable SKU of the catalog: a simple product, or one variant of a product with options. */
export interface CatalogSku {
  /** The item map key (itemMapKey): `sku:…`, or `name:…` for a product without a SKU. */
  itemKey: string;
  /** '' when the product has no SKU (then orders are matched by product name). */
  sku: string;
  /** The product name, with the variant's options ("Towel (Beige, S)"). */
  name: string;
  productName: string;
  productId: number;
  variantId?: number;
  type: 'physical' | 'digital';
}

export interface BcCatalogVariant {
  id: number;
  sku?: string;
  option_values?: Array<{ label?: string; option_display_name?: string }>;
}
export interface BcCatalogProduct {
  id: number;
  name?: string;
  sku?: string;
  type?: string;
  variants?: BcCatalogVariant[];
}
interface BcProductsPage {
  data?: BcCatalogProduct[];
  meta?: { pagination?: { total_pages?: number } };
}

/** Every SKU of the catalog, products with their variants, 250 products per call. */
export async function readCatalogSkus(client: BigCommerceClient): Promise<{ skus: CatalogSku[]; truncated: boolean }> {
  const products: BcCatalogProduct[] = [];
  for (let page = 1; page <= MAX_CATALOG_PAGES; page += 1) {
    const response = await client.get<BcProductsPage>('/v3/catalog/products', {
      include: 'variants',
      include_fields: 'name,sku,type',
      limit: CATALOG_PAGE_SIZE,
      page,
    });
    const data = response?.data ?? [];
    products.push(...data);
    const totalPages = response?.meta?.pagination?.total_pages ?? page;
    if (data.length < CATALOG_PAGE_SIZE || page >= totalPages) return { skus: catalogSkus(products), truncated: false };
  }
  return { skus: catalogSkus(products), truncated: true };
}

/** Products → SKU rows (pure): one row per variant of a product with options, else one for the product. */
export function catalogSkus(products: readonly BcCatalogProduct[]): CatalogSku[] {
  const rows: CatalogSku[] = [];
  const seen = new Set<string>();
  const push = (row: Omit<CatalogSku, 'itemKey'>) => {
    const key = itemMapKey({ sku: row.sku, name: row.productName });
    if (seen.has(key) || (!row.sku && !row.productName)) return;
    seen.add(key);
    rows.push({ itemKey: key, ...row });
  };
  for (const product of products) {
    const productName = product.name?.trim() ?? '';
    const type = product.type === 'digital' ? 'digital' : 'physical';
    const withOptions = (product.variants ?? []).filter((variant) => (variant.option_values ?? []).length > 0);
    if (withOptions.length === 0) {
      const base = product.sku?.trim() || product.variants?.[0]?.sku?.trim() || '';
      push({ sku: base, name: productName, productName, productId: product.id, type });
      continue;
    }
    for (const variant of withOptions) {
      const labels = (variant.option_values ?? []).map((value) => value.label?.trim()).filter(Boolean);
      push({
        sku: variant.sku?.trim() ?? '',
        name: labels.length ? `${productName} (${labels.join(', ')})` : productName,
        productName,
        productId: product.id,
        variantId: variant.id,
        type,
      });
    }
  }
  return rows;
}

/** Unit tests of the catalog → SKU rows shaping and the paged catalog read (real client, scripted fetch). */
import { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { CATALOG_PAGE_SIZE, MAX_CATALOG_PAGES, catalogSkus, readCatalogSkus, type BcCatalogProduct } from './catalog-skus';

const towel: BcCatalogProduct = {
  id: 112,
  name: 'Fog Linen Chambray Towel',
  sku: 'FLCT',
  type: 'physical',
  variants: [
    { id: 501, sku: 'FLCT-BEI-S', option_values: [{ label: 'Beige', option_display_name: 'Color' }, { label: 'S', option_display_name: 'Size' }] },
    { id: 502, sku: 'FLCT-GRE-S', option_values: [{ label: 'Grey' }, { label: 'S' }] },
  ],
};

describe('catalogSkus', () => {
  it('gives a simple product one row, and a product with options one row per variant', () => {
    const rows = catalogSkus([
      { id: 111, name: 'Orbit Terrarium', sku: 'OTL', type: 'physical', variants: [{ id: 500, sku: 'OTL', option_values: [] }] },
      towel,
      { id: 115, name: 'Brewing Guide', sku: '', type: 'digital', variants: [{ id: 510, sku: '', option_values: [] }] },
    ]);
    expect(rows).toEqual([
      { itemKey: 'sku:otl', sku: 'OTL', name: 'Orbit Terrarium', productName: 'Orbit Terrarium', productId: 111, type: 'physical' },
      { itemKey: 'sku:flct-bei-s', sku: 'FLCT-BEI-S', name: 'Fog Linen Chambray Towel (Beige, S)', productName: 'Fog Linen Chambray Towel', productId: 112, variantId: 501, type: 'physical' },
      { itemKey: 'sku:flct-gre-s', sku: 'FLCT-GRE-S', name: 'Fog Linen Chambray Towel (Grey, S)', productName: 'Fog Linen Chambray Towel', productId: 112, variantId: 502, type: 'physical' },
      // No SKU: keyed by name, as the sync keys such order lines.
      { itemKey: 'name:brewing guide', sku: '', name: 'Brewing Guide', productName: 'Brewing Guide', productId: 115, type: 'digital' },
    ]);
  });

  it('keeps the first of duplicate keys', () => {
    expect(catalogSkus([{ id: 1, name: 'A', sku: 'X' }, { id: 2, name: 'B', sku: 'x' }]).map((row) => row.productId)).toEqual([1]);
  });
});

describe('readCatalogSkus', () => {
  function catalogOf(count: number) {
    const requested: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      requested.push(url.search);
      const page = Number(url.searchParams.get('page'));
      const limit = Number(url.searchParams.get('limit'));
      const ids = Array.from({ length: Math.max(0, Math.min(limit, count - (page - 1) * limit)) }, (_, index) => (page - 1) * limit + index + 1);
      const body = { data: ids.map((id) => ({ id, name: `P${id}`, sku: `SKU-${id}` })), meta: { pagination: { total_pages: Math.ceil(count / limit) } } };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    return { client: new BigCommerceClient({ apiUrl: 'https://api.test', storeHash: 'abc', accessToken: 't', fetchImpl }), requested };
  }

  it('reads 250 products with their variants per call until the last page', async () => {
    const { client, requested } = catalogOf(600);
    const { skus, truncated } = await readCatalogSkus(client);
    expect(skus).toHaveLength(600);
    expect(truncated).toBe(false);
    expect(requested).toHaveLength(3);
    expect(requested[0]).toBe(`?include=variants&include_fields=name%2Csku%2Ctype&limit=${CATALOG_PAGE_SIZE}&page=1`);
  });

  it('stops after MAX_CATALOG_PAGES calls and says the list is truncated', async () => {
    const { client, requested } = catalogOf(CATALOG_PAGE_SIZE * MAX_CATALOG_PAGES + 1);
    const { skus, truncated } = await readCatalogSkus(client);
    expect(requested).toHaveLength(MAX_CATALOG_PAGES);
    expect(skus).toHaveLength(CATALOG_PAGE_SIZE * MAX_CATALOG_PAGES);
    expect(truncated).toBe(true);
  });
});

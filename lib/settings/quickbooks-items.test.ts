/** Unit tests of the QuickBooks item lookups: matching rules, batching (never one call per SKU), pickers. */
import { QuickBooksQuery, type BatchItem, type BatchItemResult } from '@/lib/quickbooks/quickbooks-client';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import type { CatalogSku } from './catalog-skus';
import { matchQuickBooksItem } from '@/lib/sync/item-resolver';
import { findItems, itemChoices } from './quickbooks-items';

const item = (Id: string, Name: string, extra: Partial<Item> = {}): Item => ({ Id, Name, SyncToken: '0', Type: 'NonInventory', Active: true, ...extra }) as Item;
const row = (sku: string, name: string): CatalogSku => ({ itemKey: `sku:${sku.toLowerCase()}`, sku, name, productName: name, productId: 1, type: 'physical' });

describe('matchQuickBooksItem', () => {
  const known = [
    item('9', 'Mug', { Sku: 'MUG-9' }),
    item('3', 'Blue Mug'),
    item('4', 'Blue Mug', { Sku: 'OTHER' }),
    item('5', 'Teapot', { Sku: 'TEA-1', Active: false }),
    item('6', 'Kettle', { Sku: 'KET-1', Type: 'Category' }),
    item('2', 'Mug', { Sku: 'mug-9' }),
  ];

  it('matches by SKU first (oldest item wins), case and spacing aside', () => {
    expect(matchQuickBooksItem({ sku: ' MUG-9 ', name: 'Anything' }, known)).toEqual({ item: known[5], by: 'SKU' });
  });

  it('then by name, skipping items that carry another SKU', () => {
    expect(matchQuickBooksItem({ sku: 'BM-1', name: 'blue  mug' }, known)).toEqual({ item: known[1], by: 'name' });
  });

  it('never matches inactive items or categories', () => {
    expect(matchQuickBooksItem({ sku: 'TEA-1', name: 'Teapot' }, known)).toBeUndefined();
    expect(matchQuickBooksItem({ sku: 'KET-1', name: 'Kettle' }, known)).toBeUndefined();
  });
});

describe('findItems', () => {
  function fakeClient() {
    const calls: Array<{ kind: 'query' | 'batch'; queries: string[] }> = [];
    return {
      calls,
      client: {
        query: async <T>(sql: QuickBooksQuery): Promise<T[]> => {
          calls.push({ kind: 'query', queries: [sql.text] });
          return [item('1', 'Mug', { Sku: 'MUG' })] as T[];
        },
        batch: async (items: readonly BatchItem[]): Promise<BatchItemResult[]> => {
          calls.push({ kind: 'batch', queries: items.map((entry) => (entry.operation === 'query' ? entry.query.text : '')) });
          return items.map((entry, index) => ({ bId: entry.bId, ok: true, rows: [{ Id: String(index), Name: `Row ${index}`, Type: 'Service' }] }));
        },
      },
    };
  }

  it('looks 1000 SKUs up in one batch request of 20 queries (100 SKUs or names each)', async () => {
    const { client, calls } = fakeClient();
    const rows = Array.from({ length: 1000 }, (_, index) => row(`SKU-${index}`, `Product ${index}`));
    const found = await findItems(client, rows);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.kind).toBe('batch');
    expect(calls[0]!.queries).toHaveLength(20);
    expect(calls[0]!.queries[0]).toMatch(/^SELECT \* FROM Item WHERE Sku IN \('SKU-0', 'SKU-1', .*'SKU-99'\) MAXRESULTS 1000$/);
    expect(calls[0]!.queries[10]).toMatch(/^SELECT \* FROM Item WHERE Name IN \('Product 0'/);
    expect(found).toHaveLength(20);
  });

  it('uses one plain query when one is enough, and none for nothing', async () => {
    const { client, calls } = fakeClient();
    await findItems(client, [row('', 'Only a name')]);
    expect(calls).toEqual([{ kind: 'query', queries: ["SELECT * FROM Item WHERE Name IN ('Only a name') MAXRESULTS 1000"] }]);
    expect(await findItems(client, [])).toEqual([]);
  });

  it('quotes SKUs and names safely', async () => {
    const { client, calls } = fakeClient();
    await findItems(client, [row("O'Brien", "O'Brien's Mug")]);
    expect(calls[0]!.queries[0]).toBe("SELECT * FROM Item WHERE Sku IN ('O\\'Brien') MAXRESULTS 1000");
  });
});

describe('itemChoices', () => {
  it('keeps distinct sellable items by name, at most 25', () => {
    const rows = [item('2', 'b'), item('1', 'a', { Sku: 'A' }), item('1', 'a'), item('3', 'c', { Type: 'Category' }), ...Array.from({ length: 30 }, (_, i) => item(`${10 + i}`, `z${i}`))];
    const choices = itemChoices(rows);
    expect(choices).toHaveLength(25);
    expect(choices.slice(0, 2)).toEqual([
      { id: '1', name: 'a', sku: 'A', type: 'NonInventory', active: true },
      { id: '2', name: 'b', type: 'NonInventory', active: true },
    ]);
  });
});

/**
 * Unit tests of the item map use cases on fakes: listing (join, filter, search, page, unmapped count),
 * auto-match, create (skip mapped, adopt an item with the SKU, unique names, 30 per batch, 6240 retry) and
 * the request shapes.
 */
import { Timestamp } from 'firebase-admin/firestore';
import type { ItemMapEntry, ItemMapInput } from '@/lib/firestore/sync-maps-repository';
import { HttpError } from '@/lib/http/api-route';
import type { BatchItem, BatchItemResult, QuickBooksClient, QuickBooksCreateOptions } from '@/lib/quickbooks/quickbooks-client';
import { QuickBooksDuplicateNameError } from '@/lib/quickbooks/quickbooks-errors';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import type { CatalogSku } from './catalog-skus';
import { newItemPayload } from '@/lib/sync/item-resolver';
import { autoMatch, chooseIncomeAccount, createForSkus, ItemAction, ItemListQuery, pageOfMappings } from './item-mappings';
import { ACCOUNTS, account, companyLists } from './settings-test-fixtures';

const row = (sku: string, name: string, extra: Partial<CatalogSku> = {}): CatalogSku => ({
  itemKey: sku ? `sku:${sku.toLowerCase()}` : `name:${name.toLowerCase()}`,
  sku,
  name,
  productName: name,
  productId: 1,
  type: 'physical',
  ...extra,
});

const entry = (itemKey: string, qboItemId: string, name: string): ItemMapEntry => ({
  itemKey,
  sku: itemKey.slice(4),
  productName: name,
  qboItemId,
  name,
  source: 'matched',
  updatedAt: Timestamp.fromMillis(Date.UTC(2026, 0, 2)),
});

class MemoryMaps {
  readonly entries = new Map<string, ItemMapEntry>();
  async getItems(_storeHash: string, keys: readonly string[]) {
    return new Map(keys.filter((key) => this.entries.has(key)).map((key) => [key, this.entries.get(key)!]));
  }
  async setItems(_storeHash: string, inputs: readonly ItemMapInput[]) {
    for (const input of inputs) this.entries.set(input.itemKey, { ...input, updatedAt: Timestamp.now() });
  }
}

describe('pageOfMappings', () => {
  const skus = [row('OTL', 'Orbit Terrarium'), row('ABS', 'Able Brewing System'), row('CC3C', 'Chemex 3 Cup'), row('', 'Gift wrap service')];
  const entries = new Map([['sku:abs', entry('sku:abs', '31', 'Able Brewer')]]);
  const query = (patch: Partial<ItemListQuery>) => ItemListQuery.parse(patch);

  it('joins mappings, counts the unmapped and pages', () => {
    const page = pageOfMappings(skus, entries, query({ limit: 2, page: 2 }));
    expect(page).toMatchObject({ page: 2, limit: 2, total: 4, catalogTotal: 4, mappedCount: 1, unmappedCount: 3, truncated: false });
    expect(page.items.map((r) => r.sku)).toEqual(['CC3C', '']);
    const first = pageOfMappings(skus, entries, query({}));
    expect(first.items[1]!.mapping).toEqual({ itemId: '31', itemName: 'Able Brewer', source: 'matched', updatedAt: '2026-01-02T00:00:00.000Z' });
  });

  it('filters and searches SKU, name and the mapped item’s name', () => {
    expect(pageOfMappings(skus, entries, query({ filter: 'unmapped' })).items.map((r) => r.sku)).toEqual(['OTL', 'CC3C', '']);
    expect(pageOfMappings(skus, entries, query({ filter: 'mapped' })).items.map((r) => r.sku)).toEqual(['ABS']);
    expect(pageOfMappings(skus, entries, query({ search: 'chemex' })).items.map((r) => r.sku)).toEqual(['CC3C']);
    expect(pageOfMappings(skus, entries, query({ search: 'brewer' })).items.map((r) => r.sku)).toEqual(['ABS']);
    expect(pageOfMappings(skus, entries, query({ search: 'otl' })).total).toBe(1);
  });
});

describe('request shapes', () => {
  it('parses list queries from strings and refuses the rest', () => {
    expect(ItemListQuery.parse({ page: '3', limit: '50', filter: 'unmapped', search: ' mug ' })).toEqual({ page: 3, limit: 50, filter: 'unmapped', search: 'mug' });
    for (const bad of [{ page: '0' }, { page: 'x' }, { limit: '500' }, { filter: 'odd' }, { page: ['1', '2'] }, { sort: 'name' }]) {
      expect(ItemListQuery.safeParse(bad).success).toBe(false);
    }
  });

  it('knows the four actions', () => {
    expect(ItemAction.parse({ action: 'auto-match' })).toEqual({ action: 'auto-match' });
    expect(ItemAction.parse({ action: 'map', sku: 'OTL', itemId: '31' })).toEqual({ action: 'map', sku: 'OTL', itemId: '31' });
    expect(ItemAction.parse({ action: 'create', skus: ['OTL'], incomeAccountId: '1' }).action).toBe('create');
    expect(ItemAction.parse({ action: 'unmap', sku: 'OTL' }).action).toBe('unmap');
    for (const bad of [{}, { action: 'delete' }, { action: 'map', sku: 'OTL' }, { action: 'map', sku: 'OTL', itemId: "1' OR 1=1" }, { action: 'create', skus: [] }, { action: 'create', skus: Array(101).fill('X') }, { action: 'unmap', sku: 'A', extra: 1 }]) {
      expect(ItemAction.safeParse(bad).success).toBe(false);
    }
  });
});

describe('chooseIncomeAccount', () => {
  it('takes the chosen account when it is an active income account', () => {
    expect(chooseIncomeAccount(companyLists(), ACCOUNTS.otherIncome)).toBe(ACCOUNTS.otherIncome);
  });

  it('refuses an inactive, missing or non-income account with a 422', () => {
    for (const [id, text] of [
      [ACCOUNTS.oldIncome, /inactive/],
      ['999', /no longer exists/],
      [ACCOUNTS.checking, /not an income account/],
    ] as const) {
      const failure = (() => {
        try {
          chooseIncomeAccount(companyLists(), id);
        } catch (error) {
          return error;
        }
      })();
      expect(failure).toBeInstanceOf(HttpError);
      expect((failure as HttpError).status).toBe(422);
      expect((failure as HttpError).message).toMatch(text);
    }
  });

  it('falls back to the sales income account, then any active income account', () => {
    expect(chooseIncomeAccount(companyLists(), undefined)).toBe(ACCOUNTS.sales);
    expect(chooseIncomeAccount({ accounts: [account('70', 'Service revenue', 'Income')] }, undefined)).toBe('70');
    expect(() => chooseIncomeAccount({ accounts: [account('3', 'Checking', 'Bank')] }, undefined)).toThrow(/no active income account/);
  });
});

describe('newItemPayload', () => {
  it('names the item after the product (and options), keeps the SKU, and picks the type', () => {
    expect(newItemPayload(row('FLCT-BEI-S', 'Towel (Beige, S)'), '1', new Set(), false)).toEqual({
      Name: 'Towel (Beige, S)',
      Sku: 'FLCT-BEI-S',
      Type: 'NonInventory',
      IncomeAccountRef: { value: '1' },
      Description: 'Towel (Beige, S)',
    });
    expect(newItemPayload(row('DBG', 'Guide', { type: 'digital' }), '1', new Set(), false).Type).toBe('Service');
  });

  it('adds the SKU when the name is taken, and keeps QuickBooks’ name rules', () => {
    expect(newItemPayload(row('M-2', 'Mug'), '1', new Set(['mug']), false).Name).toBe('Mug (M-2)');
    expect(newItemPayload(row('M-2', 'Mug: blue'), '1', new Set(), false).Name).toBe('Mug - blue');
    const long = newItemPayload(row('LONG-SKU', 'x'.repeat(150)), '1', new Set(), true).Name;
    expect(long).toHaveLength(100);
    expect(long.endsWith(' (LONG-SKU)')).toBe(true);
  });
});

/** A QuickBooks client fake: finds `existing` by SKU/name queries, creates items, can refuse names (6240). */
function fakeQuickBooks(existing: Item[], takenNames: string[] = []) {
  const calls: string[] = [];
  let nextId = 500;
  const make = (payload: Record<string, unknown>): Item | QuickBooksDuplicateNameError => {
    if (takenNames.includes(String(payload.Name))) return new QuickBooksDuplicateNameError({ detail: 'Duplicate Name Exists Error', code: '6240', operation: 'create Item' });
    return { ...(payload as object), Id: String(nextId++), SyncToken: '0', Active: true } as Item;
  };
  const client = {
    realmId: '9341',
    query: async <T>(): Promise<T[]> => {
      calls.push('query');
      return existing as T[];
    },
    create: async <T>(_entity: string, payload: Record<string, unknown>, options?: QuickBooksCreateOptions): Promise<T> => {
      calls.push(`create ${String(options?.requestId)}`);
      const made = make(payload);
      if (made instanceof Error) throw made;
      return made as T;
    },
    batch: async (items: readonly BatchItem[]): Promise<BatchItemResult[]> => {
      calls.push(`batch ${items.length} ${items[0]?.operation}`);
      return items.map((entry): BatchItemResult => {
        if (entry.operation === 'query') return { bId: entry.bId, ok: true, rows: existing as unknown as Array<Record<string, unknown>> };
        const made = make(entry.payload as Record<string, unknown>);
        return made instanceof QuickBooksDuplicateNameError ? { bId: entry.bId, ok: false, error: made } : { bId: entry.bId, ok: true, value: made as unknown as Record<string, unknown> };
      });
    },
  };
  return { client: client as unknown as QuickBooksClient, calls };
}

describe('autoMatch', () => {
  it('maps by SKU, then by name, in one lookup, and records how', async () => {
    const { client, calls } = fakeQuickBooks([
      { Id: '31', Name: 'Terrarium', Sku: 'OTL', SyncToken: '0', Type: 'NonInventory' } as Item,
      { Id: '32', Name: 'Able Brewing System', SyncToken: '0', Type: 'Service' } as Item,
    ]);
    const maps = new MemoryMaps();
    const result = await autoMatch(client, maps, 'store', [row('OTL', 'Orbit Terrarium'), row('ABS', 'Able Brewing System'), row('CC3C', 'Chemex')]);
    expect(calls).toEqual(['batch 2 query']);
    expect(result.matched.map((m) => [m.sku, m.itemId, m.reason])).toEqual([
      ['OTL', '31', 'by SKU'],
      ['ABS', '32', 'by name'],
    ]);
    expect(result.unmatched.map((m) => m.sku)).toEqual(['CC3C']);
    expect(maps.entries.get('sku:otl')).toMatchObject({ qboItemId: '31', source: 'matched', sku: 'OTL' });
  });
});

describe('createForSkus', () => {
  const catalog = [row('OTL', 'Orbit Terrarium'), row('ABS', 'Able Brewing System'), row('CC3C', 'Mug'), row('DBG', 'Guide', { type: 'digital' })];

  it('skips mapped and unknown SKUs, adopts an item with the SKU, creates the rest in one batch', async () => {
    const { client, calls } = fakeQuickBooks([
      { Id: '31', Name: 'Terrarium', Sku: 'OTL', SyncToken: '0', Type: 'NonInventory' } as Item,
      { Id: '40', Name: 'Mug', SyncToken: '0', Type: 'NonInventory' } as Item,
    ]);
    const maps = new MemoryMaps();
    maps.entries.set('sku:abs', entry('sku:abs', '33', 'Able'));
    const result = await createForSkus(client, maps, 'store', catalog, ['OTL', 'ABS', 'CC3C', 'DBG', 'NOPE', 'cc3c'], ACCOUNTS.sales);
    expect(result.skipped.map((s) => [s.sku, s.reason])).toEqual([
      ['NOPE', 'This SKU is not in the BigCommerce catalog.'],
      ['ABS', 'Already mapped.'],
    ]);
    expect(result.matched.map((m) => [m.sku, m.itemId])).toEqual([['OTL', '31']]);
    // "Mug" is taken by another item without this SKU: the new one gets the SKU in its name.
    expect(result.created.map((c) => [c.sku, c.itemName])).toEqual([
      ['CC3C', 'Mug (CC3C)'],
      ['DBG', 'Guide'],
    ]);
    expect(calls).toEqual(['batch 2 query', 'batch 2 create']);
    expect(maps.entries.get('sku:cc3c')).toMatchObject({ source: 'created', qboItemId: result.created[0]!.itemId });
    expect(maps.entries.get('sku:otl')).toMatchObject({ source: 'matched', qboItemId: '31' });
  });

  it('retries a name QuickBooks refuses once with the SKU, and reports a second refusal', async () => {
    const { client, calls } = fakeQuickBooks([], ['Orbit Terrarium', 'Able Brewing System', 'Able Brewing System (ABS)']);
    const maps = new MemoryMaps();
    const result = await createForSkus(client, maps, 'store', catalog, ['OTL', 'ABS'], ACCOUNTS.sales);
    expect(result.created.map((c) => c.itemName)).toEqual(['Orbit Terrarium (OTL)']);
    expect(result.skipped.map((s) => s.sku)).toEqual(['ABS']);
    expect(result.skipped[0]!.reason).toMatch(/map this SKU to an item instead/);
    expect(calls.filter((call) => call.startsWith('create'))).toHaveLength(2);
    expect(calls.filter((call) => call.startsWith('create')).every((call) => /^create skus-[0-9a-f]{31}$/.test(call))).toBe(true);
  });

  it('creates 30 items per batch request', async () => {
    const many = Array.from({ length: 65 }, (_, index) => row(`S-${index}`, `Product ${index}`));
    const { client, calls } = fakeQuickBooks([]);
    const result = await createForSkus(client, new MemoryMaps(), 'store', many, many.map((r) => r.sku), ACCOUNTS.sales);
    expect(result.created).toHaveLength(65);
    expect(calls).toEqual(['batch 2 query', 'batch 30 create', 'batch 30 create', 'batch 5 create']);
  });
});

import type { BatchItem, QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import { itemIdsOf, itemNamesFor, PreviewOrderIdSchema } from './order-preview';

describe('PreviewOrderIdSchema', () => {
  it('takes an order number from the path', () => {
    expect(PreviewOrderIdSchema.parse('100')).toBe(100);
    expect(PreviewOrderIdSchema.parse('000123')).toBe(123);
  });

  it.each(['0', '000', '-1', '1.5', '1e5', 'abc', '', '1234567890123456'])('refuses %j (order 0 used to reach the reader and answer 500)', (value) => {
    expect(PreviewOrderIdSchema.safeParse(value).success).toBe(false);
  });

  it('refuses a repeated parameter', () => {
    expect(PreviewOrderIdSchema.safeParse(['1', '2']).success).toBe(false);
  });
});

describe('itemIdsOf', () => {
  it('lists each item id of the sales lines once, leaving out the company shipping line', () => {
    const document = {
      Line: [
        { DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '31' } } },
        { DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '32' } } },
        { DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '31' } } },
        { DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: 'SHIPPING_ITEM_ID' } } },
        { DetailType: 'DiscountLineDetail', DiscountLineDetail: { PercentBased: false } },
        { DetailType: 'SubTotalLineDetail' },
      ],
    };
    expect(itemIdsOf(document)).toEqual(['31', '32']);
    expect(itemIdsOf({})).toEqual([]);
  });
});

describe('itemNamesFor', () => {
  /** A QuickBooks client holding items 1…n, counting the calls it gets. */
  function fakeQuickBooks(count: number) {
    const names = new Map(Array.from({ length: count }, (_, index) => [String(index + 1), `Item ${index + 1}`]));
    const calls = { query: 0, batch: 0, queries: [] as string[] };
    const rowsFor = (text: string) => {
      const ids = [...text.matchAll(/'(\d+)'/g)].map((match) => match[1]!);
      return ids.filter((id) => names.has(id)).map((id) => ({ Id: id, Name: names.get(id)!, SyncToken: '0' }));
    };
    const qbo = {
      query: jest.fn(async (query: { text: string }) => {
        calls.query += 1;
        calls.queries.push(query.text);
        return rowsFor(query.text);
      }),
      batch: jest.fn(async (items: readonly BatchItem[]) => {
        calls.batch += 1;
        return items.map((item) => {
          if (item.operation !== 'query') throw new Error('queries only');
          calls.queries.push(item.query.text);
          return { bId: item.bId, ok: true as const, rows: rowsFor(item.query.text) };
        });
      }),
    } as unknown as Pick<QuickBooksClient, 'query' | 'batch'>;
    return { qbo, calls };
  }

  it('uses the names the run already knows and asks QuickBooks nothing', async () => {
    const { qbo, calls } = fakeQuickBooks(3);
    expect(await itemNamesFor(qbo, ['1', '2'], new Map([['1', 'Mug'], ['2', 'Towel']]))).toEqual({ '1': 'Mug', '2': 'Towel' });
    expect(calls).toMatchObject({ query: 0, batch: 0 });
  });

  it('reads the others in one query for all of them, not one per item', async () => {
    const { qbo, calls } = fakeQuickBooks(5);
    expect(await itemNamesFor(qbo, ['1', '3', '4', '5'], new Map([['1', 'Mug']]))).toEqual({ '1': 'Mug', '3': 'Item 3', '4': 'Item 4', '5': 'Item 5' });
    expect(calls).toMatchObject({ query: 1, batch: 0 });
    expect(calls.queries).toEqual(["SELECT * FROM Item WHERE Id IN ('3', '4', '5') MAXRESULTS 1000"]);
  });

  it('sends more than 100 ids as one /batch request of IN lists', async () => {
    const { qbo, calls } = fakeQuickBooks(250);
    const ids = Array.from({ length: 250 }, (_, index) => String(index + 1));
    const names = await itemNamesFor(qbo, ids, new Map());
    expect(Object.keys(names)).toHaveLength(250);
    expect(names['250']).toBe('Item 250');
    expect(calls).toMatchObject({ query: 0, batch: 1 });
    expect(calls.queries).toHaveLength(3);
  });

  it('leaves ids QuickBooks does not know, or could not be asked about, unnamed', async () => {
    const { qbo } = fakeQuickBooks(1);
    expect(await itemNamesFor(qbo, ['1', '99'], new Map())).toEqual({ '1': 'Item 1' });
    const failing = { query: jest.fn().mockRejectedValue(new Error('QuickBooks timed out')), batch: jest.fn() } as unknown as Pick<QuickBooksClient, 'query' | 'batch'>;
    expect(await itemNamesFor(failing, ['7', '8'], new Map([['8', 'Known']]))).toEqual({ '8': 'Known' });
  });
});

import { QboFault } from './intuit-faults';
import type { JsonObject } from './json';
import { executeQuery, parseQuery, tokenize, type QueryTarget } from './query-language';

const rows: JsonObject[] = [
  { Id: '1', DisplayName: "Jane O'Brien", Active: true, Balance: 10, PrimaryEmailAddr: { Address: 'jane@example.com' }, MetaData: { LastUpdatedTime: '2026-03-01T10:00:00+00:00' } },
  { Id: '2', DisplayName: 'Bob Smith', Active: true, Balance: 2.5, PrimaryEmailAddr: { Address: 'bob@shop.test' }, MetaData: { LastUpdatedTime: '2026-03-02T10:00:00+00:00' } },
  { Id: '10', DisplayName: 'Carol Jones', Active: false, Balance: 0, MetaData: { LastUpdatedTime: '2026-03-03T10:00:00-08:00' } },
  { Id: '3', DisplayName: 'alice archer', Active: true, Balance: 99, CurrencyRef: { value: 'USD' }, MetaData: { LastUpdatedTime: '2026-03-04T00:00:00+00:00' } },
];

const known = new Map([['id', 'Id'], ['displayname', 'DisplayName'], ['active', 'Active'], ['balance', 'Balance'], ['primaryemailaddr', 'PrimaryEmailAddr'], ['metadata', 'MetaData'], ['currencyref', 'CurrencyRef']]);
const target: QueryTarget = {
  entity: 'Customer',
  rows,
  hasActive: true,
  resolveProperty: (dotted) => {
    const [head, ...tail] = dotted.split('.');
    const canonical = known.get((head ?? '').toLowerCase());
    if (!canonical) return null;
    if (canonical === 'MetaData' && tail.length === 1 && tail[0]?.toLowerCase() === 'lastupdatedtime') return ['MetaData', 'LastUpdatedTime'];
    return tail.length ? null : [canonical];
  },
  notQueryable: new Set(['Balance.Nope']),
};

const ids = (text: string) => executeQuery(parseQuery(text), target).rows.map((r) => r.Id);

function faultCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof QboFault) return error.errors[0]?.code;
    throw error;
  }
  return undefined;
}

describe('query language parser', () => {
  it('parses the full grammar with case-insensitive keywords', () => {
    expect(parseQuery("select * from customer where DisplayName LIKE '%o%' and Active = true orderby Balance desc, Id startposition 2 maxresults 5")).toEqual({
      count: false,
      entity: 'customer',
      where: [
        { property: 'DisplayName', op: 'LIKE', values: ['%o%'] },
        { property: 'Active', op: '=', values: [true] },
      ],
      orderBy: [{ property: 'Balance', descending: true }, { property: 'Id', descending: false }],
      startPosition: 2,
      maxResults: 5,
    });
    expect(parseQuery('SELECT COUNT(*) FROM Invoice').count).toBe(true);
    expect(parseQuery("SELECT * FROM Item WHERE Id IN ('1', '2',3)").where[0]).toEqual({ property: 'Id', op: 'IN', values: ['1', '2', 3] });
    expect(parseQuery("select * from Invoice where MetaData.LastUpdatedTime >= '2026-01-01' ORDER BY TxnDate").orderBy).toEqual([{ property: 'TxnDate', descending: false }]);
  });

  it('unescapes backslash escapes in strings (what node-quickbooks sends)', () => {
    const tokens = tokenize("'O\\'Brien \\\\ x'");
    expect(tokens[0]).toMatchObject({ t: 'string', v: "O'Brien \\ x" });
  });

  it('rejects malformed queries with 4000', () => {
    expect(faultCode(() => parseQuery('SELECT FROM Customer'))).toBe('4000');
    expect(faultCode(() => parseQuery("SELECT * FROM Customer WHERE DisplayName = 'x' OR Id = '1'"))).toBe('4000');
    expect(faultCode(() => parseQuery("SELECT * FROM Customer WHERE DisplayName = 'unterminated"))).toBe('4000');
    expect(faultCode(() => parseQuery('SELECT Id FROM Customer'))).toBe('4000');
    expect(faultCode(() => parseQuery('SELECT * FROM Customer WHERE Balance != 3'))).toBe('4000');
    expect(faultCode(() => parseQuery('SELECT * FROM Customer MAXRESULTS -1'))).toBe('4000');
  });
});

describe('query execution', () => {
  it('filters with = (case-insensitive), LIKE, IN and comparisons; hides inactive rows unless Active is filtered', () => {
    expect(ids("SELECT * FROM Customer WHERE DisplayName = 'BOB SMITH'")).toEqual(['2']);
    expect(ids("SELECT * FROM Customer WHERE DisplayName = 'Jane O\\'Brien'")).toEqual(['1']);
    expect(ids("SELECT * FROM Customer WHERE DisplayName LIKE '%o%'")).toEqual(['1', '2']);
    expect(ids("SELECT * FROM Customer WHERE DisplayName LIKE 'a%'")).toEqual(['3']);
    expect(ids("SELECT * FROM Customer WHERE Id IN ('1', '10', '3')")).toEqual(['1', '3']);
    expect(ids('SELECT * FROM Customer WHERE Active IN (true, false)')).toEqual(['1', '2', '10', '3']);
    expect(ids('SELECT * FROM Customer WHERE Active = false')).toEqual(['10']);
    expect(ids('SELECT * FROM Customer WHERE Balance > 2.5')).toEqual(['1', '3']);
    expect(ids('SELECT * FROM Customer WHERE Balance >= 2.5 AND Balance < 50')).toEqual(['1', '2']);
    expect(ids("SELECT * FROM Customer WHERE PrimaryEmailAddr LIKE '%@example.com'")).toEqual(['1']);
    expect(ids("SELECT * FROM Customer WHERE CurrencyRef = 'USD'")).toEqual(['3']);
  });

  it('compares datetimes with offsets as instants', () => {
    // 2026-03-03T10:00:00-08:00 is 18:00 UTC, after 2026-03-03T12:00:00Z (Active filter includes the inactive row).
    expect(ids("SELECT * FROM Customer WHERE MetaData.LastUpdatedTime > '2026-03-03T12:00:00Z' AND Active IN (true,false)")).toEqual(['10', '3']);
    expect(ids("SELECT * FROM Customer WHERE metadata.lastupdatedtime <= '2026-03-01T10:00:00+00:00'")).toEqual(['1']);
  });

  it('orders (numeric ids numerically), pages from a 1-based STARTPOSITION and counts', () => {
    expect(ids('SELECT * FROM Customer ORDERBY Id')).toEqual(['1', '2', '3']);
    expect(ids('SELECT * FROM Customer WHERE Active IN (true,false) ORDERBY Id DESC')).toEqual(['10', '3', '2', '1']);
    expect(ids('SELECT * FROM Customer ORDERBY DisplayName')).toEqual(['3', '2', '1']);
    expect(ids('SELECT * FROM Customer ORDERBY Balance DESC STARTPOSITION 2 MAXRESULTS 1')).toEqual(['1']);
    const page = executeQuery(parseQuery('SELECT * FROM Customer STARTPOSITION 3 MAXRESULTS 10'), target);
    expect(page).toMatchObject({ startPosition: 3, maxResults: 1, totalCount: 3 });
    expect(executeQuery(parseQuery("SELECT COUNT(*) FROM Customer WHERE DisplayName LIKE '%o%'"), target)).toMatchObject({ count: true, totalCount: 2 });
  });

  it('rejects unknown properties with 4001', () => {
    expect(faultCode(() => ids("SELECT * FROM Customer WHERE Nickname = 'x'"))).toBe('4001');
    expect(faultCode(() => ids('SELECT * FROM Customer ORDERBY Shoe'))).toBe('4001');
  });
});

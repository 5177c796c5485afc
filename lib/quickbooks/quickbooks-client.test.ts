/**
 * Runs the real node-quickbooks (and its axios) over real HTTP against a tiny loopback stub that answers like
 * Intuit. Independent of the full sandbox under sandboxes/quickbooks/.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  MAX_BATCH_ITEMS,
  QuickBooksClient,
  configureQuickBooksEndpoints,
  qboQuote,
  qboSql,
  type AccessTokenSource,
  type BatchItem,
  type QuickBooksCallEvent,
  type QuickBooksQuery,
  type QuickBooksVoidableEntity,
} from './quickbooks-client';
import {
  QuickBooksAuthError,
  QuickBooksDuplicateNameError,
  QuickBooksError,
  QuickBooksStaleObjectError,
  QuickBooksThrottledError,
  QuickBooksTransientError,
  QuickBooksValidationError,
} from './quickbooks-errors';
import type { Customer, Invoice, Preferences } from './quickbooks-types';
import { RealmRateLimiter } from './realm-rate-limiter';

const REALM = '9130350000000001';
const FIRST_TOKEN = 'eyJhbGciOiJkaXIifQ..FIRST-access-token-secret-aaaaaaaaaaaa';
const SECOND_TOKEN = 'eyJhbGciOiJkaXIifQ..SECOND-access-token-secret-bbbbbbbbbbb';

interface Recorded {
  method: string;
  url: URL;
  authorization: string | undefined;
  body: unknown;
  closedWithoutAnswer: boolean;
}
type Reply = { status?: number; headers?: Record<string, string>; json?: unknown; text?: string } | 'hang';

let server: http.Server;
let baseUrl: string;
let requests: Recorded[] = [];
let replies: Array<(request: Recorded) => Reply> = [];
let tidCounter = 0;
const producedErrors: unknown[] = [];

function reply(...handlers: Array<Reply | ((request: Recorded) => Reply)>) {
  replies = handlers.map((handler) => (typeof handler === 'function' ? handler : () => handler));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://stub'),
        authorization: req.headers.authorization,
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
        closedWithoutAnswer: false,
      };
      requests.push(recorded);
      const handler = replies.shift();
      const answer: Reply = handler ? handler(recorded) : { status: 500, text: 'no reply queued' };
      if (answer === 'hang') {
        res.on('close', () => {
          if (!res.writableEnded) recorded.closedWithoutAnswer = true;
        });
        return;
      }
      tidCounter += 1;
      res.statusCode = answer.status ?? 200;
      res.setHeader('intuit_tid', `tid-${tidCounter}`);
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
      if (answer.json !== undefined) {
        res.setHeader('Content-Type', 'application/json;charset=UTF-8');
        res.end(JSON.stringify(answer.json));
      } else {
        if (answer.text?.startsWith('<')) res.setHeader('Content-Type', 'application/xml');
        res.end(answer.text ?? '');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  configureQuickBooksEndpoints({ apiBaseUrl: baseUrl });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests = [];
  replies = [];
});

afterEach(() => {
  // Every request node-quickbooks sent carried minorversion=75 and went to our realm.
  for (const request of requests) {
    expect(request.url.searchParams.get('minorversion')).toBe('75');
    expect(request.url.pathname.startsWith(`/v3/company/${REALM}/`)).toBe(true);
  }
});

class FakeTokens implements AccessTokenSource {
  calls: Array<{ forceRefresh?: boolean } | undefined> = [];
  private current = FIRST_TOKEN;
  async getAccessToken(options?: { forceRefresh?: boolean }): Promise<string> {
    this.calls.push(options);
    if (options?.forceRefresh) this.current = SECOND_TOKEN;
    return this.current;
  }
}

function newClient(options: { timeoutMs?: number; onCall?: (event: QuickBooksCallEvent) => void; batching?: boolean } = {}) {
  const tokens = new FakeTokens();
  return { tokens, client: new QuickBooksClient({ realmId: REALM, tokens, ...options }) };
}

async function rejection<T extends QuickBooksError>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  producedErrors.push(error);
  expect(error).toBeInstanceOf(type);
  return error as T;
}

const invoiceJson = (extra: Record<string, unknown> = {}) => ({
  Invoice: { Id: '1045', SyncToken: '0', DocNumber: 'BC-100231', TotalAmt: 30.01, Balance: 30.01, Line: [], ...extra },
  time: '2026-03-02T10:00:00.000-08:00',
});
const fault = (code: string, message: string, detail: string, type = 'ValidationFault') => ({
  Fault: { Error: [{ Message: message, Detail: detail, code, element: '' }], type },
  time: '2026-03-02T10:00:00.000-08:00',
});

describe('writes', () => {
  it('creates with requestid and minorversion on the URL, without mutating the caller payload', async () => {
    const { client } = newClient();
    reply({ json: invoiceJson() });
    const payload = { CustomerRef: { value: '58' }, DocNumber: 'BC-100231', Line: [] };
    const invoice = await client.create<Invoice>('Invoice', payload, { requestId: 'bc-store1-100231-inv' });
    expect(invoice).toMatchObject({ Id: '1045', DocNumber: 'BC-100231' });
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe(`/v3/company/${REALM}/invoice`);
    expect(request?.url.searchParams.get('requestid')).toBe('bc-store1-100231-inv');
    expect(request?.authorization).toBe(`Bearer ${FIRST_TOKEN}`);
    expect(request?.body).toEqual(payload);
    expect(payload).toEqual({ CustomerRef: { value: '58' }, DocNumber: 'BC-100231', Line: [] });
  });

  it('can allow duplicate doc numbers and ignores node-quickbooks control keys smuggled into payloads', async () => {
    const { client } = newClient();
    reply({ json: { Customer: { Id: '58', SyncToken: '0', DisplayName: 'Jane' } } });
    await client.create('Customer', { DisplayName: 'Jane', requestId: 'sneaky', void: true }, { allowDuplicateDocNumber: true });
    expect(requests[0]?.url.searchParams.get('requestid')).toBeNull();
    expect(requests[0]?.url.searchParams.get('include')).toBe('allowduplicatedocnum');
    expect(requests[0]?.body).toEqual({ DisplayName: 'Jane' });
  });

  it('updates sparsely by default, with Id, SyncToken and requestid', async () => {
    const { client } = newClient();
    reply({ json: invoiceJson({ SyncToken: '1', PrivateNote: 'x' }) }, { json: invoiceJson({ SyncToken: '2' }) });
    const updated = await client.update<Invoice>('Invoice', { Id: '1045', SyncToken: '0', PrivateNote: 'x' }, { requestId: 'upd-1' });
    expect(updated.SyncToken).toBe('1');
    expect(requests[0]?.url.searchParams.get('operation')).toBe('update');
    expect(requests[0]?.url.searchParams.get('requestid')).toBe('upd-1');
    expect(requests[0]?.body).toEqual({ Id: '1045', SyncToken: '0', PrivateNote: 'x', sparse: true });
    await client.update('Invoice', { Id: '1045', SyncToken: '1', sparse: false, Line: [] });
    expect(requests[1]?.body).toEqual({ Id: '1045', SyncToken: '1', sparse: false, Line: [] });
  });

  it('voids an Invoice with operation=void and SalesReceipt/Payment with a sparse update + include=void', async () => {
    const { client } = newClient();
    reply(
      { json: invoiceJson({ SyncToken: '1', TotalAmt: 0 }) },
      { json: { SalesReceipt: { Id: '77', SyncToken: '3', TotalAmt: 0 } } },
      { json: { Payment: { Id: '88', SyncToken: '1', TotalAmt: 0 } } },
    );
    const invoice = await client.void<Invoice>('Invoice', { Id: '1045', SyncToken: '0' }, { requestId: 'void-inv-1045' });
    expect(invoice.TotalAmt).toBe(0);
    await client.void('SalesReceipt', { Id: '77', SyncToken: '2' }, { requestId: 'void-sr-77' });
    await client.void('Payment', { Id: '88', SyncToken: '0' });
    const [voidInvoice, voidReceipt, voidPayment] = requests;
    expect(voidInvoice?.url.pathname).toBe(`/v3/company/${REALM}/invoice`);
    expect(voidInvoice?.url.searchParams.get('operation')).toBe('void');
    expect(voidInvoice?.url.searchParams.get('requestid')).toBe('void-inv-1045');
    expect(voidInvoice?.body).toEqual({ Id: '1045', SyncToken: '0' });
    expect(voidReceipt?.url.pathname).toBe(`/v3/company/${REALM}/salesreceipt`);
    expect(voidReceipt?.url.searchParams.get('operation')).toBe('update');
    expect(voidReceipt?.url.searchParams.get('include')).toBe('void');
    expect(voidReceipt?.url.searchParams.get('requestid')).toBe('void-sr-77');
    expect(voidReceipt?.body).toEqual({ Id: '77', SyncToken: '2', sparse: true });
    expect(voidPayment?.url.pathname).toBe(`/v3/company/${REALM}/payment`);
    expect(voidPayment?.url.searchParams.get('include')).toBe('void');
    expect(voidPayment?.body).toEqual({ Id: '88', SyncToken: '0', sparse: true });
  });

  it('refuses malformed requests before sending anything', async () => {
    const { client } = newClient();
    const checks: Array<Promise<unknown>> = [
      client.create('Invoice', {}, { requestId: 'x'.repeat(51) }),
      client.create('Invoice', {}, { requestId: 'has space' }),
      client.update('Invoice', { Id: '1', SyncToken: '' }),
      client.void('CreditMemo' as QuickBooksVoidableEntity, { Id: '1', SyncToken: '0' }),
      client.read('Invoice', '../companyinfo/1'),
      client.query({ text: 'SELECT * FROM Customer' } as unknown as QuickBooksQuery),
      client.query(qboSql`SELECT * FROM Vendor`),
      client.query(qboSql`DELETE FROM Customer`),
      client.count(qboSql`SELECT * FROM Customer`),
      client.batch([]),
      client.batch(Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, index) => ({ bId: `q${index}`, operation: 'query' as const, query: qboSql`SELECT * FROM Item` }))),
      client.batch([
        { bId: 'a', operation: 'query', query: qboSql`SELECT * FROM Item` },
        { bId: 'a', operation: 'query', query: qboSql`SELECT * FROM Item` },
      ]),
      client.batch([{ bId: 'longer-than-ten', operation: 'query', query: qboSql`SELECT * FROM Item` }], { requestId: 'batch-1' }),
      client.batch([{ bId: 'a', operation: 'query', query: qboSql`SELECT * FROM Item` }], { requestId: 'r'.repeat(37) }),
    ];
    for (const check of checks) {
      const error = await rejection(check, QuickBooksValidationError);
      expect(error.code).toBe('LOCAL_VALIDATION');
    }
    expect(requests).toHaveLength(0);
    expect(() => new QuickBooksClient({ realmId: REALM, tokens: new FakeTokens(), sandbox: 'false' as unknown as boolean })).toThrow(TypeError);
  });
});

describe('reads and queries', () => {
  it('reads by id, CompanyInfo by realm id, and Preferences', async () => {
    const { client } = newClient();
    reply(
      { json: invoiceJson() },
      { json: { CompanyInfo: { Id: '1', SyncToken: '4', CompanyName: 'Sandbox Co', Country: 'US' } } },
      { json: { Preferences: { Id: '1', SyncToken: '2', TaxPrefs: { PartnerTaxEnabled: true } } } },
    );
    expect((await client.read<Invoice>('Invoice', '1045')).Id).toBe('1045');
    expect((await client.getCompanyInfo()).Country).toBe('US');
    const preferences: Preferences = await client.getPreferences();
    expect(preferences.TaxPrefs?.PartnerTaxEnabled).toBe(true);
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      `GET /v3/company/${REALM}/invoice/1045`,
      `GET /v3/company/${REALM}/companyinfo/${REALM}`,
      `GET /v3/company/${REALM}/preferences`,
    ]);
  });

  it('sends qboSql queries with every value escaped and returns rows ([] when the entity key is absent)', async () => {
    const events: QuickBooksCallEvent[] = [];
    const { client } = newClient({ onCall: (event) => events.push(event) });
    reply(
      { json: { QueryResponse: { Customer: [{ Id: '58', SyncToken: '0', DisplayName: "O'Brien \\ Co" }], startPosition: 1, maxResults: 1 } } },
      { json: { QueryResponse: {}, time: 'x' } },
    );
    const name = "O'Brien \\ Co";
    const rows = await client.query<Customer>(qboSql`
      SELECT * FROM Customer
      WHERE DisplayName = ${name} AND Active IN ${[true, false]}
      MAXRESULTS ${1}`);
    expect(rows.map((row) => row.Id)).toEqual(['58']);
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url.pathname).toBe(`/v3/company/${REALM}/query`);
    expect(requests[0]?.url.searchParams.get('query')).toBe(
      "select * from customer WHERE DisplayName = 'O\\'Brien \\\\ Co' AND Active IN (true, false) MAXRESULTS 1",
    );
    expect(await client.query(qboSql`SELECT * FROM Item WHERE Sku = ${'nothing'}`)).toEqual([]);
    // The axios hook saw the responses: audit events carry status and intuit_tid even for queries.
    expect(events.map((event) => [event.operation, event.status, event.outcome])).toEqual([
      ['query Customer', 200, 'ok'],
      ['query Item', 200, 'ok'],
    ]);
    expect(events[0]?.intuitTid).toMatch(/^tid-\d+$/);
  });

  it('quotes values and refuses what QuickBooks SQL cannot hold', () => {
    expect(qboQuote("it's")).toBe("'it\\'s'");
    expect(qboQuote('a\\')).toBe("'a\\\\'");
    expect(qboQuote(12.5)).toBe('12.5');
    expect(() => qboQuote(Number.NaN)).toThrow(RangeError);
    expect(() => qboSql`SELECT * FROM Item WHERE Id IN ${[]}`).toThrow(RangeError);
    const optional = qboSql`AND Sku = ${"x' OR '1'='1"}`;
    expect(qboSql`SELECT * FROM Item WHERE Active = true ${optional}`.text).toBe(
      "SELECT * FROM Item WHERE Active = true AND Sku = 'x\\' OR \\'1\\'=\\'1'",
    );
  });

  it('queryAll pages 1000 rows at a time until a short page', async () => {
    const { client } = newClient();
    const page = (from: number, count: number) => ({
      json: { QueryResponse: { Account: Array.from({ length: count }, (_, index) => ({ Id: String(from + index), SyncToken: '0', Name: `A${from + index}` })) } },
    });
    reply(page(1, 1000), page(1001, 3));
    const rows = await client.queryAll(qboSql`SELECT * FROM Account WHERE Active = true ORDERBY Id`);
    expect(rows).toHaveLength(1003);
    expect(requests.map((request) => request.url.searchParams.get('query'))).toEqual([
      'select * from account WHERE Active = true ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000',
      'select * from account WHERE Active = true ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000',
    ]);
  });

  it('counts through a one-item batch', async () => {
    const { client } = newClient();
    reply({ json: { BatchItemResponse: [{ bId: 'count', QueryResponse: { totalCount: 7 } }] } });
    expect(await client.count(qboSql`SELECT COUNT(*) FROM Invoice WHERE DocNumber = ${'BC-1'}`)).toBe(7);
    expect(requests[0]?.url.pathname).toBe(`/v3/company/${REALM}/batch`);
    expect(requests[0]?.body).toEqual({ BatchItemRequest: [{ bId: 'count', Query: "SELECT COUNT(*) FROM Invoice WHERE DocNumber = 'BC-1'" }] });
  });
});

describe('batch', () => {
  it('sends ≤ 30 items with a requestid and returns per-item results or typed errors in request order', async () => {
    const { client } = newClient();
    reply({
      json: {
        BatchItemResponse: [
          { bId: 'q1', QueryResponse: { Item: [{ Id: '31', SyncToken: '0', Name: 'Mug' }] } },
          { bId: 'c1', Fault: { Error: [{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists.', code: '6240' }], type: 'ValidationFault' } },
          { bId: 'u1', Invoice: { Id: '1045', SyncToken: '3' } },
          { bId: 'v1', fault: { error: [{ message: 'Stale Object Error', code: '5010' }], type: 'ValidationFault' } },
        ],
        time: 'x',
      },
    });
    const items: BatchItem[] = [
      { bId: 'c1', operation: 'create', entity: 'Customer', payload: { DisplayName: 'Jane Doe' } },
      { bId: 'u1', operation: 'update', entity: 'Invoice', payload: { Id: '1045', SyncToken: '2', PrivateNote: 'x' } },
      { bId: 'v1', operation: 'void', entity: 'SalesReceipt', payload: { Id: '77', SyncToken: '1' } },
      { bId: 'q1', operation: 'query', query: qboSql`SELECT * FROM Item WHERE Sku = ${'MUG-1'}` },
      { bId: 'x1', operation: 'void', entity: 'Invoice', payload: { Id: '9', SyncToken: '0' } },
    ];
    const results = await client.batch(items, { requestId: 'batch-store1-0001' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url.searchParams.get('requestid')).toBe('batch-store1-0001');
    expect(requests[0]?.body).toEqual({
      BatchItemRequest: [
        { bId: 'c1', operation: 'create', Customer: { DisplayName: 'Jane Doe' } },
        { bId: 'u1', operation: 'update', Invoice: { Id: '1045', SyncToken: '2', PrivateNote: 'x', sparse: true } },
        { bId: 'v1', operation: 'update', optionsData: 'void', SalesReceipt: { Id: '77', SyncToken: '1', sparse: true } },
        { bId: 'q1', Query: "SELECT * FROM Item WHERE Sku = 'MUG-1'" },
        { bId: 'x1', operation: 'void', Invoice: { Id: '9', SyncToken: '0' } },
      ],
    });
    expect(results.map((result) => result.bId)).toEqual(['c1', 'u1', 'v1', 'q1', 'x1']);
    const [created, updated, voided, queried, missing] = results;
    expect(created?.ok === false && created.error).toBeInstanceOf(QuickBooksDuplicateNameError);
    expect(created?.ok === false && created.error.intuitTid).toMatch(/^tid-\d+$/);
    expect(updated).toEqual({ bId: 'u1', ok: true, value: { Id: '1045', SyncToken: '3' } });
    expect(voided?.ok === false && voided.error).toBeInstanceOf(QuickBooksStaleObjectError);
    expect(queried).toEqual({ bId: 'q1', ok: true, rows: [{ Id: '31', SyncToken: '0', Name: 'Mug' }] });
    expect(missing?.ok === false && missing.error).toBeInstanceOf(QuickBooksTransientError);
    for (const result of results) if (!result.ok) producedErrors.push(result.error);
  });
});

describe('batch without batching (the benchmark reference mode)', () => {
  it('sends each item as its own request, each create under its own requestid, with the same per-item results', async () => {
    const { client } = newClient({ batching: false });
    reply(
      { json: { QueryResponse: { Item: [{ Id: '31', SyncToken: '0', Name: 'Mug' }] }, time: 'x' } },
      { status: 400, json: fault('6240', 'Duplicate Name Exists Error', 'The name supplied already exists.') },
      { json: { Item: { Id: '32', SyncToken: '0', Name: 'Cup' }, time: 'x' } },
    );
    const results = await client.batch(
      [
        { bId: 'q1', operation: 'query', query: qboSql`SELECT * FROM Item WHERE Sku = ${'MUG-1'}` },
        { bId: 'c1', operation: 'create', entity: 'Item', payload: { Name: 'Mug' } },
        { bId: 'c2', operation: 'create', entity: 'Item', payload: { Name: 'Cup' } },
      ],
      { requestId: 'items-0001' },
    );
    expect(requests.map((request) => `${request.method} ${request.url.pathname.replace(`/v3/company/${REALM}`, '')}`)).toEqual(['GET /query', 'POST /item', 'POST /item']);
    expect(requests.slice(1).map((request) => request.url.searchParams.get('requestid'))).toEqual(['items-0001.c1', 'items-0001.c2']);
    expect(results[0]).toEqual({ bId: 'q1', ok: true, rows: [{ Id: '31', SyncToken: '0', Name: 'Mug' }] });
    expect(results[1]?.ok === false && results[1].error).toBeInstanceOf(QuickBooksDuplicateNameError);
    expect(results[2]).toEqual({ bId: 'c2', ok: true, value: { Id: '32', SyncToken: '0', Name: 'Cup' } });
    for (const result of results) if (!result.ok) producedErrors.push(result.error);
  });
});

describe('failures', () => {
  it('maps a 400 Fault 6240 to QuickBooksDuplicateNameError with intuit_tid', async () => {
    const { client, tokens } = newClient();
    reply({ status: 400, json: fault('6240', 'Duplicate Name Exists Error', 'The name supplied already exists. : Another customer is using Jane Doe') });
    const error = await rejection(client.create('Customer', { DisplayName: 'Jane Doe' }, { requestId: 'cust-1' }), QuickBooksDuplicateNameError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('6240');
    expect(error.intuitTid).toMatch(/^tid-\d+$/);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('create Customer');
    expect(tokens.calls).toEqual([undefined]);
  });

  it('maps a Fault delivered with HTTP 200', async () => {
    const { client } = newClient();
    reply({ status: 200, json: fault('5010', 'Stale Object Error', 'You and Jane were working on this at the same time.') });
    const error = await rejection(client.update('Invoice', { Id: '1045', SyncToken: '0', PrivateNote: 'x' }), QuickBooksStaleObjectError);
    expect(error.intuitTid).toMatch(/^tid-\d+$/);
  });

  it('maps the lowercase fault envelope (429 ThrottleExceeded) with Retry-After, without an auth retry', async () => {
    const { client, tokens } = newClient();
    reply({
      status: 429,
      headers: { 'Retry-After': '3' },
      json: { fault: { error: [{ message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }], type: 'SERVICE' } },
    });
    const error = await rejection(client.read('Invoice', '1'), QuickBooksThrottledError);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.retryable).toBe(true);
    expect(tokens.calls).toEqual([undefined]);
    expect(requests).toHaveLength(1);
  });

  it('maps an XML fault body', async () => {
    const { client } = newClient();
    reply({
      status: 400,
      text: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2026-03-02T02:23:36.095-07:00"><Fault type="ValidationFault"><Error code="2020" element="Line"><Message>Required param missing, need to supply the required value for the API</Message><Detail>Required parameter Line is missing in the request</Detail></Error></Fault></IntuitResponse>',
    });
    const error = await rejection(client.create('Invoice', { CustomerRef: { value: '1' } }), QuickBooksValidationError);
    expect(error.code).toBe('2020');
    expect(error.element).toBe('Line');
    expect(error.detail).toContain('Required parameter Line is missing');
  });

  it('retries a 401 once with a force-refreshed token that the retried request carries', async () => {
    const { client, tokens } = newClient();
    reply(
      { status: 401, json: { fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: `Token expired: ${FIRST_TOKEN}`, code: '3200' }], type: 'AUTHENTICATION' } } },
      { json: invoiceJson() },
    );
    const invoice = await client.create<Invoice>('Invoice', { CustomerRef: { value: '58' }, Line: [] }, { requestId: 'bc-100231-inv' });
    expect(invoice.Id).toBe('1045');
    expect(tokens.calls).toEqual([undefined, { forceRefresh: true }]);
    expect(tokens.calls.filter((call) => call?.forceRefresh)).toHaveLength(1);
    expect(requests.map((request) => request.authorization)).toEqual([`Bearer ${FIRST_TOKEN}`, `Bearer ${SECOND_TOKEN}`]);
    // A fresh payload per attempt: the same requestid travels on both (node-quickbooks deletes it from the object).
    expect(requests.map((request) => request.url.searchParams.get('requestid'))).toEqual(['bc-100231-inv', 'bc-100231-inv']);
    expect(requests[1]?.body).toEqual({ CustomerRef: { value: '58' }, Line: [] });
  });

  it('gives up with QuickBooksAuthError after one refresh (XML code 100 twice)', async () => {
    const { client, tokens } = newClient();
    const xml401 = {
      status: 401,
      text: '<?xml version="1.0"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3"><Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message><Detail>AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401</Detail></Error></Fault></IntuitResponse>',
    };
    reply(xml401, xml401);
    const error = await rejection(client.query(qboSql`SELECT * FROM Customer`), QuickBooksAuthError);
    expect(error.code).toBe('100');
    expect(tokens.calls).toEqual([undefined, { forceRefresh: true }]);
    expect(requests).toHaveLength(2);
  });

  it('maps a 500 to an ambiguous QuickBooksTransientError and does not retry it itself', async () => {
    const { client } = newClient();
    reply({ status: 500, json: fault('10000', 'An application error has occurred while processing your request', 'System Failure Error', 'SystemFault') });
    const error = await rejection(client.create('SalesReceipt', { Line: [] }, { requestId: 'sr-1' }), QuickBooksTransientError);
    expect(error.mayHaveCommitted).toBe(true);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(requests).toHaveLength(1);
  });

  it('times out a response that never comes, aborting the request, and finishes quickly', async () => {
    const events: QuickBooksCallEvent[] = [];
    const { client } = newClient({ timeoutMs: 250, onCall: (event) => events.push(event) });
    reply('hang');
    const started = Date.now();
    const error = await rejection(client.create('Invoice', { Line: [] }, { requestId: 'slow-1' }), QuickBooksTransientError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.mayHaveCommitted).toBe(true);
    expect(error.code).toBe('ETIMEDOUT');
    expect(events).toEqual([expect.objectContaining({ operation: 'create Invoice', outcome: 'transient', requestId: 'slow-1' })]);
    // The HTTP request was really cancelled: the stub sees its connection close without having answered.
    for (let waited = 0; !requests[0]?.closedWithoutAnswer && waited < 2000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(requests[0]?.closedWithoutAnswer).toBe(true);
  });

  it('reports a refused connection as transient that was never sent', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    configureQuickBooksEndpoints({ apiBaseUrl: `http://127.0.0.1:${port}/v3/company/` });
    try {
      const { client } = newClient();
      const error = await rejection(client.read('Invoice', '1'), QuickBooksTransientError);
      expect(error.mayHaveCommitted).toBe(false);
      expect(error.code).toBe('ECONNREFUSED');
    } finally {
      configureQuickBooksEndpoints({ apiBaseUrl: baseUrl });
    }
  });

  it('never lets a bearer token into an error, however it is rendered', () => {
    expect(producedErrors.length).toBeGreaterThanOrEqual(20);
    for (const error of producedErrors) {
      expect(error).toBeInstanceOf(QuickBooksError);
      const typed = error as QuickBooksError;
      const renderings = [JSON.stringify(typed), inspect(typed, { depth: Infinity, showHidden: true }), String(typed), typed.stack ?? ''];
      for (const text of renderings) {
        expect(text).not.toContain(FIRST_TOKEN);
        expect(text).not.toContain(SECOND_TOKEN);
        expect(text).not.toContain('access-token-secret');
      }
    }
  });
});

describe('per-realm rate limiting', () => {
  /** A loopback QuickBooks stand-in that answers every read after holdMs and counts requests in flight. */
  async function startSlowServer(holdMs: number, onArrival: () => void = () => undefined) {
    const seen = { inFlight: 0, maxInFlight: 0, served: 0 };
    const slow = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body: undefined, closedWithoutAnswer: false });
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      onArrival();
      req.resume();
      setTimeout(() => {
        const id = url.pathname.split('/').pop() ?? '';
        seen.inFlight -= 1;
        seen.served += 1;
        res.setHeader('Content-Type', 'application/json;charset=UTF-8');
        res.end(JSON.stringify({ Customer: { Id: id, SyncToken: '0', DisplayName: `Customer ${id}` }, time: 'x' }));
      }, holdMs);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    configureQuickBooksEndpoints({ apiBaseUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` });
    const stop = async () => {
      configureQuickBooksEndpoints({ apiBaseUrl: baseUrl });
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    };
    return { seen, stop };
  }

  it('keeps 25 concurrent calls to one realm at most 3 in flight at the server with maxConcurrent 3', async () => {
    const limiter = new RealmRateLimiter({ maxConcurrent: 3 });
    const limiterInFlight: number[] = [];
    const { seen, stop } = await startSlowServer(25, () => limiterInFlight.push(limiter.stats(REALM).inFlight));
    try {
      const events: QuickBooksCallEvent[] = [];
      const tokens = new FakeTokens();
      const client = new QuickBooksClient({ realmId: REALM, tokens, limiter, onCall: (event) => events.push(event) });
      const ids = Array.from({ length: 25 }, (_, index) => String(index + 1));
      const customers = await Promise.all(ids.map((id) => client.read<Customer>('Customer', id)));
      expect(customers.map((customer) => customer.Id)).toEqual(ids);
      expect(seen.served).toBe(25);
      expect(seen.maxInFlight).toBe(3); // never more, and the budget was used in full
      expect(Math.max(...limiterInFlight)).toBe(3);
      expect(events).toHaveLength(25);
      expect(events.every((event) => event.outcome === 'ok' && event.attempt === 1)).toBe(true);
      expect(limiter.stats(REALM)).toEqual({ realmId: REALM, inFlight: 0, startedInWindow: 25, waiting: 0 });
    } finally {
      await stop();
    }
  });

  it('starts the deadline only once a slot is held: time spent queueing is not a timeout', async () => {
    const limiter = new RealmRateLimiter({ maxConcurrent: 1 });
    const { seen, stop } = await startSlowServer(80);
    try {
      const events: QuickBooksCallEvent[] = [];
      const client = new QuickBooksClient({ realmId: REALM, tokens: new FakeTokens(), limiter, timeoutMs: 400, onCall: (event) => events.push(event) });
      // Six calls one after another take ~480 ms in all, longer than the 400 ms deadline; none may time out.
      const customers = await Promise.all(['1', '2', '3', '4', '5', '6'].map((id) => client.read<Customer>('Customer', id)));
      expect(customers).toHaveLength(6);
      expect(seen.maxInFlight).toBe(1);
      expect(events.every((event) => event.outcome === 'ok' && event.durationMs < 400)).toBe(true);
    } finally {
      await stop();
    }
  });

  it('sends the retry after a 401 through the limiter too', async () => {
    const limiter = new RealmRateLimiter();
    const client = new QuickBooksClient({ realmId: REALM, tokens: new FakeTokens(), limiter });
    reply(
      { status: 401, json: { fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', code: '3200' }], type: 'AUTHENTICATION' } } },
      { json: invoiceJson() },
    );
    await client.read<Invoice>('Invoice', '1045');
    expect(requests).toHaveLength(2);
    expect(limiter.stats(REALM)).toEqual({ realmId: REALM, inFlight: 0, startedInWindow: 2, waiting: 0 });
  });
});

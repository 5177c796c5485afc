/**
 * The app's only door to the QuickBooks Online Accounting API: a promise-based wrapper around node-quickbooks
 * that exposes just what the sync uses. Every call sends minorversion 75, carries the caller's deterministic
 * requestid on writes, is retried once with a forced token refresh on 401/3200, has a hard deadline (the
 * HTTP request is aborted, not just abandoned), and fails only with the typed errors of quickbooks-errors.ts.
 * The bearer token never reaches an error, a log line or the caller.
 *
 * Every HTTP attempt (the 401 retry included) first takes a slot from a per-realm RealmRateLimiter (by default
 * the process-wide one, so all clients share Intuit's 10-concurrent / 500-per-minute budget); the deadline
 * starts only once the slot is held, so time spent queueing never counts as a timeout.
 *
 * node-quickbooks has no per-call timeout, no way to put a requestid on /batch, and no public generic request
 * function. Both gaps are filled with one axios interceptor that acts only on node-quickbooks requests made
 * inside this client's AsyncLocalStorage call context (see `callContext` below); it is inert for everything
 * else that uses the shared axios instance (intuit-oauth, other code).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AxiosResponse, AxiosStatic, InternalAxiosRequestConfig } from 'axios';
import QuickBooks from 'node-quickbooks';
import { logger } from '@/lib/log/logger';
import {
  QuickBooksAuthError,
  QuickBooksError,
  QuickBooksValidationError,
  toQuickBooksError,
  type QuickBooksErrorKind,
} from './quickbooks-errors';
import type {
  CompanyInfo,
  Preferences,
  QuickBooksCreatableEntity,
  QuickBooksEntity,
  QuickBooksUpdatableEntity,
  QuickBooksVoidableEntity,
} from './quickbooks-types';
import { sharedRealmRateLimiter, type RealmRateLimiter } from './realm-rate-limiter';

export type {
  QuickBooksCreatableEntity,
  QuickBooksEntity,
  QuickBooksUpdatableEntity,
  QuickBooksVoidableEntity,
} from './quickbooks-types';

/**
 * The axios instance node-quickbooks uses, which our interceptors (requestid, abort signal, intuit_tid) must be
 * installed on. node-quickbooks require()s axios, which resolves to axios' CommonJS build; an `import` of axios
 * in a Next production build resolves to its ESM build instead, a second instance our hooks would land on while
 * every QuickBooks request went through the first (found by npm run bench against next start: /batch requests
 * went out without their requestid). So we load the CommonJS build by its own path, in tests and in Next alike.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const axios = require('axios/dist/node/axios.cjs') as AxiosStatic;

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

/**
 * Supplies the realm's current access token (the OAuth token manager). Its own failures (e.g. invalid_grant,
 * store unavailable) propagate unchanged: they are that module's closed set, not QuickBooks API errors.
 */
export interface AccessTokenSource {
  getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/** One finished HTTP attempt, for audit logs (no payloads, no tokens). */
export interface QuickBooksCallEvent {
  realmId: string;
  operation: string;
  attempt: number;
  durationMs: number;
  requestId?: string;
  status?: number;
  intuitTid?: string;
  outcome: 'ok' | QuickBooksErrorKind;
}

export interface QuickBooksClientOptions {
  realmId: string;
  tokens: AccessTokenSource;
  /** Must be a real boolean (Trap: the string 'false' is truthy in node-quickbooks). Default false. */
  sandbox?: boolean;
  /** Default '75' (Intuit ignores anything lower since 2025-08-01). */
  minorVersion?: string;
  /** Hard deadline per HTTP attempt. Default 30 s. */
  timeoutMs?: number;
  /** Called after every HTTP attempt; exceptions thrown by it are ignored. */
  onCall?: (event: QuickBooksCallEvent) => void;
  /** Per-realm concurrency and rate budget for HTTP attempts. Default: the process-wide shared limiter. */
  limiter?: RealmRateLimiter;
  /** false: batch() sends each item as its own request (the benchmark's reference mode). Default true. */
  batching?: boolean;
}

export interface QuickBooksWriteOptions {
  /** Intuit idempotency key (`?requestid=`): ≤ 50 characters, deterministic per intended write. */
  requestId?: string;
}

export interface QuickBooksCreateOptions extends QuickBooksWriteOptions {
  /** Sends include=allowduplicatedocnum (bypasses 6140 when the company warns on duplicate numbers). */
  allowDuplicateDocNumber?: boolean;
}

export interface QuickBooksVersioned {
  Id: string;
  SyncToken: string;
  /** Defaults to true: only the fields sent change. false = full update, omitted fields are cleared. */
  sparse?: boolean;
}
/**
 * An update payload: Id + current SyncToken + the fields to change. The union lets both object literals with
 * any fields and typed interfaces (e.g. an `Invoice`) through.
 */
export type QuickBooksUpdatePayload = QuickBooksVersioned | (QuickBooksVersioned & { [field: string]: unknown });
export interface QuickBooksVoidPayload {
  Id: string;
  SyncToken: string;
}

export type BatchItem =
  | { bId: string; operation: 'create'; entity: QuickBooksCreatableEntity; payload: object }
  | { bId: string; operation: 'update'; entity: QuickBooksUpdatableEntity; payload: QuickBooksUpdatePayload }
  | { bId: string; operation: 'void'; entity: QuickBooksVoidableEntity; payload: QuickBooksVoidPayload }
  | { bId: string; operation: 'query'; query: QuickBooksQuery };

export type BatchItemResult =
  | {
      bId: string;
      ok: true;
      /** The entity QuickBooks returned for a create/update/void item. */
      value?: Record<string, unknown>;
      /** Rows of a query item (empty when nothing matched). */
      rows?: Array<Record<string, unknown>>;
      /** For `SELECT COUNT(*)` query items. */
      totalCount?: number;
    }
  | { bId: string; ok: false; error: QuickBooksError };

export const QUICKBOOKS_MINOR_VERSION = '75';
export const MAX_BATCH_ITEMS = 30;
/** Intuit: requestid ≤ 50 characters (≤ 36 on /batch, whose bIds must then be ≤ 10). */
export const MAX_REQUEST_ID_LENGTH = 50;
export const MAX_BATCH_REQUEST_ID_LENGTH = 36;
export const MAX_BATCH_ID_LENGTH_WITH_REQUEST_ID = 10;
const DEFAULT_TIMEOUT_MS = 30_000;
const QUERY_PAGE_SIZE = 1000;

const ENTITIES: readonly QuickBooksEntity[] = [
  'Customer', 'Item', 'Invoice', 'SalesReceipt', 'Payment', 'CreditMemo', 'RefundReceipt', 'JournalEntry',
  'Account', 'TaxCode', 'TaxRate', 'Class', 'Department', 'PaymentMethod', 'CompanyInfo', 'Preferences',
];
const NOT_CREATABLE = new Set<QuickBooksEntity>(['TaxCode', 'TaxRate', 'CompanyInfo', 'Preferences']);
const NOT_UPDATABLE = new Set<QuickBooksEntity>(['TaxCode', 'TaxRate']);
const VOIDABLE = new Set<QuickBooksEntity>(['Invoice', 'SalesReceipt', 'Payment']);
/** node-quickbooks' find* method names (its pluralization, including "Preferenceses"). */
const FIND_METHODS: Readonly<Record<QuickBooksEntity, string>> = {
  Customer: 'findCustomers',
  Item: 'findItems',
  Invoice: 'findInvoices',
  SalesReceipt: 'findSalesReceipts',
  Payment: 'findPayments',
  CreditMemo: 'findCreditMemos',
  RefundReceipt: 'findRefundReceipts',
  JournalEntry: 'findJournalEntries',
  Account: 'findAccounts',
  TaxCode: 'findTaxCodes',
  TaxRate: 'findTaxRates',
  Class: 'findClasses',
  Department: 'findDepartments',
  PaymentMethod: 'findPaymentMethods',
  CompanyInfo: 'findCompanyInfos',
  Preferences: 'findPreferenceses',
};
/** Keys node-quickbooks interprets (and deletes) on a payload; callers express them through options instead. */
const RESERVED_PAYLOAD_KEYS = ['requestId', 'allowDuplicateDocNum', 'void'] as const;

// ---------------------------------------------------------------------------------------------------------
// Query building: callers never concatenate raw input into QuickBooks SQL
// ---------------------------------------------------------------------------------------------------------

const QUERY_TOKEN = Symbol('QuickBooksQuery');

/** A QuickBooks query whose interpolated values were all quoted by `qboSql`. Only `qboSql` makes one. */
export class QuickBooksQuery {
  private readonly brand = QUERY_TOKEN;
  readonly text: string;

  constructor(token: symbol, text: string) {
    if (token !== QUERY_TOKEN) throw new TypeError('Build QuickBooks queries with the qboSql`…` template tag');
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

export type QboSqlScalar = string | number | boolean;
export type QboSqlValue = QboSqlScalar | readonly QboSqlScalar[] | QuickBooksQuery;

/**
 * Quotes one value for QuickBooks SQL: strings become '…' with backslashes and single quotes
 * backslash-escaped (O'Brien → 'O\'Brien'); numbers must be finite; booleans are bare true/false.
 */
export function qboQuote(value: QboSqlScalar): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('QuickBooks query numbers must be finite');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new TypeError(`Cannot put a ${typeof value} into a QuickBooks query`);
}

/**
 * Template tag for QuickBooks queries. Interpolations are always values, never SQL: strings are quoted,
 * arrays become an IN list, and a nested qboSql fragment is spliced in as is (for optional clauses).
 *
 *   client.query<Customer>(qboSql`SELECT * FROM Customer WHERE DisplayName = ${name} MAXRESULTS 1`)
 *   client.query<Item>(qboSql`SELECT * FROM Item WHERE Sku IN ${skus}`)
 */
export function qboSql(strings: TemplateStringsArray, ...values: readonly QboSqlValue[]): QuickBooksQuery {
  if (!Array.isArray(strings) || !Array.isArray((strings as { raw?: unknown }).raw)) {
    throw new TypeError('qboSql must be used as a template tag');
  }
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new QuickBooksQuery(QUERY_TOKEN, normalizeSql(text));
}

function renderValue(value: QboSqlValue): string {
  if (value instanceof QuickBooksQuery) return ` ${value.text} `;
  if (Array.isArray(value)) {
    const items: readonly QboSqlScalar[] = value;
    if (items.length === 0) throw new RangeError('A QuickBooks IN list needs at least one value');
    return `(${items.map(qboQuote).join(', ')})`;
  }
  return qboQuote(value as QboSqlScalar);
}

/** Collapses whitespace outside string literals (QuickBooks queries travel in the URL). */
function normalizeSql(text: string): string {
  let out = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (quoted) {
      out += char;
      if (char === '\\' && index + 1 < text.length) {
        index += 1;
        out += text.charAt(index);
      } else if (char === "'") {
        quoted = false;
      }
    } else if (/\s/.test(char)) {
      if (out !== '' && !out.endsWith(' ')) out += ' ';
    } else {
      if (char === "'") quoted = true;
      out += char;
    }
  }
  return out.trim();
}

/** The query with string literals blanked, for looking at its keywords. */
function withoutLiterals(text: string): string {
  return text.replace(/'(?:\\.|[^'\\])*'/g, "''");
}

interface ParsedQuery {
  entity: QuickBooksEntity;
  count: boolean;
  /** Everything after `FROM <Entity>`, with a leading space, or ''. */
  rest: string;
}

function parseQuery(query: QuickBooksQuery): ParsedQuery {
  if (!(query instanceof QuickBooksQuery)) {
    throw localError('query', 'Queries must be built with qboSql`…` so every value is quoted.');
  }
  const match = /^select\s+(\*|count\s*\(\s*\*\s*\))\s+from\s+([A-Za-z]+)(\s[\s\S]*)?$/i.exec(query.text);
  const entity = match ? canonicalEntity(match[2] ?? '') : undefined;
  if (!match || !entity) {
    throw localError('query', 'Expected "SELECT * FROM <Entity> …" or "SELECT COUNT(*) FROM <Entity> …" for a supported entity.');
  }
  return { entity, count: match[1] !== '*', rest: match[3] ?? '' };
}

function canonicalEntity(name: string): QuickBooksEntity | undefined {
  return ENTITIES.find((entity) => entity.toLowerCase() === name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------
// Process-wide endpoint configuration (offline dev and tests point these at the loopback sandbox)
// ---------------------------------------------------------------------------------------------------------

/**
 * Sets node-quickbooks' static endpoints. node-quickbooks reads V3_ENDPOINT_BASE_URL when an instance is
 * constructed; this client constructs one per attempt, so call this once at start-up, before any call.
 * `apiBaseUrl` may be the host (`http://127.0.0.1:4010`) or the full `…/v3/company/` base.
 * intuit-oauth's statics are configured by the OAuth module, not here.
 */
export function configureQuickBooksEndpoints(input: { apiBaseUrl?: string; tokenUrl?: string; revokeUrl?: string }): void {
  if (input.apiBaseUrl !== undefined) {
    const base = httpUrl(input.apiBaseUrl, 'apiBaseUrl').replace(/\/+$/, '');
    QuickBooks.V3_ENDPOINT_BASE_URL = `${/\/v3\/company$/.test(base) ? base : `${base}/v3/company`}/`;
  }
  if (input.tokenUrl !== undefined) QuickBooks.TOKEN_URL = httpUrl(input.tokenUrl, 'tokenUrl');
  if (input.revokeUrl !== undefined) QuickBooks.REVOKE_URL = httpUrl(input.revokeUrl, 'revokeUrl');
}

function httpUrl(value: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new TypeError(`${name} must be an absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`${name} must be http(s)`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// The axios hook: deadline (abort), extra query params, response facts: only inside our call context
// ---------------------------------------------------------------------------------------------------------

interface CallContext {
  signal: AbortSignal;
  extraParams?: Readonly<Record<string, string>>;
  intercepted: boolean;
  status?: number;
  intuitTid?: string;
}

// Kept on globalThis so a hot-reloaded copy of this module (next dev) reuses the hooks instead of stacking more.
const HOOKS_KEY = Symbol.for('qbo-sync.quickbooks-client.axios-hooks');
type HookState = { callContext: AsyncLocalStorage<CallContext>; installedOn: WeakSet<object> };
const hookState: HookState = ((globalThis as Record<symbol, HookState | undefined>)[HOOKS_KEY] ??= {
  callContext: new AsyncLocalStorage<CallContext>(),
  installedOn: new WeakSet<object>(),
});
const callContext = hookState.callContext;

function contextFor(config: InternalAxiosRequestConfig | undefined): CallContext | undefined {
  const context = callContext.getStore();
  if (!context || !config) return undefined;
  const agent = config.headers?.get?.('User-Agent');
  return typeof agent === 'string' && agent.startsWith('node-quickbooks') ? context : undefined;
}

function recordResponse(response: AxiosResponse | undefined): void {
  const context = contextFor(response?.config);
  if (!context || !response) return;
  context.status = response.status;
  const tid = response.headers?.['intuit_tid'];
  if (typeof tid === 'string' && tid) context.intuitTid = tid.slice(0, 200);
}

function installAxiosHooks(): void {
  if (hookState.installedOn.has(axios)) return;
  hookState.installedOn.add(axios);
  axios.interceptors.request.use((config) => {
    const context = contextFor(config);
    if (!context) return config;
    context.intercepted = true;
    config.signal = context.signal;
    if (context.extraParams) config.params = { ...(config.params as object | undefined), ...context.extraParams };
    return config;
  });
  axios.interceptors.response.use(
    (response) => {
      recordResponse(response);
      return response;
    },
    (error: unknown) => {
      if (axios.isAxiosError(error)) recordResponse(error.response);
      return Promise.reject(error);
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------------------

type NodeCallback = (err: unknown, data?: unknown, res?: unknown) => void;
type NodeQuickBooks = InstanceType<typeof QuickBooks>;

interface CallSpec<T> {
  operation: string;
  requestId?: string;
  extraParams?: Readonly<Record<string, string>>;
  /** Builds a fresh payload per attempt (node-quickbooks mutates payloads) and calls node-quickbooks. */
  invoke(qbo: NodeQuickBooks, done: NodeCallback): void;
  extract(data: unknown, context: CallContext): T;
}

export class QuickBooksClient {
  readonly realmId: string;
  private readonly tokens: AccessTokenSource;
  private readonly sandbox: boolean;
  private readonly minorVersion: string;
  private readonly timeoutMs: number;
  private readonly onCall: ((event: QuickBooksCallEvent) => void) | undefined;
  private readonly limiter: RealmRateLimiter;
  private readonly batching: boolean;

  constructor(options: QuickBooksClientOptions) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.realmId)) throw new TypeError('realmId must be a QuickBooks company id');
    if (options.sandbox !== undefined && typeof options.sandbox !== 'boolean') {
      throw new TypeError('sandbox must be a boolean (the string "false" would select the sandbox)');
    }
    const minorVersion = options.minorVersion ?? QUICKBOOKS_MINOR_VERSION;
    if (!/^\d{1,3}$/.test(minorVersion)) throw new TypeError('minorVersion must be a number such as "75"');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs must be a positive number');
    this.realmId = options.realmId;
    this.tokens = options.tokens;
    this.sandbox = options.sandbox ?? false;
    this.minorVersion = minorVersion;
    this.timeoutMs = timeoutMs;
    this.onCall = options.onCall;
    this.limiter = options.limiter ?? sharedRealmRateLimiter();
    this.batching = options.batching ?? true;
    installAxiosHooks();
  }

  /** Rows of a `SELECT * FROM <Entity> …` query built with qboSql; [] when nothing matched. One page only. */
  async query<T = Record<string, unknown>>(sql: QuickBooksQuery): Promise<T[]> {
    const parsed = parseQuery(sql);
    if (parsed.count) throw localError(`query ${parsed.entity}`, 'Use count() for SELECT COUNT(*) queries.');
    return this.run<T[]>({
      operation: `query ${parsed.entity}`,
      invoke: (qbo, done) => callMethod(qbo, FIND_METHODS[parsed.entity], [parsed.rest], done),
      extract: (data) => rowsOf<T>(isRecord(data) ? data['QueryResponse'] : undefined, parsed.entity),
    });
  }

  /**
   * Every row of a query, fetched 1000 at a time (QuickBooks pages at most 1000 rows; without MAXRESULTS it
   * returns only the first page). The query must not contain STARTPOSITION/MAXRESULTS; add ORDERBY for a
   * stable order.
   */
  async queryAll<T = Record<string, unknown>>(sql: QuickBooksQuery): Promise<T[]> {
    const parsed = parseQuery(sql);
    if (/\b(startposition|maxresults)\b/i.test(withoutLiterals(sql.text))) {
      throw localError(`query ${parsed.entity}`, 'queryAll pages by itself: leave STARTPOSITION and MAXRESULTS out.');
    }
    const rows: T[] = [];
    for (let start = 1; ; start += QUERY_PAGE_SIZE) {
      const page = await this.query<T>(qboSql`${sql} STARTPOSITION ${start} MAXRESULTS ${QUERY_PAGE_SIZE}`);
      rows.push(...page);
      if (page.length < QUERY_PAGE_SIZE) return rows;
    }
  }

  /**
   * `SELECT COUNT(*) FROM <Entity> …`. node-quickbooks can only count with its own structured criteria, so
   * this sends the query as a one-item /batch (one HTTP request; it counts toward the batch rate limit).
   */
  async count(sql: QuickBooksQuery): Promise<number> {
    const parsed = parseQuery(sql);
    if (!parsed.count) throw localError(`count ${parsed.entity}`, 'count() needs a SELECT COUNT(*) query.');
    const [result] = await this.batch([{ bId: 'count', operation: 'query', query: sql }]);
    if (!result) throw toQuickBooksError(new Error('QuickBooks returned no count'), { operation: `count ${parsed.entity}` });
    if (!result.ok) throw result.error;
    return result.totalCount ?? 0;
  }

  async create<T = Record<string, unknown>>(
    entity: QuickBooksCreatableEntity,
    payload: object,
    options: QuickBooksCreateOptions = {},
  ): Promise<T> {
    const operation = `create ${entity}`;
    assertEntity(entity, operation, (name) => !NOT_CREATABLE.has(name));
    assertPayload(payload, operation);
    const requestId = checkRequestId(options.requestId, MAX_REQUEST_ID_LENGTH, operation);
    return this.run<T>({
      operation,
      ...(requestId !== undefined ? { requestId } : {}),
      invoke: (qbo, done) => {
        const body = cleanPayload(payload);
        if (requestId !== undefined) body['requestId'] = requestId;
        if (options.allowDuplicateDocNumber) body['allowDuplicateDocNum'] = true;
        callMethod(qbo, `create${entity}`, [body], done);
      },
      extract: (data) => entityOf<T>(data, entity),
    });
  }

  async read<T = Record<string, unknown>>(entity: QuickBooksEntity, id: string): Promise<T> {
    const operation = `read ${entity}`;
    assertEntity(entity, operation, () => true);
    if (entity !== 'Preferences') checkId(id, operation);
    return this.run<T>({
      operation,
      invoke: (qbo, done) =>
        entity === 'Preferences' ? callMethod(qbo, 'getPreferences', [], done) : callMethod(qbo, `get${entity}`, [id], done),
      extract: (data) => entityOf<T>(data, entity),
    });
  }

  /** Sparse by default: only the fields sent change. Pass `sparse: false` for a full update (clears omitted fields). */
  async update<T = Record<string, unknown>>(
    entity: QuickBooksUpdatableEntity,
    payload: QuickBooksUpdatePayload,
    options: QuickBooksWriteOptions = {},
  ): Promise<T> {
    const operation = `update ${entity}`;
    assertEntity(entity, operation, (name) => !NOT_UPDATABLE.has(name));
    assertPayload(payload, operation);
    checkVersioned(payload, operation);
    const requestId = checkRequestId(options.requestId, MAX_REQUEST_ID_LENGTH, operation);
    return this.run<T>({
      operation,
      ...(requestId !== undefined ? { requestId } : {}),
      invoke: (qbo, done) => {
        const body = cleanPayload(payload);
        body['sparse'] = payload.sparse ?? true;
        if (requestId !== undefined) body['requestId'] = requestId;
        callMethod(qbo, `update${entity}`, [body], done);
      },
      extract: (data) => entityOf<T>(data, entity),
    });
  }

  /**
   * Voids a transaction (kept with zero amounts). Invoice: POST /invoice?operation=void. SalesReceipt and
   * Payment: sparse update with include=void (node-quickbooks has no voidSalesReceipt; its update path sends
   * the same request voidPayment does). CreditMemo/RefundReceipt cannot be voided through the API.
   */
  async void<T = Record<string, unknown>>(
    entity: QuickBooksVoidableEntity,
    payload: QuickBooksVoidPayload,
    options: QuickBooksWriteOptions = {},
  ): Promise<T> {
    const operation = `void ${entity}`;
    assertEntity(entity, operation, (name) => VOIDABLE.has(name));
    checkVersioned(payload, operation);
    const requestId = checkRequestId(options.requestId, MAX_REQUEST_ID_LENGTH, operation);
    return this.run<T>({
      operation,
      ...(requestId !== undefined ? { requestId } : {}),
      invoke: (qbo, done) => {
        const body: Record<string, unknown> = { Id: String(payload.Id), SyncToken: String(payload.SyncToken) };
        if (requestId !== undefined) body['requestId'] = requestId;
        if (entity === 'Invoice') {
          callMethod(qbo, 'voidInvoice', [body], done);
        } else {
          body['sparse'] = true;
          body['void'] = true;
          callMethod(qbo, `update${entity}`, [body], done);
        }
      },
      extract: (data) => entityOf<T>(data, entity),
    });
  }

  /**
   * Up to 30 independent operations in one request. HTTP 200 can still hold per-item faults: every item gets
   * its own result (in request order), failures as typed errors. A requestid makes the whole batch replayable
   * (Intuit: ≤ 36 characters, bIds ≤ 10); node-quickbooks cannot send one, so the axios hook adds it.
   */
  async batch(items: readonly BatchItem[], options: QuickBooksWriteOptions = {}): Promise<BatchItemResult[]> {
    const operation = 'batch';
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH_ITEMS) {
      throw localError(operation, `A batch holds 1 to ${MAX_BATCH_ITEMS} items (got ${Array.isArray(items) ? items.length : 'none'}).`);
    }
    const requestId = checkRequestId(options.requestId, MAX_BATCH_REQUEST_ID_LENGTH, operation);
    const seen = new Set<string>();
    for (const item of items) {
      const maxLength = requestId !== undefined ? MAX_BATCH_ID_LENGTH_WITH_REQUEST_ID : 36;
      if (typeof item.bId !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(item.bId) || item.bId.length > maxLength) {
        throw localError(operation, `Every batch item needs a bId of 1 to ${maxLength} letters, digits, "_", "." or "-".`);
      }
      if (seen.has(item.bId)) throw localError(operation, `Duplicate bId "${item.bId}" in one batch.`);
      seen.add(item.bId);
      checkBatchItem(item);
    }
    if (!this.batching) return this.oneByOne(items, requestId);
    return this.run<BatchItemResult[]>({
      operation,
      ...(requestId !== undefined ? { requestId, extraParams: { requestid: requestId } } : {}),
      invoke: (qbo, done) => callMethod(qbo, 'batch', [items.map(toWireItem)], done),
      extract: (data, context) => batchResults(items, data, context.intuitTid),
    });
  }

  /** A batch's items as separate requests, with the batch's per-item results (reference mode, no /batch). */
  private async oneByOne(items: readonly BatchItem[], requestId: string | undefined): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = [];
    for (const item of items) {
      // Each create keeps an idempotency key of its own, derived from the batch's.
      const write = requestId !== undefined ? { requestId: `${requestId}.${item.bId}`.slice(-MAX_REQUEST_ID_LENGTH) } : {};
      try {
        switch (item.operation) {
          case 'query': {
            if (parseQuery(item.query).count) results.push({ bId: item.bId, ok: true, totalCount: await this.countAlone(item.query) });
            else results.push({ bId: item.bId, ok: true, rows: await this.query(item.query) });
            break;
          }
          case 'create':
            results.push({ bId: item.bId, ok: true, value: await this.create(item.entity, item.payload, write) });
            break;
          case 'update':
            results.push({ bId: item.bId, ok: true, value: await this.update(item.entity, item.payload, write) });
            break;
          case 'void':
            results.push({ bId: item.bId, ok: true, value: await this.void(item.entity, item.payload, write) });
            break;
        }
      } catch (error) {
        results.push({ bId: item.bId, ok: false, error: error instanceof QuickBooksError ? error : toQuickBooksError(error, { operation: `batch item ${item.bId}` }) });
      }
    }
    return results;
  }

  /** COUNT(*) has no plain endpoint in node-quickbooks: a one-item /batch even in reference mode. */
  private async countAlone(sql: QuickBooksQuery): Promise<number> {
    const [result] = await this.run<BatchItemResult[]>({
      operation: 'batch',
      invoke: (qbo, done) => callMethod(qbo, 'batch', [[toWireItem({ bId: 'count', operation: 'query', query: sql })]], done),
      extract: (data, context) => batchResults([{ bId: 'count', operation: 'query', query: sql }], data, context.intuitTid),
    });
    if (!result?.ok) throw result?.error ?? new Error('QuickBooks returned no count');
    return result.totalCount ?? 0;
  }

  async getCompanyInfo(): Promise<CompanyInfo> {
    return this.run<CompanyInfo>({
      operation: 'read CompanyInfo',
      invoke: (qbo, done) => callMethod(qbo, 'getCompanyInfo', [this.realmId], done),
      extract: (data) => entityOf<CompanyInfo>(data, 'CompanyInfo'),
    });
  }

  async getPreferences(): Promise<Preferences> {
    return this.read<Preferences>('Preferences', '');
  }

  // -------------------------------------------------------------------------------------------------------

  /**
   * One call: up to two attempts, the second only after a 401/3200 and with a force-refreshed token. Each
   * attempt holds a limiter slot only while its HTTP request runs (not while a token is fetched or refreshed).
   */
  private async run<T>(spec: CallSpec<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const token = await (attempt === 1 ? this.tokens.getAccessToken() : this.tokens.getAccessToken({ forceRefresh: true }));
      if (typeof token !== 'string' || token.trim() === '') {
        throw new QuickBooksAuthError({ detail: 'No QuickBooks access token is available; reconnect QuickBooks.', operation: spec.operation });
      }
      try {
        return await this.limiter.run(this.realmId, () => this.attempt(spec, token, attempt));
      } catch (error) {
        const typed = toQuickBooksError(error, { operation: spec.operation });
        if (attempt === 1 && typed instanceof QuickBooksAuthError && (typed.status === 401 || typed.code === '3200')) {
          logger.warn('QuickBooks rejected the access token; refreshing it and retrying once', {
            realmId: this.realmId,
            operation: spec.operation,
            code: typed.code,
            intuitTid: typed.intuitTid,
          });
          continue;
        }
        throw typed;
      }
    }
  }

  /** One HTTP request; called with a limiter slot held, so the deadline measures only the request. */
  private async attempt<T>(spec: CallSpec<T>, token: string, attempt: number): Promise<T> {
    const controller = new AbortController();
    const context: CallContext = {
      signal: controller.signal,
      intercepted: false,
      ...(spec.extraParams ? { extraParams: spec.extraParams } : {}),
    };
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(toQuickBooksError({ code: 'ETIMEDOUT', message: `no answer within ${this.timeoutMs} ms` }, { operation: spec.operation }));
        controller.abort(); // node-quickbooks' request is really cancelled: no dangling socket
      }, this.timeoutMs);
    });
    const work = new Promise<T>((resolve, reject) => {
      callContext.run(context, () => {
        try {
          const qbo = new QuickBooks('', '', token, false, this.realmId, this.sandbox, false, this.minorVersion, '2.0', null);
          spec.invoke(qbo, (err, data, res) => {
            if (err) {
              reject(toQuickBooksError(err, { operation: spec.operation, ...responseFacts(res), ...(context.intuitTid ? { intuitTid: context.intuitTid } : {}) }));
              return;
            }
            try {
              resolve(spec.extract(data, context));
            } catch (error) {
              reject(toQuickBooksError(error, { operation: spec.operation, ...(context.intuitTid ? { intuitTid: context.intuitTid } : {}) }));
            }
          });
        } catch (error) {
          reject(error);
        }
      });
    });
    let outcome: QuickBooksCallEvent['outcome'] = 'ok';
    try {
      return await Promise.race([work, deadline]);
    } catch (error) {
      const typed = toQuickBooksError(error, { operation: spec.operation });
      outcome = typed.kind;
      throw typed;
    } finally {
      clearTimeout(timer);
      if (spec.extraParams && !context.intercepted) {
        logger.warn('QuickBooks request sent without its extra query parameters (axios hook not attached)', {
          realmId: this.realmId,
          operation: spec.operation,
        });
      }
      this.report({
        realmId: this.realmId,
        operation: spec.operation,
        attempt,
        durationMs: Date.now() - started,
        outcome,
        ...(spec.requestId !== undefined ? { requestId: spec.requestId } : {}),
        ...(context.status !== undefined ? { status: context.status } : {}),
        ...(context.intuitTid !== undefined ? { intuitTid: context.intuitTid } : {}),
      });
    }
  }

  private report(event: QuickBooksCallEvent): void {
    logger.debug('QuickBooks call', { ...event });
    if (!this.onCall) return;
    try {
      this.onCall(event);
    } catch {
      // an observer must not change the outcome of a call
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

function callMethod(qbo: NodeQuickBooks, name: string, args: readonly unknown[], done: NodeCallback): void {
  const method: unknown = Reflect.get(qbo, name);
  if (typeof method !== 'function') throw new TypeError(`node-quickbooks has no ${name}()`);
  Reflect.apply(method, qbo, [...args, done]);
}

/** Only plain facts of the node-quickbooks response (3rd callback argument); never the object itself. */
function responseFacts(res: unknown): { status?: number; headers?: unknown } {
  if (!isRecord(res)) return {};
  return {
    ...(typeof res['status'] === 'number' ? { status: res['status'] } : {}),
    ...(isRecord(res['headers']) ? { headers: res['headers'] } : {}),
  };
}

/** node-quickbooks unwraps `{Invoice: {...}}` for create/get/update but not for void: accept both. */
function entityOf<T>(data: unknown, entity: QuickBooksEntity): T {
  if (isRecord(data)) {
    const wrapped = data[entity];
    if (isRecord(wrapped)) return wrapped as T;
    if (typeof data['Id'] === 'string' || entity === 'Preferences') return data as T;
  }
  throw new Error(`QuickBooks answered without a ${entity}`);
}

function rowsOf<T>(queryResponse: unknown, entity: QuickBooksEntity): T[] {
  if (!isRecord(queryResponse)) throw new Error('QuickBooks answered a query without a QueryResponse');
  // The entity key is absent (not empty) when nothing matched; its case follows the entity name.
  const key = Object.keys(queryResponse).find((name) => name.toLowerCase() === entity.toLowerCase());
  const rows = key === undefined ? [] : queryResponse[key];
  return Array.isArray(rows) ? (rows as T[]) : [];
}

function toWireItem(item: BatchItem): Record<string, unknown> {
  switch (item.operation) {
    case 'query':
      return { bId: item.bId, Query: item.query.text };
    case 'create':
      return { bId: item.bId, operation: 'create', [item.entity]: cleanPayload(item.payload) };
    case 'update':
      return { bId: item.bId, operation: 'update', [item.entity]: { ...cleanPayload(item.payload), sparse: item.payload.sparse ?? true } };
    case 'void': {
      const target = { Id: String(item.payload.Id), SyncToken: String(item.payload.SyncToken) };
      // Mirrors the REST forms: Invoice has a void operation; SalesReceipt/Payment void through update + include=void.
      return item.entity === 'Invoice'
        ? { bId: item.bId, operation: 'void', Invoice: target }
        : { bId: item.bId, operation: 'update', optionsData: 'void', [item.entity]: { ...target, sparse: true } };
    }
  }
}

function checkBatchItem(item: BatchItem): void {
  const operation = `batch item ${item.bId}`;
  switch (item.operation) {
    case 'query':
      parseQuery(item.query);
      return;
    case 'create':
      assertEntity(item.entity, operation, (name) => !NOT_CREATABLE.has(name));
      assertPayload(item.payload, operation);
      return;
    case 'update':
      assertEntity(item.entity, operation, (name) => !NOT_UPDATABLE.has(name));
      assertPayload(item.payload, operation);
      checkVersioned(item.payload, operation);
      return;
    case 'void':
      assertEntity(item.entity, operation, (name) => VOIDABLE.has(name));
      checkVersioned(item.payload, operation);
      return;
    default:
      throw localError('batch', 'Unknown batch operation.');
  }
}

function batchResults(items: readonly BatchItem[], data: unknown, intuitTid: string | undefined): BatchItemResult[] {
  const responses = isRecord(data) ? data['BatchItemResponse'] : undefined;
  if (!Array.isArray(responses)) throw new Error('QuickBooks answered a batch without BatchItemResponse');
  const byId = new Map<string, Record<string, unknown>>();
  for (const response of responses) {
    if (isRecord(response) && typeof response['bId'] === 'string') byId.set(response['bId'], response);
  }
  return items.map((item): BatchItemResult => {
    const operation = item.operation === 'query' ? `batch query ${item.bId}` : `batch ${item.operation} ${item.entity} ${item.bId}`;
    const response = byId.get(item.bId);
    if (!response) {
      return {
        bId: item.bId,
        ok: false,
        error: toQuickBooksError(new Error('QuickBooks returned no result for this batch item'), { operation, ...(intuitTid ? { intuitTid } : {}) }),
      };
    }
    const fault = response['Fault'] ?? response['fault'];
    if (fault !== undefined) {
      return { bId: item.bId, ok: false, error: toQuickBooksError({ Fault: fault }, { operation, status: 200, ...(intuitTid ? { intuitTid } : {}) }) };
    }
    if (item.operation === 'query') {
      const queryResponse = response['QueryResponse'];
      const parsed = parseQuery(item.query);
      const totalCount = isRecord(queryResponse) && typeof queryResponse['totalCount'] === 'number' ? queryResponse['totalCount'] : undefined;
      return {
        bId: item.bId,
        ok: true,
        rows: isRecord(queryResponse) ? rowsOf<Record<string, unknown>>(queryResponse, parsed.entity) : [],
        ...(totalCount !== undefined ? { totalCount } : {}),
      };
    }
    const value = response[item.entity];
    return { bId: item.bId, ok: true, ...(isRecord(value) ? { value } : {}) };
  });
}

function assertEntity(entity: QuickBooksEntity, operation: string, allowed: (entity: QuickBooksEntity) => boolean): void {
  if (!ENTITIES.includes(entity) || !allowed(entity)) {
    throw localError(operation, `"${String(entity)}" is not supported for this operation.`);
  }
}

function assertPayload(payload: unknown, operation: string): void {
  if (!isRecord(payload)) throw localError(operation, 'The payload must be an object.');
}

function checkVersioned(payload: { Id: unknown; SyncToken: unknown }, operation: string): void {
  const valid = (value: unknown) => (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isInteger(value));
  if (!isRecord(payload) || !valid(payload.Id) || !valid(payload.SyncToken)) {
    throw localError(operation, 'The payload needs the record\'s Id and current SyncToken.');
  }
}

function checkId(id: string, operation: string): void {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
    throw localError(operation, 'A QuickBooks Id is 1 to 100 letters, digits, "_" or "-".');
  }
}

function checkRequestId(requestId: string | undefined, maxLength: number, operation: string): string | undefined {
  if (requestId === undefined) return undefined;
  if (typeof requestId !== 'string' || !/^[A-Za-z0-9._:-]+$/.test(requestId) || requestId.length > maxLength) {
    throw localError(operation, `A requestid is 1 to ${maxLength} letters, digits, ".", "_", ":" or "-".`);
  }
  return requestId;
}

/** A shallow copy without the keys node-quickbooks would act on; built fresh for every attempt. */
function cleanPayload(payload: object): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const key of RESERVED_PAYLOAD_KEYS) delete body[key];
  return body;
}

/** A request we refuse to send: a caller bug, reported in the closed set so the job lands in "needs attention". */
function localError(operation: string, detail: string): QuickBooksValidationError {
  return new QuickBooksValidationError({ detail: `${detail} (checked before sending)`, code: 'LOCAL_VALIDATION', operation });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

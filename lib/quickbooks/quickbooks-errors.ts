/**
 * The closed set of failures the QuickBooks adapter reports, and the ONE function that maps whatever
 * node-quickbooks hands its callback onto it. Callers branch on the class (or `kind`), never on text.
 *
 * Safety rule: node-quickbooks rejects with AxiosErrors whose `config.headers.Authorization` holds the bearer
 * token, and Intuit sometimes echoes the token back ("Token expired: <token>"). So a QuickBooksError only ever
 * holds plain strings and numbers copied out of the input, scrubbed of anything token-like, and never the
 * input itself (no `cause`, no config, no request, no response object).
 */

export type QuickBooksErrorKind =
  | 'auth'
  | 'throttled'
  | 'stale-object'
  | 'duplicate-name'
  | 'duplicate-doc-number'
  | 'validation'
  | 'closed-period'
  | 'subscription-ended'
  | 'not-found'
  | 'transient';

/** One entry of an Intuit fault, copied as plain (scrubbed) strings. */
export interface QuickBooksFaultEntry {
  code?: string;
  message?: string;
  detail?: string;
  element?: string;
}

export interface QuickBooksErrorInit {
  /** Plain-language explanation; for Intuit faults it ends with what Intuit said. No secrets. */
  detail: string;
  code?: string;
  status?: number;
  intuitTid?: string;
  faultType?: string;
  /** The request field Intuit blamed (e.g. "Line.Amount"), when it said. */
  element?: string;
  errors?: readonly QuickBooksFaultEntry[];
  /** What we were doing, e.g. "create Invoice"; only used in `message`. */
  operation?: string;
}

export abstract class QuickBooksError extends Error {
  abstract readonly kind: QuickBooksErrorKind;
  /** True when sending the same request again later may succeed as is. */
  abstract readonly retryable: boolean;
  readonly code?: string;
  readonly status?: number;
  readonly intuitTid?: string;
  readonly detail: string;
  readonly faultType?: string;
  readonly element?: string;
  readonly errors: readonly QuickBooksFaultEntry[];

  constructor(init: QuickBooksErrorInit) {
    const reference = init.code ? `code ${init.code}` : init.status ? `HTTP ${init.status}` : undefined;
    super(`QuickBooks ${init.operation ?? 'request'} failed${reference ? ` (${reference})` : ''}: ${init.detail}`);
    this.name = new.target.name;
    this.detail = init.detail;
    if (init.code !== undefined) this.code = init.code;
    if (init.status !== undefined) this.status = init.status;
    if (init.intuitTid !== undefined) this.intuitTid = init.intuitTid;
    if (init.faultType !== undefined) this.faultType = init.faultType;
    if (init.element !== undefined) this.element = init.element;
    this.errors = init.errors ?? [];
  }

  /** What an audit log or API response may show. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      detail: this.detail,
      code: this.code,
      status: this.status,
      intuitTid: this.intuitTid,
      faultType: this.faultType,
      element: this.element,
      retryable: this.retryable,
    };
  }
}

/** 401/403, codes 100, 120, 3100, 3200: the token is expired/revoked or the user lost access. */
export class QuickBooksAuthError extends QuickBooksError {
  readonly kind = 'auth' as const;
  readonly retryable = false;
}

/** 429, code 3001 (003001): per-realm rate or concurrency limit. */
export class QuickBooksThrottledError extends QuickBooksError {
  readonly kind = 'throttled' as const;
  readonly retryable = true;
  readonly retryAfterMs: number;
  constructor(init: QuickBooksErrorInit & { retryAfterMs: number }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** 5010: the SyncToken is stale; re-read, re-apply, retry. */
export class QuickBooksStaleObjectError extends QuickBooksError {
  readonly kind = 'stale-object' as const;
  readonly retryable = false;
}

/** 6240: DisplayName already used by a Customer, Vendor or Employee. */
export class QuickBooksDuplicateNameError extends QuickBooksError {
  readonly kind = 'duplicate-name' as const;
  readonly retryable = false;
}

/** 6140: DocNumber already used (company warns on duplicate numbers). */
export class QuickBooksDuplicateDocNumberError extends QuickBooksError {
  readonly kind = 'duplicate-doc-number' as const;
  readonly retryable = false;
}

/** The request itself is wrong: 6000, 2010, 2020, 2030, 2170, 2500, 4000/4001 (queries), 6070, other 4xx. */
export class QuickBooksValidationError extends QuickBooksError {
  readonly kind = 'validation' as const;
  readonly retryable = false;
}

/** 6210: the transaction date is in a closed accounting period. */
export class QuickBooksClosedPeriodError extends QuickBooksError {
  readonly kind = 'closed-period' as const;
  readonly retryable = false;
}

/** 6190: the company's subscription ended / company not active: stop syncing. */
export class QuickBooksSubscriptionEndedError extends QuickBooksError {
  readonly kind = 'subscription-ended' as const;
  readonly retryable = false;
}

/** 610 (or HTTP 404): the object was deleted or made inactive. */
export class QuickBooksNotFoundError extends QuickBooksError {
  readonly kind = 'not-found' as const;
  readonly retryable = false;
}

/**
 * 5xx, timeouts, dropped connections, network errors. Ambiguous for writes: when `mayHaveCommitted` is true,
 * look the document up (DocNumber / requestid replay) before creating it again.
 */
export class QuickBooksTransientError extends QuickBooksError {
  readonly kind = 'transient' as const;
  readonly retryable = true;
  readonly mayHaveCommitted: boolean;
  constructor(init: QuickBooksErrorInit & { mayHaveCommitted: boolean }) {
    super(init);
    this.mayHaveCommitted = init.mayHaveCommitted;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), mayHaveCommitted: this.mayHaveCommitted };
  }
}

export function isQuickBooksError(value: unknown): value is QuickBooksError {
  return value instanceof QuickBooksError;
}

// ---------------------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------------------

/** Extra facts the caller knows but the input may not carry (e.g. the HTTP response of a 200-with-Fault). */
export interface QuickBooksErrorContext {
  operation?: string;
  status?: number;
  headers?: unknown;
  intuitTid?: string;
}

/** Default wait after a 429 without Retry-After: QuickBooks limits per minute, so wait out most of a window. */
export const DEFAULT_THROTTLE_RETRY_MS = 60_000;
const MAX_TEXT = 500;

type Category =
  | 'auth'
  | 'throttled'
  | 'stale-object'
  | 'duplicate-name'
  | 'duplicate-doc-number'
  | 'validation'
  | 'closed-period'
  | 'subscription-ended'
  | 'not-found'
  | 'transient';

const CODE_CATEGORIES: Readonly<Record<string, Category>> = {
  '100': 'auth', // General Authentication Error (XML; often token for another realm)
  '120': 'auth', // Authorization Failure: connecting user no longer an admin
  '3100': 'auth', // AuthorizationFailed (403)
  '3200': 'auth', // AuthenticationFailed (401): expired or malformed access token
  '3001': 'throttled', // ThrottleExceeded (429)
  '5010': 'stale-object',
  '6240': 'duplicate-name',
  '6140': 'duplicate-doc-number',
  '6210': 'closed-period',
  '6190': 'subscription-ended',
  '610': 'not-found',
  '500': 'validation', // Unsupported Operation (an Intuit code, not HTTP 500)
  '600': 'validation', // Duplicate Request ID
  '2010': 'validation', // Request has invalid or unsupported property
  '2020': 'validation', // Required param missing
  '2030': 'validation', // Invalid ID
  '2050': 'validation', // String length too long/short
  '2170': 'validation', // Invalid Enumeration
  '2500': 'validation', // Invalid Reference Id
  '4000': 'validation', // query error
  '4001': 'validation', // Invalid query / property not queryable
  '5020': 'validation', // feature not in the subscription
  '6000': 'validation', // Business Validation Error
  '6070': 'validation', // Line Amount != Qty x UnitPrice
  '6540': 'validation', // Deposited transaction cannot be changed
  '10000': 'transient', // An application error has occurred (SystemFault)
};

const LEADS: Readonly<Record<Category, string>> = {
  auth: 'QuickBooks did not accept the connection (access token expired or revoked, or the user lost access); reconnect QuickBooks if this persists.',
  throttled: 'QuickBooks is limiting how fast this app may call it for this company; the request will be tried again later.',
  'stale-object': 'The QuickBooks record changed after it was read (stale SyncToken); it must be read again before changing it.',
  'duplicate-name': 'The name is already used by another customer, vendor or employee in QuickBooks.',
  'duplicate-doc-number': 'The document number is already used by another transaction in QuickBooks.',
  validation: 'QuickBooks rejected the request as invalid.',
  'closed-period': 'The transaction date falls in a closed accounting period in QuickBooks (books are closed).',
  'subscription-ended': 'The QuickBooks company is not active (its subscription ended or was cancelled).',
  'not-found': 'The QuickBooks record does not exist, was deleted, or is inactive.',
  transient: 'QuickBooks failed or could not be reached; the change may or may not have been saved.',
};

/** Network failures where the request certainly never reached QuickBooks. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

interface Observation {
  status?: number;
  headers?: unknown;
  faults: QuickBooksFaultEntry[];
  faultType?: string;
  networkCode?: string;
  networkMessage?: string;
  /** A non-fault body (e.g. an HTML gateway page), summarized. */
  bodyText?: string;
}

/**
 * Maps anything node-quickbooks (or our own client) can reject with onto the closed set: an AxiosError
 * (`response.status/.headers/.data`), a parsed `{Fault:{Error:[…],type}}` or lowercase `{fault:{error:[…]}}`
 * body, an XML `<IntuitResponse><Fault>` string, a bare `{Error:[…],type}` fault, a network Error (ECONNRESET,
 * ECONNABORTED, ETIMEDOUT, "socket hang up" …) or anything else. Already-typed errors pass through.
 */
export function toQuickBooksError(input: unknown, context: QuickBooksErrorContext = {}): QuickBooksError {
  if (input instanceof QuickBooksError) return input;
  const observed = observe(input);
  const status = observed.status ?? context.status;
  const headers = observed.headers ?? context.headers;
  const intuitTid = headerValue(headers, 'intuit_tid') ?? headerValue(headers, 'intuit-tid') ?? context.intuitTid;
  const primary = observed.faults[0];
  const code = primary?.code ?? codeFromMessage(primary?.message);
  const category = categorize(code, status, observed);
  const intuitText = describeFaults(observed.faults) ?? observed.bodyText;
  const networkText = observed.networkCode
    ? `${observed.networkCode}${observed.networkMessage ? `: ${observed.networkMessage}` : ''}`
    : observed.networkMessage;
  const lead = category === 'transient' && observed.networkCode && NEVER_SENT_CODES.has(observed.networkCode)
    ? 'QuickBooks could not be reached; the request was not sent.'
    : LEADS[category];
  const detail = intuitText ? `${lead} QuickBooks said: ${intuitText}` : networkText ? `${lead} (${networkText})` : lead;
  const init: QuickBooksErrorInit = {
    detail,
    ...(code !== undefined ? { code } : observed.networkCode ? { code: observed.networkCode } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(intuitTid !== undefined ? { intuitTid } : {}),
    ...(observed.faultType !== undefined ? { faultType: observed.faultType } : {}),
    ...(primary?.element ? { element: primary.element } : {}),
    errors: observed.faults,
    ...(context.operation !== undefined ? { operation: context.operation } : {}),
  };

  switch (category) {
    case 'auth':
      return new QuickBooksAuthError(init);
    case 'throttled':
      return new QuickBooksThrottledError({ ...init, retryAfterMs: retryAfterMs(headers) });
    case 'stale-object':
      return new QuickBooksStaleObjectError(init);
    case 'duplicate-name':
      return new QuickBooksDuplicateNameError(init);
    case 'duplicate-doc-number':
      return new QuickBooksDuplicateDocNumberError(init);
    case 'validation':
      return new QuickBooksValidationError(init);
    case 'closed-period':
      return new QuickBooksClosedPeriodError(init);
    case 'subscription-ended':
      return new QuickBooksSubscriptionEndedError(init);
    case 'not-found':
      return new QuickBooksNotFoundError(init);
    case 'transient':
      return new QuickBooksTransientError({
        ...init,
        mayHaveCommitted: !(observed.networkCode && NEVER_SENT_CODES.has(observed.networkCode)),
      });
  }
}

function categorize(code: string | undefined, status: number | undefined, observed: Observation): Category {
  if (code !== undefined) {
    const known = CODE_CATEGORIES[code];
    // Intuit code 500 means "Unsupported Operation"; on an HTTP 5xx it is the server failing instead.
    if (known && !(code === '500' && status !== undefined && status >= 500)) return known;
  }
  const text = observed.faults.map((fault) => `${fault.message ?? ''} ${fault.detail ?? ''}`).join(' ');
  if (/ThrottleExceeded/i.test(text)) return 'throttled';
  if (status !== undefined && status >= 400) {
    if (status === 401 || status === 403) return 'auth';
    if (status === 429) return 'throttled';
    if (status === 404) return 'not-found';
    if (status === 408 || status >= 500) return 'transient';
    return 'validation';
  }
  const type = (observed.faultType ?? '').toLowerCase();
  if (type.startsWith('authentication') || type.startsWith('authorization')) return 'auth';
  if (type === 'systemfault') return 'transient';
  // QuickBooks answered with a fault (e.g. HTTP 200 + Fault): it refused the request.
  if (observed.faults.length > 0 || type) return 'validation';
  return 'transient';
}

function observe(input: unknown): Observation {
  if (typeof input === 'string') return { ...fromBody(input) };
  if (!isRecord(input)) return { faults: [], networkMessage: input === undefined || input === null ? undefined : safeText(String(input)) };

  // AxiosError (or anything shaped like one): read the response, never keep config/request.
  const response = input['response'];
  if (isRecord(response) && (typeof response['status'] === 'number' || 'data' in response)) {
    const status = typeof response['status'] === 'number' ? response['status'] : undefined;
    const body = fromBody(response['data']);
    return {
      ...body,
      ...(status !== undefined ? { status } : {}),
      headers: response['headers'],
      ...(body.faults.length === 0 && !body.bodyText && typeof input['message'] === 'string'
        ? { networkMessage: safeText(input['message']) }
        : {}),
    };
  }

  // A parsed fault body handed over directly (node-quickbooks does this for HTTP 200 + Fault).
  const body = fromBody(input);
  if (body.faults.length > 0 || body.faultType) return body;

  // Network / timeout / plain Error.
  const code = typeof input['code'] === 'string' ? input['code'] : undefined;
  const message = typeof input['message'] === 'string' ? input['message'] : undefined;
  let networkCode = code;
  if (!networkCode && message && /socket hang up/i.test(message)) networkCode = 'ECONNRESET';
  if (!networkCode && message && /timeout|timed out/i.test(message)) networkCode = 'ETIMEDOUT';
  if (networkCode === 'ERR_CANCELED') networkCode = 'ETIMEDOUT'; // we only ever cancel on our own deadline
  return {
    faults: [],
    ...(networkCode ? { networkCode } : {}),
    ...(message ? { networkMessage: safeText(message) } : {}),
    ...(networkCode && TIMEOUT_CODES.has(networkCode) && !message ? { networkMessage: 'timed out' } : {}),
  };
}

function fromBody(data: unknown): Observation {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const text = (typeof data === 'string' ? data : Buffer.from(data).toString('utf8')).trim();
    if (text.startsWith('<')) {
      const xml = fromXml(text);
      if (xml.faults.length > 0 || xml.faultType) return xml;
      return { faults: [], bodyText: safeText(stripTags(text)) || undefined };
    }
    if (text.startsWith('{')) {
      try {
        return fromBody(JSON.parse(text) as unknown);
      } catch {
        // not JSON after all
      }
    }
    return text ? { faults: [], bodyText: safeText(text) } : { faults: [] };
  }
  if (!isRecord(data)) return { faults: [] };
  const fault = pick(data, 'Fault');
  const container = isRecord(fault) ? fault : Array.isArray(pick(data, 'Error')) ? data : undefined;
  if (!container) return { faults: [] };
  const entries = pick(container, 'Error');
  const type = pick(container, 'type');
  const faults = (Array.isArray(entries) ? entries : []).filter(isRecord).map((entry) => faultEntry({
    code: pick(entry, 'code'),
    message: pick(entry, 'Message'),
    detail: pick(entry, 'Detail'),
    element: pick(entry, 'element'),
  }));
  return { faults, ...(typeof type === 'string' ? { faultType: type } : {}) };
}

function fromXml(text: string): Observation {
  const type = /<(?:\w+:)?Fault\b[^>]*\btype="([^"]*)"/i.exec(text)?.[1];
  const faults: QuickBooksFaultEntry[] = [];
  const errorPattern = /<(?:\w+:)?Error\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?Error>/gi;
  for (let match = errorPattern.exec(text); match; match = errorPattern.exec(text)) {
    const attributes = match[1] ?? '';
    const inner = match[2] ?? '';
    faults.push(faultEntry({
      code: /\bcode="([^"]*)"/i.exec(attributes)?.[1],
      element: /\belement="([^"]*)"/i.exec(attributes)?.[1],
      message: xmlText(/<(?:\w+:)?Message>([\s\S]*?)<\/(?:\w+:)?Message>/i.exec(inner)?.[1]),
      detail: xmlText(/<(?:\w+:)?Detail>([\s\S]*?)<\/(?:\w+:)?Detail>/i.exec(inner)?.[1]),
    }));
  }
  return { faults, ...(type !== undefined ? { faultType: xmlText(type) ?? type } : {}) };
}

function faultEntry(raw: { code: unknown; message: unknown; detail: unknown; element: unknown }): QuickBooksFaultEntry {
  const entry: QuickBooksFaultEntry = {};
  const code = normalizeCode(raw.code);
  if (code !== undefined) entry.code = code;
  if (typeof raw.message === 'string' && raw.message.trim()) entry.message = safeText(raw.message);
  if (typeof raw.detail === 'string' && raw.detail.trim()) entry.detail = safeText(raw.detail);
  if (typeof raw.element === 'string' && raw.element.trim()) entry.element = safeText(raw.element);
  return entry;
}

/** '003001' and 3001 are the same code. */
function normalizeCode(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? String(Number(trimmed)) : trimmed;
}

/** Lowercase envelopes carry "message=ThrottleExceeded; errorCode=003001; statusCode=429". */
function codeFromMessage(message: string | undefined): string | undefined {
  const match = message ? /errorCode=(\d+)/i.exec(message) : null;
  return match ? normalizeCode(match[1]) : undefined;
}

function describeFaults(faults: readonly QuickBooksFaultEntry[]): string | undefined {
  const parts = faults
    .map((fault) => {
      const message = fault.message;
      const detail = fault.detail && fault.detail !== message ? fault.detail : undefined;
      const text = [message, detail].filter(Boolean).join(': ');
      return text ? `${text}${fault.element ? ` [${fault.element}]` : ''}` : undefined;
    })
    .filter((part): part is string => part !== undefined);
  return parts.length > 0 ? truncate(parts.join(' | ')) : undefined;
}

function retryAfterMs(headers: unknown): number {
  const raw = headerValue(headers, 'retry-after');
  if (raw !== undefined) {
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(raw);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return DEFAULT_THROTTLE_RETRY_MS;
}

/** Reads a response header from AxiosHeaders (`get`), a plain object or a fetch Headers, case-insensitively. */
function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const getter = headers['get'];
  if (typeof getter === 'function') {
    const value: unknown = getter.call(headers, name);
    const text = headerText(value);
    if (text !== undefined) return text;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return headerText(value);
  }
  return undefined;
}

function headerText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'number') return String(first);
  if (typeof first !== 'string' || !first.trim()) return undefined;
  return safeText(first.trim()).slice(0, 200);
}

/** `pick(x, 'Message')` finds Message or message (Intuit uses both casings). */
function pick(record: Record<string, unknown>, key: string): unknown {
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  if (lower in record) return record[lower];
  const upper = key.charAt(0).toUpperCase() + key.slice(1);
  return record[upper];
}

function xmlText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, digits: string) => String.fromCharCode(Number(digits)))
    .replace(/&amp;/g, '&')
    .trim();
}

function stripTags(text: string): string {
  return text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

const SCRUBBERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(bearer\s+)\S+/gi, '$1[redacted]'],
  [/(token\s+(?:expired|invalid|revoked)\s*:?\s*)\S+/gi, '$1[redacted]'],
  [/((?:access|refresh)_?token["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1[redacted]'],
  // JWT/JWE-looking values (Intuit access tokens start with eyJ) and any long opaque credential-like run.
  [/\beyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*/g, '[redacted]'],
  [/[A-Za-z0-9._~+/=-]{40,}/g, '[redacted]'],
];

/** Everything copied out of the input goes through here: no token-like text survives, lengths are bounded. */
export function scrubQuickBooksText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

function safeText(text: string): string {
  return truncate(scrubQuickBooksText(text.replace(/\s+/g, ' ').trim()));
}

function truncate(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

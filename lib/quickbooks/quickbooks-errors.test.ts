import { inspect } from 'node:util';
import { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import {
  DEFAULT_THROTTLE_RETRY_MS,
  QuickBooksAuthError,
  QuickBooksClosedPeriodError,
  QuickBooksDuplicateDocNumberError,
  QuickBooksDuplicateNameError,
  QuickBooksError,
  QuickBooksNotFoundError,
  QuickBooksStaleObjectError,
  QuickBooksSubscriptionEndedError,
  QuickBooksThrottledError,
  QuickBooksTransientError,
  QuickBooksValidationError,
  toQuickBooksError,
} from './quickbooks-errors';

const TOKEN = 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..SECRET-bearer-token-value-0123456789';
const produced: QuickBooksError[] = [];

function map(input: unknown, context?: Parameters<typeof toQuickBooksError>[1]): QuickBooksError {
  const error = toQuickBooksError(input, context);
  produced.push(error);
  return error;
}

/** A real AxiosError as node-quickbooks produces it: config and request carry the Authorization header. */
function axiosError(status: number | undefined, data: unknown, headers: Record<string, string> = {}, code?: string): AxiosError {
  const config = {
    url: 'https://quickbooks.api.intuit.com/v3/company/123/invoice?minorversion=75',
    method: 'post',
    headers: new AxiosHeaders({ Authorization: `Bearer ${TOKEN}`, 'User-Agent': 'node-quickbooks: version 2.0.50' }),
    data: JSON.stringify({ Line: [] }),
  } as InternalAxiosRequestConfig;
  const request = { _header: `POST /v3/company/123/invoice HTTP/1.1\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n` };
  const response =
    status === undefined
      ? undefined
      : { status, statusText: 'x', headers: new AxiosHeaders({ intuit_tid: 'tid-abc-123', ...headers }), config, request, data };
  return new AxiosError(
    status === undefined ? 'network' : `Request failed with status code ${status}`,
    code ?? (status === undefined ? undefined : status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST'),
    config,
    request,
    response,
  );
}

const upperFault = (code: string, type = 'ValidationFault', message = 'Something', detail = 'Because') => ({
  Fault: { Error: [{ Message: message, Detail: detail, code, element: 'Line.Amount' }], type },
  time: '2026-03-02T10:00:00.000-08:00',
});
const lowerFault = (code: string, type = 'ValidationFault', message = 'Something', detail = 'Because') => ({
  fault: { error: [{ message, detail, code }], type },
});
const xmlFault = (code: string, type = 'ValidationFault', message = 'Something', detail = 'Because') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2026-03-02T02:23:36.095-07:00"><Fault type="${type}"><Error code="${code}"><Message>${message}</Message><Detail>${detail}</Detail></Error></Fault></IntuitResponse>`;

type ErrorClass = abstract new (...args: never[]) => QuickBooksError;

const CODE_CASES: Array<[code: string, status: number, expected: ErrorClass]> = [
  ['3200', 401, QuickBooksAuthError],
  ['100', 401, QuickBooksAuthError],
  ['3100', 403, QuickBooksAuthError],
  ['120', 400, QuickBooksAuthError],
  ['3001', 429, QuickBooksThrottledError],
  ['003001', 429, QuickBooksThrottledError],
  ['5010', 400, QuickBooksStaleObjectError],
  ['6240', 400, QuickBooksDuplicateNameError],
  ['6140', 400, QuickBooksDuplicateDocNumberError],
  ['6000', 400, QuickBooksValidationError],
  ['2020', 400, QuickBooksValidationError],
  ['2500', 400, QuickBooksValidationError],
  ['6070', 400, QuickBooksValidationError],
  ['2010', 400, QuickBooksValidationError],
  ['4000', 400, QuickBooksValidationError],
  ['4001', 400, QuickBooksValidationError],
  ['9999', 400, QuickBooksValidationError], // unknown code on a 4xx ValidationFault
  ['6210', 400, QuickBooksClosedPeriodError],
  ['6190', 400, QuickBooksSubscriptionEndedError],
  ['610', 400, QuickBooksNotFoundError],
  ['10000', 500, QuickBooksTransientError],
];

const ENVELOPES: Array<[name: string, build: (code: string, status: number) => unknown]> = [
  ['parsed Fault body', (code) => upperFault(code)],
  ['parsed lowercase fault body', (code) => lowerFault(code)],
  ['XML fault string', (code) => xmlFault(code)],
  ['AxiosError with Fault body', (code, status) => axiosError(status, upperFault(code))],
  ['AxiosError with lowercase fault body', (code, status) => axiosError(status, lowerFault(code))],
  ['AxiosError with XML body', (code, status) => axiosError(status, xmlFault(code))],
  ['AxiosError with JSON text body', (code, status) => axiosError(status, JSON.stringify(upperFault(code)))],
];

describe('toQuickBooksError: codes × envelopes', () => {
  for (const [envelope, build] of ENVELOPES) {
    describe(envelope, () => {
      it.each(CODE_CASES)('code %s (HTTP %i) → %p', (code, status, expected) => {
        const error = map(build(code, status));
        expect(error).toBeInstanceOf(expected);
        expect(error).toBeInstanceOf(QuickBooksError);
        expect(error.code).toBe(code.replace(/^0+/, ''));
        expect(error.detail).toContain('Something: Because');
        if (envelope.startsWith('AxiosError')) {
          expect(error.status).toBe(status);
          expect(error.intuitTid).toBe('tid-abc-123');
        }
      });
    });
  }
});

describe('toQuickBooksError: retryable flags and extras', () => {
  it('marks only throttling and transient failures as retryable', () => {
    const retryable = CODE_CASES.map(([code, status]) => map(axiosError(status, upperFault(code))))
      .filter((error) => error.retryable)
      .map((error) => error.constructor);
    expect(new Set(retryable)).toEqual(new Set([QuickBooksThrottledError, QuickBooksTransientError]));
    expect(map(upperFault('6240')).retryable).toBe(false);
    expect(map(upperFault('3200')).retryable).toBe(false);
  });

  it('reads the real 429 envelope, its errorCode inside the message, and Retry-After', () => {
    const body = {
      fault: {
        error: [{ message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }],
        type: 'SERVICE',
      },
    };
    const withHeader = map(axiosError(429, body, { 'retry-after': '7' }));
    expect(withHeader).toBeInstanceOf(QuickBooksThrottledError);
    expect((withHeader as QuickBooksThrottledError).retryAfterMs).toBe(7000);
    const withoutHeader = map(axiosError(429, { fault: { error: [{ message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429' }], type: 'SERVICE' } }));
    expect(withoutHeader).toBeInstanceOf(QuickBooksThrottledError);
    expect(withoutHeader.code).toBe('3001');
    expect((withoutHeader as QuickBooksThrottledError).retryAfterMs).toBe(DEFAULT_THROTTLE_RETRY_MS);
    expect(map(axiosError(429, '')).constructor).toBe(QuickBooksThrottledError);
  });

  it('maps the real 401 lowercase envelope and the XML code-100 fault', () => {
    const lower = map(axiosError(401, {
      warnings: null,
      fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired: 0203', code: '3200', element: null }], type: 'AUTHENTICATION' },
    }));
    expect(lower).toBeInstanceOf(QuickBooksAuthError);
    expect(lower.code).toBe('3200');
    expect(lower.faultType).toBe('AUTHENTICATION');
    const xml = map(axiosError(401, xmlFault('100', 'AuthenticationFault', 'General Authentication Error', 'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401')));
    expect(xml).toBeInstanceOf(QuickBooksAuthError);
    expect(xml.faultType).toBe('AuthenticationFault');
    expect(xml.detail).toContain('General Authentication Error');
  });

  it('classifies by HTTP status when there is no fault body', () => {
    expect(map(axiosError(401, '')).constructor).toBe(QuickBooksAuthError);
    expect(map(axiosError(403, null)).constructor).toBe(QuickBooksAuthError);
    expect(map(axiosError(404, '<html>Not Found</html>')).constructor).toBe(QuickBooksNotFoundError);
    expect(map(axiosError(400, 'bad')).constructor).toBe(QuickBooksValidationError);
    for (const status of [500, 502, 503, 504]) {
      const error = map(axiosError(status, '<html><body>Gateway Timeout</body></html>'));
      expect(error).toBeInstanceOf(QuickBooksTransientError);
      expect((error as QuickBooksTransientError).mayHaveCommitted).toBe(true);
      expect(error.retryable).toBe(true);
      expect(error.intuitTid).toBe('tid-abc-123');
    }
  });

  it('treats Intuit code 500 as Unsupported Operation on a 400 but as a server failure on an HTTP 500', () => {
    expect(map(axiosError(400, upperFault('500'))).constructor).toBe(QuickBooksValidationError);
    expect(map(axiosError(500, upperFault('500', 'SystemFault'))).constructor).toBe(QuickBooksTransientError);
  });

  it('maps a 200 response carrying a Fault with the context node-quickbooks passes separately', () => {
    const error = map(upperFault('6140'), { status: 200, headers: { intuit_tid: 'tid-200' }, operation: 'create Invoice' });
    expect(error).toBeInstanceOf(QuickBooksDuplicateDocNumberError);
    expect(error.intuitTid).toBe('tid-200');
    expect(error.element).toBe('Line.Amount');
    expect(error.message).toContain('create Invoice');
    expect(map({ Error: [{ Message: 'x', code: '6210' }], type: 'ValidationFault' })).toBeInstanceOf(QuickBooksClosedPeriodError);
    expect(map({ Fault: { Error: [{ Message: 'odd' }], type: 'SystemFault' } })).toBeInstanceOf(QuickBooksTransientError);
  });

  it.each([
    ['ECONNABORTED', true],
    ['ETIMEDOUT', true],
    ['ECONNRESET', true],
    ['ERR_CANCELED', true],
    ['EPIPE', true],
    ['ECONNREFUSED', false],
    ['ENOTFOUND', false],
  ])('network failure %s → transient (mayHaveCommitted %p)', (code, mayHaveCommitted) => {
    const viaAxios = map(axiosError(undefined, undefined, {}, code));
    const plain = map(Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code }));
    for (const error of [viaAxios, plain]) {
      expect(error).toBeInstanceOf(QuickBooksTransientError);
      expect((error as QuickBooksTransientError).mayHaveCommitted).toBe(mayHaveCommitted);
      expect(error.retryable).toBe(true);
    }
  });

  it('maps socket hang up, a timeout message, a plain Error and junk to transient', () => {
    expect(map(new Error('socket hang up')).code).toBe('ECONNRESET');
    expect(map(new Error('timeout of 1000ms exceeded')).code).toBe('ETIMEDOUT');
    for (const input of [new Error('weird'), 'boom', null, undefined, 42]) {
      const error = map(input);
      expect(error).toBeInstanceOf(QuickBooksTransientError);
      expect((error as QuickBooksTransientError).mayHaveCommitted).toBe(true);
    }
  });

  it('passes typed errors through untouched', () => {
    const original = map(upperFault('6240'));
    expect(toQuickBooksError(original)).toBe(original);
  });

  it('keeps a plain-language detail and several fault entries', () => {
    const error = map({
      Fault: {
        Error: [
          { Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists. : Another customer is using "Jane Doe"', code: '6240' },
          { Message: 'Second', code: '6000' },
        ],
        type: 'ValidationFault',
      },
    });
    expect(error).toBeInstanceOf(QuickBooksDuplicateNameError);
    expect(error.detail).toMatch(/^The name is already used/);
    expect(error.detail).toContain('Jane Doe');
    expect(error.errors).toHaveLength(2);
  });
});

describe('no bearer token in any produced error', () => {
  it('scrubs tokens Intuit echoes back in fault text', () => {
    const echoed = map(axiosError(401, {
      fault: { error: [{ message: `Authorization: Bearer ${TOKEN}`, detail: `Token expired: ${TOKEN}`, code: '3200' }], type: 'AUTHENTICATION' },
    }));
    expect(echoed).toBeInstanceOf(QuickBooksAuthError);
    const viaXml = map(xmlFault('100', 'AuthenticationFault', 'General Authentication Error', `bad token ${TOKEN}`));
    expect(viaXml).toBeInstanceOf(QuickBooksAuthError);
    const viaMessage = map(Object.assign(new Error(`request with Bearer ${TOKEN} failed`), { code: 'ECONNRESET' }));
    expect(viaMessage).toBeInstanceOf(QuickBooksTransientError);
  });

  it('holds nowhere in JSON, inspect, String or stack for every error produced in this file', () => {
    expect(produced.length).toBeGreaterThan(100);
    const secretParts = [TOKEN, TOKEN.slice(0, 30), 'SECRET-bearer-token-value'];
    for (const error of produced) {
      const renderings = [
        JSON.stringify(error),
        inspect(error, { depth: Infinity, showHidden: true }),
        String(error),
        error.stack ?? '',
        error.message,
        error.detail,
        JSON.stringify(Object.getOwnPropertyNames(error).map((key) => [key, (error as unknown as Record<string, unknown>)[key]])),
      ];
      for (const text of renderings) {
        for (const secret of secretParts) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/bearer\s+(?!\[redacted\])\S/i);
      }
      expect(Object.keys(error)).not.toEqual(expect.arrayContaining(['config', 'request', 'response', 'cause']));
    }
  });
});

/** The queue's pure decisions: backoff bounds, cap and jitter, and what each failure class does to a job. */
import { ReconnectRequiredError, TokenEndpointUnavailableError } from '@/lib/quickbooks-connection/intuit-oauth';
import { NotConnectedError } from '@/lib/quickbooks-connection/token-manager';
import {
  QuickBooksAuthError,
  QuickBooksClosedPeriodError,
  QuickBooksDuplicateDocNumberError,
  QuickBooksDuplicateNameError,
  QuickBooksNotFoundError,
  QuickBooksStaleObjectError,
  QuickBooksSubscriptionEndedError,
  QuickBooksThrottledError,
  QuickBooksTransientError,
  QuickBooksValidationError,
} from '@/lib/quickbooks/quickbooks-errors';
import {
  DEFAULT_BACKOFF,
  MIN_THROTTLE_DELAY_MS,
  backoffCeilingMs,
  backoffDelayMs,
  decideFailure,
} from './job-backoff';
import { NeedsAttentionError, classifyJobError } from './job-errors';

const fixed = (value: number) => () => value;

describe('backoff with full jitter', () => {
  it('defaults to base 5 s and cap 1 h', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 5_000, capMs: 3_600_000 });
  });

  it('doubles the ceiling per failed attempt from the base, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffCeilingMs(n))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(backoffCeilingMs(10)).toBe(2_560_000);
    expect(backoffCeilingMs(11)).toBe(3_600_000);
    expect(backoffCeilingMs(1_000)).toBe(3_600_000);
    expect(backoffCeilingMs(0)).toBe(5_000);
  });

  it('honours a configured base and cap', () => {
    const options = { baseMs: 100, capMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffCeilingMs(n, options))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws the delay uniformly from [0, ceiling) with the injected random', () => {
    expect(backoffDelayMs(3, DEFAULT_BACKOFF, fixed(0))).toBe(0);
    expect(backoffDelayMs(3, DEFAULT_BACKOFF, fixed(0.5))).toBe(10_000);
    expect(backoffDelayMs(3, DEFAULT_BACKOFF, fixed(0.25))).toBe(5_000);
    expect(backoffDelayMs(3, DEFAULT_BACKOFF, fixed(0.999999))).toBe(19_999);
    expect(backoffDelayMs(40, DEFAULT_BACKOFF, fixed(0.5))).toBe(1_800_000);
  });

  it('stays within [0, ceiling) for any random value, even out-of-contract ones', () => {
    for (const n of [1, 2, 5, 12, 60]) {
      const ceiling = backoffCeilingMs(n);
      for (const r of [0, 0.1, 0.5, 0.9, 0.999999999, 1, 1.5, -0.5]) {
        const delay = backoffDelayMs(n, DEFAULT_BACKOFF, fixed(r));
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads delays across the whole range with a real random source', () => {
    const delays = Array.from({ length: 2_000 }, () => backoffDelayMs(4));
    expect(Math.min(...delays)).toBeLessThan(4_000);
    expect(Math.max(...delays)).toBeGreaterThan(36_000);
    expect(Math.max(...delays)).toBeLessThan(40_000);
  });
});

describe('decideFailure', () => {
  const context = { attempts: 2, maxAttempts: 5, backoff: { baseMs: 1_000, capMs: 60_000 }, random: fixed(0.5) };

  it('retries a transient failure with backoff and counts the attempt', () => {
    expect(decideFailure({ class: 'transient', message: 'boom' }, context)).toEqual({ status: 'pending', delayMs: 2_000, attempts: 3 });
  });

  it('dead-letters the failure that uses up maxAttempts', () => {
    expect(decideFailure({ class: 'transient', message: 'boom' }, { ...context, attempts: 4 })).toEqual({ status: 'dead', attempts: 5 });
    expect(decideFailure({ class: 'transient', message: 'boom' }, { ...context, attempts: 0, maxAttempts: 1 })).toEqual({
      status: 'dead',
      attempts: 1,
    });
  });

  it('waits out a throttle without using an attempt, never sooner than the minimum', () => {
    expect(decideFailure({ class: 'throttled', message: '429', retryAfterMs: 30_000 }, context)).toEqual({
      status: 'pending',
      delayMs: 30_000,
      attempts: 2,
    });
    expect(decideFailure({ class: 'throttled', message: '429', retryAfterMs: 0 }, { ...context, attempts: 4 })).toEqual({
      status: 'pending',
      delayMs: MIN_THROTTLE_DELAY_MS,
      attempts: 4,
    });
  });

  it('parks on a lost connection with its reason, and needs attention on a permanent error', () => {
    expect(decideFailure({ class: 'connection', message: 'Reconnect QuickBooks.' }, context)).toEqual({
      status: 'parked',
      reason: 'Reconnect QuickBooks.',
    });
    expect(decideFailure({ class: 'permanent', message: 'No item for SKU X' }, { ...context, attempts: 4 })).toEqual({
      status: 'needs_attention',
    });
  });
});

describe('classifyJobError', () => {
  const init = { detail: 'QuickBooks said something.', operation: 'create Invoice' };

  it('maps our own and the connection errors', () => {
    expect(classifyJobError(new NeedsAttentionError('Map SKU "X-1" to a QuickBooks item.'))).toEqual({
      class: 'permanent',
      message: 'Map SKU "X-1" to a QuickBooks item.',
    });
    expect(classifyJobError(new ReconnectRequiredError('Reconnect QuickBooks (invalid_grant).'))).toEqual({
      class: 'connection',
      message: 'Reconnect QuickBooks (invalid_grant).',
    });
    expect(classifyJobError(new NotConnectedError('abc')).class).toBe('connection');
  });

  it('maps every QuickBooks error kind', () => {
    const cases: Array<[Error, string]> = [
      [new QuickBooksAuthError(init), 'connection'],
      [new QuickBooksSubscriptionEndedError(init), 'connection'],
      [new QuickBooksThrottledError({ ...init, retryAfterMs: 12_000 }), 'throttled'],
      [new QuickBooksValidationError(init), 'permanent'],
      [new QuickBooksDuplicateNameError(init), 'permanent'],
      [new QuickBooksDuplicateDocNumberError(init), 'permanent'],
      [new QuickBooksClosedPeriodError(init), 'permanent'],
      [new QuickBooksNotFoundError(init), 'permanent'],
      [new QuickBooksStaleObjectError(init), 'transient'],
      [new QuickBooksTransientError({ ...init, mayHaveCommitted: true }), 'transient'],
    ];
    for (const [error, expected] of cases) expect([error.name, classifyJobError(error).class]).toEqual([error.name, expected]);
    expect(classifyJobError(new QuickBooksThrottledError({ ...init, retryAfterMs: 12_000 })).retryAfterMs).toBe(12_000);
  });

  it('treats unknown failures as transient, with a scrubbed, bounded message', () => {
    const token = `eyJ${'a'.repeat(60)}`;
    const classified = classifyJobError(new Error(`request failed: Authorization: Bearer ${token} ${'x '.repeat(2_000)}`));
    expect(classified.class).toBe('transient');
    expect(classified.message).not.toContain(token);
    expect(classified.message.length).toBeLessThanOrEqual(1_000);
    expect(classifyJobError('plain string').class).toBe('transient');
    expect(classifyJobError(new TokenEndpointUnavailableError('Intuit token endpoint failed (HTTP 503)')).class).toBe('transient');
  });
});

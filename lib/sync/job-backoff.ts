/**
 * The queue's pure decisions, kept apart from Firestore so they are unit-tested directly:
 *  - backoff with full jitter (AWS "Exponential Backoff and Jitter"): the n-th failure waits a uniformly random
 *    time in [0, min(cap, base·2^(n−1))), so many jobs failing together (an outage) don't retry together;
 *  - what a classified handler failure does to the job (retry when, park, needs attention, dead).
 */
import type { ClassifiedJobError } from './job-errors';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, capMs: 60 * 60_000 };

/** Never come back sooner than this after a 429, whatever Retry-After said. */
export const MIN_THROTTLE_DELAY_MS = 1_000;

/** The exponential ceiling for the n-th failed attempt (n ≥ 1): min(cap, base·2^(n−1)). */
export function backoffCeilingMs(failedAttempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 52);
  return Math.min(options.capMs, options.baseMs * 2 ** exponent);
}

/** Full jitter: a whole number of ms in [0, ceiling). `random` is Math.random's contract, clamped to be safe. */
export function backoffDelayMs(
  failedAttempts: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeilingMs(failedAttempts, options);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(r * ceiling), Math.max(ceiling - 1, 0));
}

export type FailureDecision =
  | { status: 'pending'; delayMs: number; attempts: number }
  | { status: 'parked'; reason: string }
  | { status: 'needs_attention' }
  | { status: 'dead'; attempts: number };

export interface FailureContext {
  /** Failed attempts before this one. */
  attempts: number;
  maxAttempts: number;
  backoff?: BackoffOptions;
  random?: () => number;
}

/** What a failed run does to its job. Only transient failures consume an attempt. */
export function decideFailure(error: ClassifiedJobError, context: FailureContext): FailureDecision {
  switch (error.class) {
    case 'permanent':
      return { status: 'needs_attention' };
    case 'connection':
      return { status: 'parked', reason: error.message };
    case 'throttled':
      return {
        status: 'pending',
        delayMs: Math.max(error.retryAfterMs ?? MIN_THROTTLE_DELAY_MS, MIN_THROTTLE_DELAY_MS),
        attempts: context.attempts,
      };
    case 'transient': {
      const attempts = context.attempts + 1;
      if (attempts >= context.maxAttempts) return { status: 'dead', attempts };
      return { status: 'pending', delayMs: backoffDelayMs(attempts, context.backoff, context.random), attempts };
    }
  }
}

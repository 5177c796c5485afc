/**
 * What a sync handler's failure means for its job. Handlers throw; the queue asks classifyJobError() which of
 * four things happened, and never looks at error text:
 *   permanent  → needs_attention: only the merchant can fix it (missing mapping, validation, closed period …).
 *                Throw NeedsAttentionError with a plain-language reason for our own checks.
 *   connection → parked until the merchant reconnects QuickBooks (no attempt consumed, no retry loop).
 *   throttled  → retried after QuickBooks' Retry-After hint (no attempt consumed).
 *   transient  → retried with backoff until maxAttempts, then dead. Unknown errors land here too: a bug or an
 *                outage must not silently drop work, and dead jobs can be replayed.
 */
import type { JobErrorClass } from '@/lib/firestore/job-repository';
import { ReconnectRequiredError } from '@/lib/quickbooks-connection/intuit-oauth';
import { NotConnectedError } from '@/lib/quickbooks-connection/token-manager';
import { QuickBooksError, QuickBooksThrottledError, scrubQuickBooksText } from '@/lib/quickbooks/quickbooks-errors';

/** A permanent problem only the merchant can fix; `reason` is shown to them as is. */
export class NeedsAttentionError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'NeedsAttentionError';
    this.reason = reason;
  }
}

/** enqueue() was given something that cannot name a job (empty id, a '/' …): a programming error. */
export class InvalidJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidJobError';
  }
}

/** The failure classes a handler can produce ('lost' is the queue's own: a worker vanished mid-run). */
export type HandlerErrorClass = Exclude<JobErrorClass, 'lost'>;

export interface ClassifiedJobError {
  class: HandlerErrorClass;
  /** Plain language, scrubbed of anything token-like, bounded in length. */
  message: string;
  /** For 'throttled': how long QuickBooks asked us to wait. */
  retryAfterMs?: number;
}

const MAX_MESSAGE = 1000;

export function plainMessage(text: string): string {
  const scrubbed = scrubQuickBooksText(text.replace(/\s+/g, ' ').trim());
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE - 1)}…` : scrubbed || 'Unknown error';
}

const NOT_CONNECTED_REASON = 'QuickBooks is not connected for this store. Connect QuickBooks; queued work resumes once it is connected.';

export function classifyJobError(error: unknown): ClassifiedJobError {
  if (error instanceof NeedsAttentionError) return { class: 'permanent', message: plainMessage(error.reason) };
  if (error instanceof ReconnectRequiredError) return { class: 'connection', message: plainMessage(error.message) };
  if (error instanceof NotConnectedError) return { class: 'connection', message: NOT_CONNECTED_REASON };
  if (error instanceof QuickBooksThrottledError) {
    return { class: 'throttled', message: plainMessage(error.message), retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof QuickBooksError) return { class: classOfQuickBooksError(error), message: plainMessage(error.message) };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { class: 'transient', message: plainMessage(message) };
}

/** Exhaustive over QuickBooksError kinds: a new kind does not compile until it is placed here. */
function classOfQuickBooksError(error: QuickBooksError): HandlerErrorClass {
  switch (error.kind) {
    case 'auth': // token expired/revoked or the user lost access: only reconnecting fixes it
    case 'subscription-ended': // the company is not active: syncing must stop until it is
      return 'connection';
    case 'throttled':
      return 'throttled';
    case 'validation':
    case 'duplicate-name': // the handler picks unique names; one that still collides needs a person
    case 'duplicate-doc-number':
    case 'closed-period':
    case 'not-found':
      return 'permanent';
    case 'stale-object': // the next run re-reads the record, so a retry fixes it
    case 'transient':
      return 'transient';
  }
}

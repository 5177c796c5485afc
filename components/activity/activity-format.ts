/**
 * How the merchant's activity pages word things: QuickBooks document labels (voided and reversed marked), totals
 * (exact, via formatMinor), times, the plain-language reason of a job, and which jobs offer "Retry". Type-only
 * imports from lib/, so nothing server-side reaches the browser bundle.
 */
import type { ActivityDocument, ActivityItem } from '@/lib/activity/sync-activity';
import type { TimelineEntryType } from '@/lib/activity/sync-activity';
import type { JobStatus } from '@/lib/firestore/job-repository';
import type { LedgerEntity } from '@/lib/firestore/ledger-repository';
import { formatMinor } from '@/lib/money/money';

export const ENTITY_LABELS: Record<LedgerEntity, string> = {
  SalesReceipt: 'Sales receipt',
  Invoice: 'Invoice',
  Payment: 'Payment',
  RefundReceipt: 'Refund receipt',
  CreditMemo: 'Credit memo',
};

export const STEP_LABELS: Record<TimelineEntryType, string> = {
  webhook: 'Webhook received',
  fetched: 'Fetched from BigCommerce',
  decided: 'Decided',
  'quickbooks-request': 'Sent to QuickBooks',
  'quickbooks-response': 'QuickBooks answered',
  outcome: 'Outcome',
};

/** Statuses a merchant can retry: finished one way or another, or waiting on a reconnect. */
export const RETRYABLE: ReadonlySet<JobStatus> = new Set<JobStatus>(['needs_attention', 'dead', 'parked', 'done']);

export function canRetry(item: Pick<ActivityItem, 'status' | 'orderId'>): item is Pick<ActivityItem, 'status'> & { orderId: number } {
  return item.orderId !== undefined && RETRYABLE.has(item.status);
}

/** "Sales receipt BC-101", and what happened to it since. */
export function documentState(document: Pick<ActivityDocument, 'status' | 'reversedBy'>): string | undefined {
  if (document.status === 'voided') return document.reversedBy ? `reversed by credit memo ${document.reversedBy}` : 'voided';
  if (document.status === 'pending') return 'not confirmed yet';
  return undefined;
}

export function documentLabel(document: ActivityDocument): string {
  const state = documentState(document);
  return `${ENTITY_LABELS[document.entity]} ${document.docNumber}${state ? ` (${state})` : ''}`;
}

export function formatTotal(cents: number | undefined, currency: string | undefined): string {
  if (cents === undefined || !currency) return '—';
  return `${formatMinor(cents, currency)} ${currency}`;
}

export function formatWhen(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** Why the job is where it is, in plain language; empty when nothing went wrong. */
export function reasonOf(item: Pick<ActivityItem, 'parkedReason' | 'lastError'>): string {
  return item.parkedReason ?? item.lastError?.message ?? '';
}

export function attemptsText(item: Pick<ActivityItem, 'attempts' | 'maxAttempts'>): string {
  return `${item.attempts} of ${item.maxAttempts}`;
}

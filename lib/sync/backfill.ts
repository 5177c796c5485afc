/**
 * Historical backfill: post (or, in a dry run, only count and total) every BigCommerce order created in a
 * date range, a page of order ids per worker run. Orders go through the same order sync as webhooks
 * (ledger, exactly once), with the start date lifted, so a backfill can be re-run, resumed or overlap live
 * traffic without double-posting. Progress lives in stores/{h}/backfills/current; each order a real run
 * processes also lands on its order job (backfill-order-job.ts), so it shows in the activity views with its
 * outcome and its "Retry" posts it as the backfill did.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import type { AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { bigCommerceClientFor } from '@/lib/app-lifecycle/store-access';
import { listOrderIdsCreatedBetween, ORDER_ID_PAGE_SIZE, readOrderSnapshot } from '@/lib/bigcommerce/order-reader';
import type { BackfillRecord } from '@/lib/firestore/backfill-repository';
import { StoreNotInstalledError } from '@/lib/app-lifecycle/lifecycle-errors';
import { parseMinor } from '@/lib/money/money';
import { backfillOrderJobWrite, orderJobIdOf, type BackfillOrderOutcome } from './backfill-order-job';
import { IsoDaySchema } from './iso-day';
import { classifyJobError } from './job-errors';
import { DEFAULT_MAX_ATTEMPTS } from './job-queue';
import { syncOrder } from './sync-order';

export const BACKFILL_JOB = { kind: 'backfill', subjectId: 'current' } as const;

/** Starting while one runs, or resuming what is not cancelled. */
export class BackfillConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackfillConflictError';
  }
}
const MAX_PROBLEMS = 50;

export const StartBackfillInput = z
  .object({
    // Real days: "2026-02-30" passes a format check and BigCommerce reads it as 1 March.
    from: IsoDaySchema,
    to: IsoDaySchema,
    dryRun: z.boolean().default(true),
  })
  .strict()
  .refine((input) => input.from <= input.to, { message: 'from must not be after to', path: ['from'] });

export type BackfillView = Omit<BackfillRecord, 'startedAt' | 'updatedAt' | 'finishedAt'> & {
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  percent: number;
};

export function toBackfillView(record: BackfillRecord): BackfillView {
  const { startedAt, updatedAt, finishedAt, ...rest } = record;
  const percent = record.status === 'done' ? 100 : record.expected > 0 ? Math.min(99, Math.floor((record.processed * 100) / record.expected)) : 0;
  return {
    ...rest,
    startedAt: startedAt.toDate().toISOString(),
    updatedAt: updatedAt.toDate().toISOString(),
    ...(finishedAt ? { finishedAt: finishedAt.toDate().toISOString() } : {}),
    percent,
  };
}

async function storeClient(deps: AppDeps, storeHash: string) {
  const store = await deps.stores.getStore(storeHash);
  if (!store) throw new StoreNotInstalledError(storeHash);
  return bigCommerceClientFor(deps.config, store, deps.fetchImpl);
}

const rangeOf = (input: { from: string; to: string }) => ({ from: `${input.from}T00:00:00Z`, to: `${input.to}T23:59:59Z` });

export async function startBackfill(deps: AppDeps, auth: AuthenticatedRequest, raw: unknown): Promise<BackfillView> {
  const input = StartBackfillInput.parse(raw);
  const current = await deps.sync.backfills.get(auth.storeHash);
  if (current?.status === 'running') throw new BackfillConflictError('A backfill is already running; cancel it first.');
  const { from, to } = rangeOf(input);
  const counted = await (await storeClient(deps, auth.storeHash)).get<{ count?: number }>('/v2/orders/count', {
    min_date_created: from,
    max_date_created: to,
  });
  const now = Timestamp.now();
  const record: BackfillRecord = {
    from,
    to,
    dryRun: input.dryRun,
    status: 'running',
    nextPage: 1,
    expected: counted?.count ?? 0,
    processed: 0,
    posted: 0,
    skipped: 0,
    failed: 0,
    totals: {},
    problems: [],
    startedBy: auth.userId,
    startedAt: now,
    updatedAt: now,
  };
  await deps.sync.backfills.set(auth.storeHash, record);
  await deps.jobs.enqueue(auth.storeHash, BACKFILL_JOB);
  return toBackfillView(record);
}

export async function cancelBackfill(deps: AppDeps, storeHash: string): Promise<BackfillView | null> {
  const current = await deps.sync.backfills.get(storeHash);
  if (!current) return null;
  if (current.status === 'running') await deps.sync.backfills.update(storeHash, { status: 'cancelled' });
  return toBackfillView({ ...current, status: current.status === 'running' ? 'cancelled' : current.status });
}

/** Continues a cancelled backfill from the page it stopped at. */
export async function resumeBackfill(deps: AppDeps, storeHash: string): Promise<BackfillView> {
  const current = await deps.sync.backfills.get(storeHash);
  if (!current || current.status !== 'cancelled') throw new BackfillConflictError('There is no cancelled backfill to resume.');
  await deps.sync.backfills.update(storeHash, { status: 'running' });
  await deps.jobs.enqueue(storeHash, BACKFILL_JOB);
  return toBackfillView({ ...current, status: 'running' });
}

export async function getBackfill(deps: AppDeps, storeHash: string): Promise<BackfillView | null> {
  const current = await deps.sync.backfills.get(storeHash);
  return current ? toBackfillView(current) : null;
}

/** One worker run: one page of orders. Re-enqueues itself while pages remain. */
export async function runBackfillPage(deps: AppDeps, storeHash: string): Promise<void> {
  const current = await deps.sync.backfills.get(storeHash);
  if (!current || current.status !== 'running') return;
  const client = await storeClient(deps, storeHash);
  const ids = await listOrderIdsCreatedBetween(client, current.from, current.to, current.nextPage);
  const progress = {
    posted: current.posted,
    skipped: current.skipped,
    failed: current.failed,
    totals: { ...current.totals },
    problems: [...current.problems],
  };
  const settings = await deps.sync.settings.get(storeHash);
  for (const orderId of ids) {
    if (current.dryRun) {
      const snapshot = await readOrderSnapshot(client, orderId, { refunds: false, taxes: false, transactions: false });
      if (snapshot && settings.postingStatusIds.includes(snapshot.order.status_id)) {
        const currency = snapshot.order.default_currency_code;
        progress.posted += 1;
        progress.totals[currency] = (progress.totals[currency] ?? 0) + parseMinor(snapshot.order.total_inc_tax, currency);
      } else {
        progress.skipped += 1;
      }
      continue;
    }
    const startedAt = Timestamp.now();
    await deps.sync.audit.append(storeHash, {
      subject: orderJobIdOf(orderId),
      type: 'decided',
      summary: `Included in the backfill of orders placed ${current.from.slice(0, 10)} to ${current.to.slice(0, 10)}: synced even if placed before the start date.`,
    });
    let outcome: BackfillOrderOutcome;
    try {
      const synced = await syncOrder(deps, storeHash, orderId, { ignoreStartDate: true, ignoreLive: true });
      if (synced.action === 'synced') progress.posted += 1;
      else progress.skipped += 1;
      outcome = { status: 'done' };
    } catch (error) {
      const failure = classifyJobError(error);
      // Connection or transient trouble: the page runs again (orders already posted are no-ops).
      if (failure.class !== 'permanent') throw error;
      progress.failed += 1;
      if (progress.problems.length < MAX_PROBLEMS) progress.problems.push({ orderId, reason: failure.message });
      outcome = { status: 'needs_attention', reason: failure.message };
    }
    const run = { storeHash, orderId, outcome, startedAt, finishedAt: Timestamp.now(), maxAttempts: DEFAULT_MAX_ATTEMPTS };
    await deps.jobRecords.upsert(storeHash, orderJobIdOf(orderId), (job) => backfillOrderJobWrite(job, run));
  }
  const last = ids.length < ORDER_ID_PAGE_SIZE;
  await deps.sync.backfills.update(storeHash, {
    ...progress,
    processed: current.processed + ids.length,
    nextPage: current.nextPage + 1,
    ...(last ? { status: 'done' as const, finishedAt: Timestamp.now() } : {}),
  });
  if (!last) await deps.jobs.enqueue(storeHash, BACKFILL_JOB);
}

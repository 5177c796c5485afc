/**
 * The merchant's "Retry" on the activity pages: runs chosen orders' sync jobs (`order-{id}`) again from scratch,
 * in the merchant's own store only. Each replayed order's timeline first gets a line saying who asked, so the
 * story reads "Replayed by …" followed by the new run. Order numbers with no job in this store are reported back,
 * not treated as an error (another store's order number is simply unknown here). Replaying is safe for orders
 * already in QuickBooks: the posting ledger keeps the effect exactly-once.
 */
import { z } from 'zod';
import type { AuditLogRepository } from '@/lib/firestore/audit-log-repository';
import type { Job, JobStatus } from '@/lib/firestore/job-repository';
import type { JobQueue } from '@/lib/sync/job-queue';

export const MAX_REPLAY_ORDERS = 100;

export const ReplayOrdersInput = z
  .object({
    orderIds: z
      .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
      .min(1)
      .max(MAX_REPLAY_ORDERS)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'must not repeat an order' }),
  })
  .strict();

export interface ReplayOrdersDeps {
  jobs: Pick<JobQueue, 'get' | 'replay'>;
  audit: Pick<AuditLogRepository, 'append'>;
}

/** Who asked: the authenticated store and user of the request. */
export interface ReplayActor {
  storeHash: string;
  email: string;
}

export interface ReplayOrdersResult {
  /** How many jobs will run again (a job running right now runs once more after it finishes). */
  queued: number;
  /** The orders whose jobs were replayed. */
  orderIds: number[];
  /** Order numbers this store has no sync activity for; nothing was done for them. */
  unknown: number[];
}

const STATUS_WORDS: Record<JobStatus, string> = {
  pending: 'waiting',
  running: 'syncing',
  parked: 'paused until QuickBooks is reconnected',
  needs_attention: 'needing attention',
  done: 'synced',
  dead: 'failed',
};

export async function replayOrders(deps: ReplayOrdersDeps, actor: ReplayActor, raw: unknown): Promise<ReplayOrdersResult> {
  const { orderIds } = ReplayOrdersInput.parse(raw);
  const jobs = await Promise.all(orderIds.map(async (orderId) => ({ orderId, job: await deps.jobs.get(actor.storeHash, `order-${orderId}`) })));
  const found = jobs.filter((entry): entry is { orderId: number; job: Job } => entry.job !== undefined);
  const unknown = jobs.filter((entry) => entry.job === undefined).map((entry) => entry.orderId);
  if (found.length === 0) return { queued: 0, orderIds: [], unknown };

  // Written before the jobs move, so the timeline shows who asked ahead of the run it caused.
  await Promise.all(
    found.map(({ job }) =>
      deps.audit.append(actor.storeHash, {
        subject: job.id,
        type: 'decided',
        summary: `Replayed by ${actor.email} (it was ${STATUS_WORDS[job.status]}); the order is synced again, and nothing already in QuickBooks is posted twice.`,
      }),
    ),
  );
  const queued = await deps.jobs.replay(
    actor.storeHash,
    found.map(({ job }) => job.id),
  );
  return { queued, orderIds: found.map(({ orderId }) => orderId), unknown };
}

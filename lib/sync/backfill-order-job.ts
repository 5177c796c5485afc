/**
 * How a backfill's run of one order lands on that order's job record (`order-{id}`). The activity views, the
 * dashboard and the support drill-down list order jobs, and a backfill runs orders without the queue, so without
 * a record the orders it posted (or could not post) would be invisible there, and a "Retry" on them impossible.
 *
 * The rule: the later run wins, and what the queue is about to do stays the queue's.
 *
 *   no job                          → created as done (posted, or skipped: the timeline says why) or as
 *                                     needs_attention with the plain-language reason
 *   done | needs_attention | dead,
 *     last changed before the
 *     backfill's run began          → replaced by the backfill's outcome (attempts 0): the backfill read the
 *                                     order later, so its outcome is the newer information (typically the job
 *                                     says "skipped: placed before the start date", and the backfill posted it)
 *     changed since                 → left as it is: a run that finished after ours started is newer
 *   pending | parked                → left as it is: the queue will run it, and that run is newer still
 *   running                         → rerun: its run may have read the order before ours did, so it runs once
 *                                     more afterwards and has the last word
 *
 * Whatever the case, the job is marked ignoreStartDate: the merchant asked for this order, so its later runs
 * (a retry from the activity page, a webhook for a refund) post it as the backfill did, even though it was placed
 * before the start date. "Go live" is not lifted with it: a paused store keeps every automatic run waiting.
 */
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { jobIdFor, type Job, type JobPatch, type JobRecord, type JobWrite } from '@/lib/firestore/job-repository';

export type BackfillOrderOutcome = { status: 'done' } | { status: 'needs_attention'; reason: string };

export interface BackfillOrderRun {
  storeHash: string;
  orderId: number;
  outcome: BackfillOrderOutcome;
  /** When the backfill started this order's run (before it read the order). */
  startedAt: Timestamp;
  /** When the run ended; the job's new updatedAt and finishedAt. */
  finishedAt: Timestamp;
  /** For a job created here, as the queue would give it. */
  maxAttempts: number;
}

export const orderJobIdOf = (orderId: number) => jobIdFor('order', String(orderId));

/** What to write to the order's job (see the rule above); undefined when nothing changes. Pure. */
export function backfillOrderJobWrite(current: Job | undefined, run: BackfillOrderRun): JobWrite | undefined {
  const at = run.finishedAt;
  const lastError = run.outcome.status === 'needs_attention' ? { class: 'permanent' as const, message: run.outcome.reason, at } : null;
  if (!current) {
    const record: JobRecord = {
      storeHash: run.storeHash,
      kind: 'order',
      subjectId: String(run.orderId),
      status: run.outcome.status,
      dueAt: at,
      attempts: 0,
      maxAttempts: run.maxAttempts,
      lease: null,
      rerun: false,
      coalesced: 0,
      lastError,
      createdAt: at,
      updatedAt: at,
      finishedAt: at,
      ignoreStartDate: true,
    };
    return { create: record };
  }
  const flag: JobPatch = current.ignoreStartDate === true ? {} : { ignoreStartDate: true };
  switch (current.status) {
    case 'done':
    case 'needs_attention':
    case 'dead': {
      if (current.updatedAt.toMillis() > run.startedAt.toMillis()) return patchOrNothing(flag);
      return {
        update: {
          status: run.outcome.status,
          lastError,
          attempts: 0,
          lease: null,
          rerun: false,
          parkedReason: FieldValue.delete(),
          finishedAt: at,
          updatedAt: at,
          ignoreStartDate: true,
        },
      };
    }
    case 'running':
      return current.rerun && current.ignoreStartDate === true ? undefined : { update: { ...flag, rerun: true, updatedAt: at } };
    case 'pending':
    case 'parked':
      return patchOrNothing(flag);
  }
}

function patchOrNothing(patch: JobPatch): JobWrite | undefined {
  return Object.keys(patch).length > 0 ? { update: patch } : undefined;
}

import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import type { Job, JobStatus } from '@/lib/firestore/job-repository';
import { backfillOrderJobWrite, orderJobIdOf, type BackfillOrderRun } from './backfill-order-job';

const at = (seconds: number) => Timestamp.fromMillis(1_770_000_000_000 + seconds * 1000);

const run = (patch: Partial<BackfillOrderRun> = {}): BackfillOrderRun => ({
  storeHash: 'abc123',
  orderId: 101,
  outcome: { status: 'done' },
  startedAt: at(100),
  finishedAt: at(101),
  maxAttempts: 8,
  ...patch,
});

function job(status: JobStatus, patch: Partial<Job> = {}): Job {
  return {
    id: 'order-101',
    storeHash: 'abc123',
    kind: 'order',
    subjectId: '101',
    status,
    dueAt: at(0),
    attempts: 2,
    maxAttempts: 8,
    lease: status === 'running' ? { holder: 'worker:1', expiresAt: at(160) } : null,
    rerun: false,
    coalesced: 3,
    lastError: null,
    createdAt: at(0),
    updatedAt: at(50),
    ...patch,
  };
}

describe('backfillOrderJobWrite', () => {
  it('names the job the queue uses for the order', () => {
    expect(orderJobIdOf(101)).toBe('order-101');
  });

  it('creates a missing job as done, finished, with nothing left to run, and marked as asked for', () => {
    expect(backfillOrderJobWrite(undefined, run())).toEqual({
      create: {
        storeHash: 'abc123',
        kind: 'order',
        subjectId: '101',
        status: 'done',
        dueAt: at(101),
        attempts: 0,
        maxAttempts: 8,
        lease: null,
        rerun: false,
        coalesced: 0,
        lastError: null,
        createdAt: at(101),
        updatedAt: at(101),
        finishedAt: at(101),
        ignoreStartDate: true,
      },
    });
  });

  it('creates a missing job as needs_attention with the reason, as a permanent failure', () => {
    const write = backfillOrderJobWrite(undefined, run({ outcome: { status: 'needs_attention', reason: 'No QuickBooks item for SKU LAMP-9.' } }));
    expect(write).toMatchObject({
      create: { status: 'needs_attention', lastError: { class: 'permanent', message: 'No QuickBooks item for SKU LAMP-9.', at: at(101) }, finishedAt: at(101) },
    });
  });

  it.each(['done', 'needs_attention', 'dead'] as const)('replaces a %s job last changed before the run began with the run’s outcome', (status) => {
    const current = job(status, {
      lastError: { class: 'transient', message: 'QuickBooks timed out.', at: at(40) },
      finishedAt: at(50),
      parkedReason: 'old',
    });
    expect(backfillOrderJobWrite(current, run({ outcome: { status: 'needs_attention', reason: 'Closed period.' } }))).toEqual({
      update: {
        status: 'needs_attention',
        lastError: { class: 'permanent', message: 'Closed period.', at: at(101) },
        attempts: 0,
        lease: null,
        rerun: false,
        parkedReason: FieldValue.delete(),
        finishedAt: at(101),
        updatedAt: at(101),
        ignoreStartDate: true,
      },
    });
    expect(backfillOrderJobWrite(current, run())).toMatchObject({ update: { status: 'done', lastError: null, attempts: 0 } });
  });

  it('leaves a finished job that changed after the run began as it is (a newer run), only marking it', () => {
    const newer = job('needs_attention', { updatedAt: at(100.5), lastError: { class: 'permanent', message: 'Newer reason.', at: at(100.5) } });
    expect(backfillOrderJobWrite(newer, run())).toEqual({ update: { ignoreStartDate: true } });
    expect(backfillOrderJobWrite({ ...newer, ignoreStartDate: true }, run())).toBeUndefined();
  });

  it.each(['pending', 'parked'] as const)('leaves a %s job to the queue, only marking it so its run honours the request', (status) => {
    expect(backfillOrderJobWrite(job(status), run({ outcome: { status: 'needs_attention', reason: 'x' } }))).toEqual({ update: { ignoreStartDate: true } });
    expect(backfillOrderJobWrite(job(status, { ignoreStartDate: true }), run())).toBeUndefined();
  });

  it('asks a running job to run once more, so the last word is a run that read the order after the backfill', () => {
    expect(backfillOrderJobWrite(job('running'), run())).toEqual({ update: { ignoreStartDate: true, rerun: true, updatedAt: at(101) } });
    expect(backfillOrderJobWrite(job('running', { ignoreStartDate: true }), run())).toEqual({ update: { rerun: true, updatedAt: at(101) } });
    expect(backfillOrderJobWrite(job('running', { ignoreStartDate: true, rerun: true }), run())).toBeUndefined();
  });
});

/**
 * The sync work queue against the real Firestore emulator: what ends up in stores/{hash}/jobs and realms/{id}
 * after enqueues and worker passes. Every test uses its own store hashes and realm ids. runDue works every
 * store's due jobs, so handlers only record (and misbehave for) the stores of their own test.
 */
import { randomBytes } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { jobRef, realmRef, type JobRecord } from '@/lib/firestore/job-repository';
import {
  QuickBooksConnectionRepository,
  type ConnectionStatus,
} from '@/lib/firestore/quickbooks-connection-repository';
import { ReconnectRequiredError } from '@/lib/quickbooks-connection/intuit-oauth';
import { QuickBooksAuthError, QuickBooksSubscriptionEndedError, QuickBooksThrottledError } from '@/lib/quickbooks/quickbooks-errors';
import { getTestDb } from '@/test/firestore-test-helpers';
import { JobQueue, NeedsAttentionError, type Job, type JobHandler, type JobQueueOptions, type QueueLogger } from './job-queue';

const db = getTestDb();
const connections = new QuickBooksConnectionRepository(db);

const newId = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

async function connectStore(
  storeHash: string,
  options: { realmId?: string; status?: ConnectionStatus; statusReason?: string } = {},
): Promise<string> {
  const realmId = options.realmId ?? newId('realm');
  const now = Timestamp.now();
  await connections.set(storeHash, {
    realmId,
    status: options.status ?? 'connected',
    ...(options.statusReason ? { statusReason: options.statusReason } : {}),
    tokenVersion: 1,
    connectedAt: now,
    connectedBy: 1,
    statusChangedAt: now,
  });
  return realmId;
}

/** A new store with a working connection (its own realm unless given one). */
async function connectedStore(realmId?: string): Promise<{ storeHash: string; realmId: string }> {
  const storeHash = newId('jq');
  return { storeHash, realmId: await connectStore(storeHash, realmId ? { realmId } : {}) };
}

function newQueue(options: Partial<JobQueueOptions> = {}): JobQueue {
  return new JobQueue({ db, connections, ...options });
}

/**
 * A handler that records the runs of this test's stores and applies `behaviour` to them; other stores' jobs
 * (left over by earlier tests) simply succeed.
 */
function recorder(storeHashes: readonly string[], behaviour?: (job: Job, run: number) => Promise<void> | void) {
  const calls: Job[] = [];
  const handler: JobHandler = async (job) => {
    if (!storeHashes.includes(job.storeHash)) return;
    calls.push(job);
    await behaviour?.(job, calls.length);
  };
  const runsOf = (jobId: string) => calls.filter((job) => job.id === jobId).length;
  return { calls, handler, runsOf };
}

async function jobDoc(storeHash: string, jobId: string): Promise<JobRecord> {
  const snapshot = await jobRef(db, storeHash, jobId).get();
  if (!snapshot.exists) throw new Error(`no job ${storeHash}/${jobId}`);
  return snapshot.data() as JobRecord;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('enqueue', () => {
  it('folds repeated events for one order into one pending job', async () => {
    const storeHash = newId('jq');
    const queue = newQueue();
    const results = await Promise.all(Array.from({ length: 10 }, () => queue.enqueue(storeHash, { kind: 'order', subjectId: '100' })));

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.jobId))).toEqual(new Set(['order-100']));
    const snapshot = await db.collection(`stores/${storeHash}/jobs`).get();
    expect(snapshot.docs.map((doc) => doc.id)).toEqual(['order-100']);
    expect(await jobDoc(storeHash, 'order-100')).toMatchObject({
      storeHash,
      kind: 'order',
      subjectId: '100',
      status: 'pending',
      attempts: 0,
      maxAttempts: 8,
      coalesced: 9,
      rerun: false,
      lease: null,
      lastError: null,
    });
    expect(await queue.counts(storeHash)).toEqual({ pending: 1, running: 0, parked: 0, needs_attention: 0, done: 0, dead: 0 });
  });

  it('keeps the earliest due time and keeps kinds apart', async () => {
    const storeHash = newId('jq');
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '7' }, { delayMs: 60_000 });
    const later = (await jobDoc(storeHash, 'order-7')).dueAt.toMillis();
    expect(later).toBeGreaterThan(Date.now() + 50_000);

    await queue.enqueue(storeHash, { kind: 'order', subjectId: '7' });
    const sooner = (await jobDoc(storeHash, 'order-7')).dueAt.toMillis();
    expect(sooner).toBeLessThanOrEqual(Date.now());
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '7' }, { delayMs: 60_000 });
    expect((await jobDoc(storeHash, 'order-7')).dueAt.toMillis()).toBe(sooner);

    await queue.enqueue(storeHash, { kind: 'backfill', subjectId: '7' });
    await queue.enqueue(storeHash, { kind: 'customer', subjectId: '7' });
    const jobs = await queue.list(storeHash, { limit: 10 });
    expect(jobs.map((job) => job.id).sort()).toEqual(['backfill-7', 'customer-7', 'order-7']);
    expect(jobs.every((job) => job.storeHash === storeHash)).toBe(true);
  });

  it('rejects ids that cannot name a document', async () => {
    const queue = newQueue();
    await expect(queue.enqueue(newId('jq'), { kind: 'order', subjectId: '1/2' })).rejects.toThrow('invalid job id');
    await expect(queue.enqueue('', { kind: 'order', subjectId: '1' })).rejects.toThrow('invalid storeHash');
  });
});

describe('runDue', () => {
  it('runs a due job and records it as done', async () => {
    const { storeHash, realmId } = await connectedStore();
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '1' });
    const seen: Array<{ status: string; realmId: string }> = [];
    const { handler, calls } = recorder([storeHash], async (job) => {
      seen.push({ status: (await jobDoc(storeHash, job.id)).status, realmId });
    });

    const summary = await queue.runDue({ handler });

    expect(calls.map((job) => [job.id, job.kind, job.subjectId])).toEqual([['order-1', 'order', '1']]);
    expect(seen).toEqual([{ status: 'running', realmId }]);
    expect(summary.claimed).toBeGreaterThanOrEqual(1);
    expect(summary.done).toBeGreaterThanOrEqual(1);
    const job = await jobDoc(storeHash, 'order-1');
    expect(job).toMatchObject({ status: 'done', lease: null, attempts: 0, lastError: null });
    expect(job.finishedAt).toBeInstanceOf(Timestamp);
    expect((await realmRef(db, realmId).get()).data()).toMatchObject({ lease: null });
    expect(await queue.get(storeHash, 'order-1')).toMatchObject({ id: 'order-1', status: 'done' });
  });

  it('runs the job again when an event arrives while it is running', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '2' });
    const { handler, calls } = recorder([storeHash], async (_job, run) => {
      if (run === 1) {
        expect(await queue.enqueue(storeHash, { kind: 'order', subjectId: '2' })).toMatchObject({ status: 'running', created: false });
        expect(await jobDoc(storeHash, 'order-2')).toMatchObject({ status: 'running', rerun: true, coalesced: 1 });
      }
    });

    await queue.runDue({ handler });
    expect(calls).toHaveLength(1);
    expect(await jobDoc(storeHash, 'order-2')).toMatchObject({ status: 'pending', rerun: false, attempts: 0, lease: null });

    await queue.runDue({ handler });
    expect(calls).toHaveLength(2);
    expect(await jobDoc(storeHash, 'order-2')).toMatchObject({ status: 'done', rerun: false });
  });

  it('retries a transient failure with backoff, then dead-letters it after maxAttempts', async () => {
    const { storeHash } = await connectedStore();
    let offset = 0;
    const clock = () => Date.now() + offset;
    const queue = newQueue({ clock, random: () => 0.5, maxAttempts: 3, backoff: { baseMs: 10_000, capMs: 60_000 } });
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '3' });
    const { handler, calls } = recorder([storeHash], () => {
      throw new Error('BigCommerce answered 503');
    });

    const before = clock();
    await queue.runDue({ handler });
    let job = await jobDoc(storeHash, 'order-3');
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lease: null, lastError: { class: 'transient' } });
    expect(job.lastError?.message).toContain('BigCommerce answered 503');
    // Full jitter with random 0.5 on the first failure: half of base.
    expect(job.dueAt.toMillis() - before).toBeGreaterThanOrEqual(5_000);
    expect(job.dueAt.toMillis() - clock()).toBeLessThanOrEqual(5_000);

    await queue.runDue({ handler }); // not due yet
    expect(calls).toHaveLength(1);

    offset += 6_000;
    await queue.runDue({ handler });
    job = await jobDoc(storeHash, 'order-3');
    expect(calls).toHaveLength(2);
    expect(job).toMatchObject({ status: 'pending', attempts: 2 });
    expect(job.dueAt.toMillis() - clock()).toBeGreaterThan(9_000); // 0.5 × 20 s

    offset += 11_000;
    const summary = await queue.runDue({ handler });
    job = await jobDoc(storeHash, 'order-3');
    expect(calls).toHaveLength(3);
    expect(summary.dead).toBeGreaterThanOrEqual(1);
    expect(job).toMatchObject({ status: 'dead', attempts: 3, lease: null, lastError: { class: 'transient' } });
    expect(job.lastError?.message).toContain('BigCommerce answered 503');
    expect(job.finishedAt).toBeInstanceOf(Timestamp);

    offset += 3_600_000;
    await queue.runDue({ handler });
    expect(calls).toHaveLength(3);
    expect(await queue.counts(storeHash)).toMatchObject({ dead: 1, pending: 0 });
  });

  it('sends a permanent failure to needs attention with its reason, and carries on with the next job', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '4' });
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '5' });
    const reason = 'SKU "TSHIRT-RED-L" is not mapped to a QuickBooks item. Map it in Settings → Items, then retry.';
    const { handler, runsOf } = recorder([storeHash], (job) => {
      if (job.id === 'order-4') throw new NeedsAttentionError(reason);
    });

    await queue.runDue({ handler });

    expect(await jobDoc(storeHash, 'order-4')).toMatchObject({
      status: 'needs_attention',
      attempts: 0,
      lease: null,
      lastError: { class: 'permanent', message: reason },
    });
    expect(await jobDoc(storeHash, 'order-5')).toMatchObject({ status: 'done' });
    expect(runsOf('order-4')).toBe(1);
    expect(runsOf('order-5')).toBe(1);

    // A new event for it is new information: it becomes work again.
    expect(await queue.enqueue(storeHash, { kind: 'order', subjectId: '4' })).toMatchObject({ status: 'pending' });
    expect(await jobDoc(storeHash, 'order-4')).toMatchObject({ status: 'pending', attempts: 0, coalesced: 1 });
    await queue.runDue({ handler });
    expect(runsOf('order-4')).toBe(2);
  });

  it('waits out a QuickBooks throttle without using an attempt, and pauses the realm', async () => {
    const { storeHash, realmId } = await connectedStore();
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '6' });
    const { handler, calls } = recorder([storeHash], () => {
      throw new QuickBooksThrottledError({ detail: 'ThrottleExceeded', code: '3001', status: 429, retryAfterMs: 30_000 });
    });

    const before = Date.now();
    await queue.runDue({ handler });
    const job = await jobDoc(storeHash, 'order-6');
    expect(job).toMatchObject({ status: 'pending', attempts: 0, lastError: { class: 'throttled' } });
    expect(job.dueAt.toMillis()).toBeGreaterThanOrEqual(before + 30_000);
    const realm = (await realmRef(db, realmId).get()).data();
    expect(realm?.throttledUntil.toMillis()).toBe(job.dueAt.toMillis());

    // Other work for the same company waits too, without calling QuickBooks.
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '7' });
    const summary = await queue.runDue({ handler });
    expect(summary.skippedRealms).toBeGreaterThanOrEqual(1);
    expect(calls).toHaveLength(1);
    expect(await jobDoc(storeHash, 'order-7')).toMatchObject({ status: 'pending' });
  });

  it('parks a job whose handler finds the connection gone, and the store’s other due jobs with it', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '8' });
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '9' });
    const reason = 'QuickBooks no longer accepts this connection (invalid_grant): reconnect QuickBooks.';
    const { handler, calls } = recorder([storeHash], () => {
      throw new ReconnectRequiredError(reason);
    });

    await queue.runDue({ handler });

    // Both jobs may have started side by side (realmConcurrency); none starts once the store is known to be cut off.
    const runs = calls.length;
    expect(runs).toBeGreaterThanOrEqual(1);
    for (const jobId of ['order-8', 'order-9']) {
      expect(await jobDoc(storeHash, jobId)).toMatchObject({ status: 'parked', parkedReason: reason, attempts: 0, lease: null });
    }
    // The merchant and support see it: the connection is marked, with the same reason.
    expect(await connections.get(storeHash)).toMatchObject({ status: 'needs_reconnect', statusReason: reason });
    await queue.runDue({ handler });
    expect(calls).toHaveLength(runs);

    // The connection is usable again (reconnected by another instance that did not resume the jobs, say): the
    // first run for the store that succeeds proves QuickBooks works, and the parked jobs resume by themselves.
    await connections.update(storeHash, { status: 'connected' });
    const healed = recorder([storeHash]);
    await queue.enqueue(storeHash, { kind: 'customer', subjectId: '8' });
    await queue.runDue({ handler: healed.handler });
    expect(await queue.counts(storeHash)).toMatchObject({ done: 1, pending: 2, parked: 0 });
    await queue.runDue({ handler: healed.handler });
    expect(healed.calls.map((job) => job.id).sort()).toEqual(['customer-8', 'order-8', 'order-9']);
    expect(await queue.counts(storeHash)).toMatchObject({ done: 3, parked: 0 });
  });

  it.each([
    ['a 401 even after a token refresh', () => new QuickBooksAuthError({ detail: 'AuthenticationFailed', status: 401, code: '3200' })],
    ['an ended subscription', () => new QuickBooksSubscriptionEndedError({ detail: 'Invalid Company Status', status: 403, code: '6190' })],
  ])('marks the connection "needs reconnect" and parks the work on %s', async (_label, failure) => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '31' });
    const { handler, calls } = recorder([storeHash], () => {
      throw failure();
    });

    await queue.runDue({ handler });
    await queue.runDue({ handler });

    expect(calls).toHaveLength(1);
    expect(await jobDoc(storeHash, 'order-31')).toMatchObject({ status: 'parked', attempts: 0 });
    const connection = await connections.get(storeHash);
    expect(connection?.status).toBe('needs_reconnect');
    expect(connection?.statusReason).toBeTruthy();
  });

  it('parks the due jobs of a store that must reconnect without running them, and resumes them after reconnect', async () => {
    const storeHash = newId('jq');
    const realmId = await connectStore(storeHash, { status: 'needs_reconnect', statusReason: 'The refresh token was revoked.' });
    const unconnected = newId('jq'); // never connected at all
    const queue = newQueue();
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '10' });
    await queue.enqueue(storeHash, { kind: 'customer', subjectId: '11' });
    await queue.enqueue(unconnected, { kind: 'order', subjectId: '1' });
    const { handler, calls } = recorder([storeHash, unconnected]);

    const summary = await queue.runDue({ handler });

    expect(calls).toHaveLength(0);
    expect(summary.parked).toBeGreaterThanOrEqual(3);
    for (const jobId of ['order-10', 'customer-11']) {
      const job = await jobDoc(storeHash, jobId);
      expect(job).toMatchObject({ status: 'parked', attempts: 0 });
      expect(job.parkedReason).toContain('reconnected');
      expect(job.parkedReason).toContain('The refresh token was revoked.');
    }
    expect((await jobDoc(unconnected, 'order-1')).parkedReason).toContain('not connected');

    // Events keep coming while parked: folded in, still parked, never run in a loop.
    expect(await queue.enqueue(storeHash, { kind: 'order', subjectId: '10' })).toMatchObject({ status: 'parked' });
    expect(await jobDoc(storeHash, 'order-10')).toMatchObject({ status: 'parked', coalesced: 1 });
    await queue.runDue({ handler });
    expect(calls).toHaveLength(0);

    await connectStore(storeHash, { realmId, status: 'connected' });
    expect(await queue.resumeParked(storeHash)).toBe(2);
    expect(await queue.counts(storeHash)).toMatchObject({ pending: 2, parked: 0 });
    expect((await jobDoc(storeHash, 'order-10')).parkedReason).toBeUndefined();

    await queue.runDue({ handler });
    expect(calls.map((job) => job.id).sort()).toEqual(['customer-11', 'order-10']);
    expect(await queue.counts(storeHash)).toMatchObject({ done: 2, pending: 0, parked: 0 });
    expect(await queue.list(storeHash, { status: 'done', limit: 10 })).toHaveLength(2);
  });

  it('does not let a failing, disconnected or busy store hold up another store in the same pass', async () => {
    const failing = await connectedStore();
    const healthy = await connectedStore();
    const busy = await connectedStore();
    const disconnected = newId('jq');
    await connectStore(disconnected, { status: 'disconnected' });
    // Another live worker holds the busy store's realm.
    await realmRef(db, busy.realmId).set({ lease: { holder: 'other-instance', expiresAt: Timestamp.fromMillis(Date.now() + 60_000) } });

    const queue = newQueue();
    for (const storeHash of [failing.storeHash, healthy.storeHash, busy.storeHash, disconnected]) {
      await queue.enqueue(storeHash, { kind: 'order', subjectId: '1' });
      await queue.enqueue(storeHash, { kind: 'order', subjectId: '2' });
    }
    const { handler, calls } = recorder([failing.storeHash, healthy.storeHash, busy.storeHash, disconnected], (job) => {
      if (job.storeHash === failing.storeHash) throw new Error('BigCommerce timed out');
    });

    const summary = await queue.runDue({ handler });

    expect(await queue.counts(healthy.storeHash)).toMatchObject({ done: 2 });
    expect(await queue.counts(failing.storeHash)).toMatchObject({ pending: 2 });
    expect(await jobDoc(failing.storeHash, 'order-1')).toMatchObject({ attempts: 1, lastError: { class: 'transient' } });
    expect(await queue.counts(disconnected)).toMatchObject({ parked: 2 });
    expect(await queue.counts(busy.storeHash)).toMatchObject({ pending: 2 });
    expect(summary.skippedRealms).toBeGreaterThanOrEqual(1);
    expect(calls.filter((job) => job.storeHash === busy.storeHash || job.storeHash === disconnected)).toHaveLength(0);
    expect((await realmRef(db, busy.realmId).get()).data()).toMatchObject({ lease: { holder: 'other-instance' } });
  });

  it.each([1, 3])('runs at most %i of one realm’s jobs at once, and no job twice, across two instances', async (realmConcurrency) => {
    const realmA = newId('realm');
    const stores = [await connectedStore(realmA), await connectedStore(realmA), await connectedStore()];
    const storeHashes = stores.map((store) => store.storeHash);
    const producer = newQueue();
    for (const storeHash of storeHashes) {
      for (const subjectId of ['1', '2', '3']) await producer.enqueue(storeHash, { kind: 'order', subjectId });
    }
    const realmOf = new Map(stores.map((store) => [store.storeHash, store.realmId]));
    const active = new Map<string, number>();
    let maxActivePerRealm = 0;
    const runs = new Map<string, number>();
    const handler: JobHandler = async (job) => {
      if (!storeHashes.includes(job.storeHash)) return;
      const realm = realmOf.get(job.storeHash) ?? '';
      const key = `${job.storeHash}/${job.id}`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
      active.set(realm, (active.get(realm) ?? 0) + 1);
      maxActivePerRealm = Math.max(maxActivePerRealm, active.get(realm) ?? 0);
      await sleep(40);
      active.set(realm, (active.get(realm) ?? 0) - 1);
    };
    const first = newQueue({ realmConcurrency });
    const second = newQueue({ realmConcurrency });

    for (let round = 0; round < 10; round += 1) {
      await Promise.all([first.runDue({ handler }), second.runDue({ handler }), first.runDue({ handler })]);
      const counts = await Promise.all(storeHashes.map((storeHash) => producer.counts(storeHash)));
      if (counts.every((count) => count.done === 3)) break;
    }

    // Realm A has six jobs (two stores): with room for three at once, more than one did overlap.
    if (realmConcurrency === 1) expect(maxActivePerRealm).toBe(1);
    else expect(maxActivePerRealm).toBeGreaterThan(1);
    expect(maxActivePerRealm).toBeLessThanOrEqual(realmConcurrency);
    expect(runs.size).toBe(9);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    for (const storeHash of storeHashes) expect(await producer.counts(storeHash)).toMatchObject({ done: 3, running: 0 });
  });

  it('keeps its leases alive while a handler runs longer than the lease, so no other instance steps in', async () => {
    const { storeHash } = await connectedStore();
    const leaseMs = 300;
    const first = newQueue({ leaseMs });
    const second = newQueue({ leaseMs });
    await first.enqueue(storeHash, { kind: 'order', subjectId: '1' });
    let started = false;
    const { handler, runsOf } = recorder([storeHash], async () => {
      started = true;
      await sleep(4 * leaseMs);
    });

    const running = first.runDue({ handler });
    await waitFor(async () => started);
    await sleep(2 * leaseMs); // past the original lease: only renewal keeps it
    const other = await second.runDue({ handler });
    await running;

    expect(runsOf('order-1')).toBe(1);
    expect(other.skippedRealms).toBeGreaterThanOrEqual(1);
    expect(await jobDoc(storeHash, 'order-1')).toMatchObject({ status: 'done', attempts: 0 });
  });

  it('gives up on a handler that overruns its timeout: aborts it and retries the job later', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue({ handlerTimeoutMs: 100, random: () => 0.5 });
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '30' });
    let aborted = false;
    const { handler, calls } = recorder([storeHash], (_job, run) => {
      if (run > 1) return undefined;
      // Hangs until told to stop (an unresponsive remote call).
      return new Promise<void>(() => undefined);
    });
    const observing: JobHandler = async (job, context) => {
      context.signal.addEventListener('abort', () => {
        aborted = true;
      });
      return handler(job, context);
    };

    await queue.runDue({ handler: observing });

    expect(aborted).toBe(true);
    const job = await jobDoc(storeHash, 'order-30');
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lease: null, lastError: { class: 'transient' } });
    expect(job.lastError?.message).toContain('did not finish');
    expect(calls).toHaveLength(1);
  });

  it('works one realm for at most a slice per pass, leaving the rest due for the next pass', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue({ realmSliceMs: 0, realmConcurrency: 1 });
    for (const subjectId of ['1', '2', '3']) await queue.enqueue(storeHash, { kind: 'order', subjectId });
    const { handler, calls } = recorder([storeHash]);

    await queue.runDue({ handler });
    expect(calls).toHaveLength(1);
    await queue.runDue({ handler });
    await queue.runDue({ handler });
    expect(calls.map((job) => job.id)).toEqual(['order-1', 'order-2', 'order-3']);
    expect(await queue.counts(storeHash)).toMatchObject({ done: 3, pending: 0 });
  });

  it('sees fresh work of another store in the same pass despite a backlog larger than the pass limit', async () => {
    const backlogged = await connectedStore();
    const fresh = await connectedStore();
    const queue = newQueue();
    for (let order = 1; order <= 12; order += 1) {
      await queue.enqueue(backlogged.storeHash, { kind: 'order', subjectId: String(order) });
    }
    await queue.enqueue(fresh.storeHash, { kind: 'order', subjectId: '1' });
    const { handler, calls } = recorder([backlogged.storeHash, fresh.storeHash]);

    await queue.runDue({ handler, limit: 4 });

    expect(await jobDoc(fresh.storeHash, 'order-1')).toMatchObject({ status: 'done' });
    expect(calls.filter((job) => job.storeHash === backlogged.storeHash).length).toBeLessThanOrEqual(8);
    for (let pass = 0; pass < 12 && (await queue.counts(backlogged.storeHash)).pending > 0; pass += 1) {
      await queue.runDue({ handler, limit: 4 });
    }
    expect(await queue.counts(backlogged.storeHash)).toMatchObject({ done: 12, pending: 0 });
    expect(new Set(calls.map((job) => `${job.storeHash}/${job.id}`)).size).toBe(calls.length);
  });

  it('picks up a job whose worker was lost (running, lease expired) and leaves a live one alone', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    const past = Timestamp.fromMillis(Date.now() - 120_000);
    const lost: JobRecord = {
      storeHash,
      kind: 'order',
      subjectId: '12',
      status: 'running',
      dueAt: past,
      attempts: 0,
      maxAttempts: 8,
      lease: { holder: 'crashed-instance:1', expiresAt: Timestamp.fromMillis(Date.now() - 60_000) },
      rerun: false,
      coalesced: 0,
      lastError: null,
      createdAt: past,
      updatedAt: past,
    };
    await jobRef(db, storeHash, 'order-12').set(lost);
    await jobRef(db, storeHash, 'order-13').set({
      ...lost,
      subjectId: '13',
      lease: { holder: 'live-instance:1', expiresAt: Timestamp.fromMillis(Date.now() + 60_000) },
    });
    const { handler, calls } = recorder([storeHash], async (job) => {
      expect(job.lastError).toMatchObject({ class: 'lost' });
    });

    await queue.runDue({ handler });

    expect(calls.map((job) => job.id)).toEqual(['order-12']);
    // The lost run counts as a failed attempt, so a job that kills its worker every time still ends.
    expect(await jobDoc(storeHash, 'order-12')).toMatchObject({ status: 'done', attempts: 1, lease: null });
    expect(await jobDoc(storeHash, 'order-13')).toMatchObject({ status: 'running', lease: { holder: 'live-instance:1' } });
  });

  it('replays a done or dead job from scratch', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue({ maxAttempts: 1 });
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '14' });
    await queue.enqueue(storeHash, { kind: 'order', subjectId: '15' });
    let failing = true;
    const { handler, runsOf } = recorder([storeHash], (job) => {
      if (job.id === 'order-15' && failing) throw new Error('QuickBooks 500');
    });
    await queue.runDue({ handler });
    expect(await jobDoc(storeHash, 'order-14')).toMatchObject({ status: 'done' });
    expect(await jobDoc(storeHash, 'order-15')).toMatchObject({ status: 'dead', attempts: 1 });

    failing = false;
    expect(await queue.replay(storeHash, ['order-14', 'order-15', 'order-404'])).toBe(2);
    const replayed = await jobDoc(storeHash, 'order-15');
    expect(replayed).toMatchObject({ status: 'pending', attempts: 0 });
    expect(replayed.finishedAt).toBeUndefined();

    await queue.runDue({ handler });
    expect(runsOf('order-14')).toBe(2);
    expect(runsOf('order-15')).toBe(2);
    expect(await queue.counts(storeHash)).toMatchObject({ done: 2, dead: 0 });
  });
});

describe('startSweeper', () => {
  const quietLogger = (): QueueLogger & { errors: unknown[] } => {
    const errors: unknown[] = [];
    return { info: () => undefined, warn: () => undefined, error: (message, fields) => errors.push({ message, fields }), errors };
  };

  it('runs due work when kicked', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    const { handler, calls } = recorder([storeHash]);
    const sweeper = queue.startSweeper({ handler, intervalMs: 60_000, logger: quietLogger() });
    try {
      await queue.enqueue(storeHash, { kind: 'order', subjectId: '20' });
      await sweeper.kick();
      expect(calls.map((job) => job.id)).toEqual(['order-20']);
      expect(await jobDoc(storeHash, 'order-20')).toMatchObject({ status: 'done' });
    } finally {
      await sweeper.stop();
    }
  });

  it('sweeps periodically without a kick', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    const { handler } = recorder([storeHash]);
    const sweeper = queue.startSweeper({ handler, intervalMs: 50, logger: quietLogger() });
    try {
      await queue.enqueue(storeHash, { kind: 'customer', subjectId: '21' });
      await waitFor(async () => (await jobDoc(storeHash, 'customer-21')).status === 'done');
    } finally {
      await sweeper.stop();
    }
  });

  it('starts fresh work of another company while a busy one is still worked, and picks up what the busy one left', async () => {
    const busy = await connectedStore();
    const fresh = await connectedStore();
    const queue = newQueue({ realmConcurrency: 1 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { handler, calls } = recorder([busy.storeHash, fresh.storeHash], (job) => (job.storeHash === busy.storeHash && job.id === 'order-1' ? gate : undefined));
    const sweeper = queue.startSweeper({ handler, intervalMs: 60_000, logger: quietLogger() });
    try {
      await queue.enqueue(busy.storeHash, { kind: 'order', subjectId: '1' });
      void sweeper.kick();
      await waitFor(async () => calls.some((job) => job.storeHash === busy.storeHash));
      // While order-1 holds its company: another order for it waits, another company's order runs now.
      await queue.enqueue(busy.storeHash, { kind: 'order', subjectId: '2' });
      await queue.enqueue(fresh.storeHash, { kind: 'order', subjectId: '1' });
      void sweeper.kick();
      await waitFor(async () => (await jobDoc(fresh.storeHash, 'order-1')).status === 'done');
      expect(await jobDoc(busy.storeHash, 'order-2')).toMatchObject({ status: 'pending' });
      // No kick and no timer (60 s) from here: finishing the busy company's job runs what it left behind.
      release();
      await waitFor(async () => (await jobDoc(busy.storeHash, 'order-2')).status === 'done');
    } finally {
      release();
      await sweeper.stop();
    }
  });

  it('runs a job again right after a run during which its event arrived, without waiting for the next sweep', async () => {
    const { storeHash } = await connectedStore();
    const queue = newQueue();
    // The first run sees an event arrive for its own order (the order changed while it was being posted).
    const { handler, runsOf } = recorder([storeHash], async (job, run) => {
      if (run === 1) await queue.enqueue(storeHash, { kind: 'order', subjectId: '30' });
    });
    const sweeper = queue.startSweeper({ handler, intervalMs: 60_000, logger: quietLogger() });
    try {
      await queue.enqueue(storeHash, { kind: 'order', subjectId: '30' });
      void sweeper.kick();
      // No kick and no timer (60 s) after the first run: the rerun must start on its own.
      await waitFor(async () => runsOf('order-30') === 2 && (await jobDoc(storeHash, 'order-30')).status === 'done', 10_000);
    } finally {
      await sweeper.stop();
    }
  });

  it('coalesces concurrent kicks, never overlaps scans, and logs a failed pass instead of throwing', async () => {
    const queue = newQueue();
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    // The scan (the query half of a pass) is private: spied on through its name.
    const scan = jest.spyOn(queue as unknown as { scan: () => Promise<Map<string, Job[]>> }, 'scan').mockImplementation(async () => {
      passes += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(30);
      active -= 1;
      if (passes === 2) throw new Error('Firestore unavailable');
      return new Map();
    });
    const logger = quietLogger();
    const sweeper = queue.startSweeper({ handler: async () => undefined, intervalMs: 60_000, logger });
    try {
      // The start-up pass is running: five kicks share the one pass queued behind it.
      await Promise.all(Array.from({ length: 5 }, () => sweeper.kick()));
      expect(passes).toBe(2);
      expect(maxActive).toBe(1);
      expect(logger.errors).toHaveLength(1);
      await sweeper.kick();
      expect(passes).toBe(3);
    } finally {
      await sweeper.stop();
      scan.mockRestore();
    }
    await sweeper.kick();
    expect(passes).toBe(3);
  });
});

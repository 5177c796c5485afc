/**
 * The durable work queue that carries all sync work, on Firestore (layout: lib/firestore/job-repository.ts).
 * One job per subject (`order-123`). Webhooks enqueue with one read and one compare-and-set write, folding
 * repeats into the job. Workers on any instance run due jobs through a handler: each QuickBooks company (realm)
 * is worked by one lease holder at a time, up to realmConcurrency jobs at once, which bounds QuickBooks
 * concurrency across instances; different realms run concurrently, and a scan never waits for another realm's
 * work, so a slow or failing company never holds up another.
 *
 * Job states and transitions:
 *
 *   enqueue      (new)                          → pending, due now (+delayMs)
 *                pending                        → pending, earliest dueAt kept, coalesced+1
 *                running                        → running, rerun = true, coalesced+1
 *                parked                         → parked, coalesced+1 (waits for reconnect)
 *                done | needs_attention | dead  → pending, due now, attempts 0 (new information = new work)
 *
 *   runDue       pending, dueAt ≤ now           → running (lease: this pass, until now + leaseMs)
 *                running, lease expired         → running again; the lost run counts as a failed attempt
 *                                                 (→ dead instead when that uses up maxAttempts)
 *                store not connected            → parked, with a plain-language parkedReason; nothing runs
 *
 *   run outcome  handler resolved               → done
 *                NeedsAttentionError, QuickBooks
 *                validation / duplicate / closed
 *                period / not found              → needs_attention (lastError says why; replay retries)
 *                connection gone (reconnect,
 *                not connected, 401, company
 *                inactive)                       → parked; the store's other due jobs park too; no attempt used
 *                throttled (429)                 → pending after Retry-After; no attempt used; realm paused
 *                transient / unknown / timeout   → pending after backoff with full jitter, attempts+1;
 *                                                 at maxAttempts → dead (dead letter, lastError says why)
 *                rerun was set meanwhile         → done, needs_attention and dead become pending due now with
 *                                                 attempts 0 instead; a retry keeps its backoff (it will see
 *                                                 the new data anyway); parked stays parked
 *
 *   resumeParked parked                         → pending, due now (the merchant reconnected; also done by the
 *                                                 worker itself once a run for the store succeeds again)
 *   replay       any but running                → pending, due now, attempts 0;  running → rerun = true
 *
 * Leases: a pass takes realms/{realmId}.lease and renews it every leaseMs/3 while it works the realm (a job is
 * claimed only while at least half a lease is left); each running job's lease is renewed the same way; an instance that dies leaves leases that expire, and the next
 * pass picks its job up again. Handlers must therefore be idempotent (at-least-once runs); the posting ledger
 * makes the QuickBooks effect exactly-once.
 */
import { randomBytes } from 'node:crypto';
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { QuickBooksConnection, QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import {
  JobRepository,
  jobIdFor,
  type Job,
  type JobError,
  type JobKind,
  type JobPatch,
  type JobRecord,
  type JobStatus,
} from '@/lib/firestore/job-repository';
import { logger as defaultLogger } from '@/lib/log/logger';
import { DEFAULT_BACKOFF, decideFailure, type BackoffOptions } from './job-backoff';
import { InvalidJobError, classifyJobError, plainMessage, type ClassifiedJobError } from './job-errors';

export { JOB_KINDS, JOB_STATUSES, jobIdFor } from '@/lib/firestore/job-repository';
export type { Job, JobError, JobErrorClass, JobKind, JobRecord, JobStatus, Lease } from '@/lib/firestore/job-repository';
export { NeedsAttentionError } from './job-errors';

export type QueueLogger = Pick<typeof defaultLogger, 'info' | 'warn' | 'error'>;

export interface JobQueueOptions {
  db: Firestore;
  /** Which realm a store posts to and whether its connection works; marked needs_reconnect on auth failures. */
  connections: QuickBooksConnectionRepository;
  /** ms since the epoch; injectable for tests. */
  clock?: () => number;
  /** [0, 1) for backoff jitter; injectable for tests. */
  random?: () => number;
  /** How long a worker's claim on a realm or job lasts without renewal (renewed every leaseMs/3 while running). */
  leaseMs?: number;
  /** Failed runs before a job is dead-lettered. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** A run taking longer counts as a transient failure (its handler's signal is aborted). */
  handlerTimeoutMs?: number;
  /** How long one pass works one realm before leaving the rest of its due jobs to the next pass. */
  realmSliceMs?: number;
  /**
   * Jobs of one realm the lease holder runs at once (default 4). Every QuickBooks call still takes a slot from
   * the per-realm limiter (10 in flight, 480 a minute), and customer and item creation are serialised per key
   * (lib/sync/keyed-lock.ts), so this buys throughput without breaking QuickBooks' limits or creating twins.
   */
  realmConcurrency?: number;
  logger?: QueueLogger;
}

export interface JobSubject {
  kind: JobKind;
  /** The subject's id at the source (e.g. the BigCommerce order id); no '/'. */
  subjectId: string;
}

export interface EnqueueResult {
  jobId: string;
  status: JobStatus;
  /** False when the event was folded into an existing job. */
  created: boolean;
}

export interface JobContext {
  realmId: string;
  /** Aborted when the run exceeds handlerTimeoutMs: stop work, the job will be retried. */
  signal: AbortSignal;
}

/** Does the work for one job. Resolve = done; throw = classified by lib/sync/job-errors.ts. Must be idempotent. */
export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

export interface RunDueOptions {
  handler: JobHandler;
  /** Per pass, at most this many of the oldest and of the most recently due pending jobs, and of lost jobs. */
  limit?: number;
  /** Due cutoff (ms since the epoch); default: the clock. */
  now?: number;
}

/** What one pass did. Runs are counted by their outcome (a run that ends in a rerun still counts as done). */
export interface RunSummary {
  claimed: number;
  done: number;
  retried: number;
  parked: number;
  needsAttention: number;
  dead: number;
  /** Realms another live worker held, or that QuickBooks is throttling. */
  skippedRealms: number;
}

export interface SweeperOptions {
  handler: JobHandler;
  intervalMs: number;
  limit?: number;
  logger?: QueueLogger;
}

export interface Sweeper {
  /** Runs a pass now (or right after the one in progress); concurrent kicks share one pass. Never rejects. */
  kick(): Promise<void>;
  /** No new passes; resolves when the current one has finished. */
  stop(): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_HANDLER_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_REALM_SLICE_MS = 30_000;
export const DEFAULT_REALM_CONCURRENCY = 4;
const DEFAULT_PASS_LIMIT = 100;
/** Jobs per transaction in bulk moves (park, resume, replay); well under Firestore's 500 writes. */
const CHUNK = 200;

/** Compare-and-set rounds before enqueue gives up (each lost round means another writer succeeded). */
const ENQUEUE_ROUNDS = 25;
/** Compare-and-set rounds on a realm document before a pass leaves the realm for the next pass. */
const REALM_ROUNDS = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const LOST_RUN_MESSAGE = 'The worker running this job stopped before it finished (its lease expired), so it was run again.';

/** Plain-language reason a store's work cannot run, or undefined when its QuickBooks connection is usable. */
export function connectionBlockedReason(connection: QuickBooksConnection | undefined): string | undefined {
  if (!connection || !connection.realmId) {
    return 'QuickBooks is not connected for this store. Connect QuickBooks; waiting work resumes once it is connected.';
  }
  switch (connection.status) {
    case 'connected':
      return undefined;
    case 'disconnected':
      return 'QuickBooks was disconnected. Reconnect QuickBooks; waiting work resumes once it is connected.';
    case 'needs_reconnect':
      return `QuickBooks needs to be reconnected${connection.statusReason ? `: ${connection.statusReason}` : '.'} Waiting work resumes once it is reconnected.`;
  }
}

const emptySummary = (): RunSummary => ({ claimed: 0, done: 0, retried: 0, parked: 0, needsAttention: 0, dead: 0, skippedRealms: 0 });

/** One runDue call: its own lease-holder id, so two passes on one instance exclude each other too. */
interface Pass {
  holder: string;
  cutoff: Timestamp;
  handler: JobHandler;
  summary: RunSummary;
}

/** Our lease on a realm, renewed while we work it. */
interface HeldRealm {
  held(): boolean;
  stop(): Promise<void>;
}

type Claim = { type: 'claimed'; job: Job } | { type: 'not-due' } | { type: 'lost-realm' } | { type: 'dead' };
type RunResult =
  | { type: 'ran'; failure?: ClassifiedJobError; timedOut: boolean }
  | { type: 'skipped' }
  | { type: 'stop-realm' };

function isDue(job: JobRecord, cutoff: Timestamp): boolean {
  if (job.status === 'pending') return job.dueAt.toMillis() <= cutoff.toMillis();
  if (job.status === 'running') return !job.lease || job.lease.expiresAt.toMillis() <= cutoff.toMillis();
  return false;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class JobQueue {
  private readonly repo: JobRepository;
  private readonly connections: QuickBooksConnectionRepository;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly handlerTimeoutMs: number;
  private readonly realmSliceMs: number;
  private readonly realmConcurrency: number;
  private readonly log: QueueLogger;
  private readonly instanceId = randomBytes(6).toString('hex');
  private passCount = 0;
  /** Realms this process is working right now; `missed`: a later pass found due jobs for it meanwhile. */
  private readonly busyRealms = new Map<string, { missed: boolean }>();
  /** Set by the sweeper: a realm with work a pass had to leave finished, so a pass should run again. */
  private realmFreed: (() => void) | undefined;

  constructor(options: JobQueueOptions) {
    this.repo = new JobRepository(options.db);
    this.connections = options.connections;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.handlerTimeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
    this.realmSliceMs = options.realmSliceMs ?? DEFAULT_REALM_SLICE_MS;
    this.realmConcurrency = Math.max(1, Math.floor(options.realmConcurrency ?? DEFAULT_REALM_CONCURRENCY));
    this.log = options.logger ?? defaultLogger;
  }

  // ------------------------------------------------------------------------------------------------------
  // Producing work
  // ------------------------------------------------------------------------------------------------------

  /**
   * Records that `subject` needs syncing, coalescing repeats (see the state table above). One read and one
   * compare-and-set write; only a concurrent writer to the same job (a duplicate event) makes it go round again.
   */
  async enqueue(storeHash: string, subject: JobSubject, options: { delayMs?: number } = {}): Promise<EnqueueResult> {
    validateIds(storeHash, subject.subjectId);
    const jobId = jobIdFor(subject.kind, subject.subjectId);
    for (let round = 1; ; round += 1) {
      const read = await this.repo.getVersioned(storeHash, jobId);
      const nowMs = this.clock();
      const { write, result } = this.enqueueTransition(storeHash, jobId, subject, read.job, nowMs, Math.max(options.delayMs ?? 0, 0));
      if (await this.repo.writeIfUnchanged(storeHash, jobId, read.updateTime, write)) return result;
      if (round >= ENQUEUE_ROUNDS) throw new Error(`sync queue: could not enqueue ${storeHash}/${jobId}: too many concurrent writers`);
      // Spread out competing writers so they don't collide again.
      await sleep(Math.floor(this.random() * 5 * round));
    }
  }

  private enqueueTransition(
    storeHash: string,
    jobId: string,
    subject: JobSubject,
    current: Job | undefined,
    nowMs: number,
    delayMs: number,
  ): { write: { create: JobRecord } | { update: JobPatch }; result: EnqueueResult } {
    const at = Timestamp.fromMillis(nowMs);
    const due = Timestamp.fromMillis(nowMs + delayMs);
    if (!current) {
      const record: JobRecord = {
        storeHash,
        kind: subject.kind,
        subjectId: subject.subjectId,
        status: 'pending',
        dueAt: due,
        attempts: 0,
        maxAttempts: this.maxAttempts,
        lease: null,
        rerun: false,
        coalesced: 0,
        lastError: null,
        createdAt: at,
        updatedAt: at,
      };
      return { write: { create: record }, result: { jobId, status: 'pending', created: true } };
    }
    const folded: JobPatch = { coalesced: current.coalesced + 1, updatedAt: at };
    let status = current.status;
    switch (current.status) {
      case 'pending':
        if (due.toMillis() < current.dueAt.toMillis()) folded.dueAt = due;
        break;
      case 'running':
        folded.rerun = true;
        break;
      case 'parked':
        break;
      case 'done':
      case 'needs_attention':
      case 'dead':
        Object.assign(folded, this.restart(due));
        status = 'pending';
        break;
    }
    return { write: { update: folded }, result: { jobId, status, created: false } };
  }

  // ------------------------------------------------------------------------------------------------------
  // Working
  // ------------------------------------------------------------------------------------------------------

  /** One worker pass over every store's due work (see the state table above). Never throws for a job's sake. */
  async runDue(options: RunDueOptions): Promise<RunSummary> {
    const pass = this.newPass(options);
    await this.workRealms(pass, await this.scan(pass, options.limit ?? DEFAULT_PASS_LIMIT));
    return pass.summary;
  }

  private newPass(options: RunDueOptions): Pass {
    return {
      holder: `${this.instanceId}:${++this.passCount}`,
      cutoff: Timestamp.fromMillis(options.now ?? this.clock()),
      handler: options.handler,
      summary: emptySummary(),
    };
  }

  /** A pass's first half: the due jobs, routed to their realms; stores without a usable connection park. */
  private async scan(pass: Pass, limit: number): Promise<Map<string, Job[]>> {
    // Oldest first keeps FIFO; most recently due first as well, so that a backlog in one store (thousands of
    // orders resumed after a reconnect) cannot fill the whole pass and hide other stores' fresh work.
    const [oldest, newest, lost] = await Promise.all([
      this.repo.findDuePending(pass.cutoff, limit, 'oldest'),
      this.repo.findDuePending(pass.cutoff, limit, 'newest'),
      this.repo.findExpiredRunning(pass.cutoff, limit),
    ]);
    const unique = new Map([...lost, ...oldest, ...newest].map((job) => [`${job.storeHash}/${job.id}`, job]));
    const due = [...unique.values()].sort((a, b) => a.dueAt.toMillis() - b.dueAt.toMillis());

    const byStore = new Map<string, Job[]>();
    for (const job of due) byStore.set(job.storeHash, [...(byStore.get(job.storeHash) ?? []), job]);

    const byRealm = new Map<string, Job[]>();
    await Promise.all(
      [...byStore].map(async ([storeHash, jobs]) => {
        try {
          const connection = await this.connections.get(storeHash);
          const blocked = connectionBlockedReason(connection);
          if (blocked !== undefined || !connection) {
            // Await first, then add: `x += await …` would read x before other stores' awaits finish.
            const parked = await this.park(storeHash, jobs.map((job) => job.id), blocked ?? '', pass.cutoff);
            pass.summary.parked += parked;
            return;
          }
          byRealm.set(connection.realmId, [...(byRealm.get(connection.realmId) ?? []), ...jobs]);
        } catch (error) {
          this.log.error('sync queue: could not route a store', { storeHash, error });
        }
      }),
    );
    for (const jobs of byRealm.values()) jobs.sort((a, b) => a.dueAt.toMillis() - b.dueAt.toMillis());
    return byRealm;
  }

  /** A pass's second half: every realm concurrently. A realm this process is already working is left alone. */
  private async workRealms(pass: Pass, byRealm: ReadonlyMap<string, Job[]>): Promise<void> {
    await Promise.all(
      [...byRealm].map(async ([realmId, jobs]) => {
        const busy = this.busyRealms.get(realmId);
        if (busy) {
          // Its worker here runs the jobs it took; these wait for the pass that runs when it finishes.
          busy.missed = true;
          pass.summary.skippedRealms += 1;
          return;
        }
        const state = { missed: false };
        this.busyRealms.set(realmId, state);
        try {
          await this.workRealm(pass, realmId, jobs);
        } catch (error) {
          this.log.error('sync queue: realm pass failed', { realmId, error });
        } finally {
          this.busyRealms.delete(realmId);
          if (state.missed) this.realmFreed?.();
        }
      }),
    );
  }

  /**
   * Jobs of one realm under the realm lease, up to realmConcurrency at once, oldest first, for at most
   * realmSliceMs. Jobs are independent subjects (one job per order or customer), so their runs may overlap;
   * what they share in QuickBooks (customers, items) is created under per-key locks.
   */
  private async workRealm(pass: Pass, realmId: string, jobs: readonly Job[]): Promise<void> {
    const realmLease = await this.acquireRealm(realmId, pass.holder);
    if (realmLease === 'held' || realmLease === 'throttled') {
      pass.summary.skippedRealms += 1;
      return;
    }
    const sliceEndsAt = this.clock() + this.realmSliceMs;
    // Stores whose connection turned out to be gone mid-pass: their remaining jobs park without running.
    const parkedStores = new Map<string, string>();
    // Stores with a successful run: proof their connection works, so work parked earlier can resume.
    const workingStores = new Set<string>();
    let next = 0;
    let stop = false;
    const lane = async () => {
      while (!stop && next < jobs.length) {
        const job = jobs[next]!;
        next += 1;
        const parkedReason = parkedStores.get(job.storeHash);
        if (parkedReason !== undefined) {
          const parked = await this.park(job.storeHash, [job.id], parkedReason, pass.cutoff);
          pass.summary.parked += parked;
          continue;
        }
        const result = await this.runOne(pass, realmId, realmLease, job);
        if (result.type === 'stop-realm') stop = true;
        if (result.type !== 'ran') continue;
        if (!result.failure) workingStores.add(job.storeHash);
        else if (result.failure.class === 'connection' && !parkedStores.has(job.storeHash)) {
          parkedStores.set(job.storeHash, result.failure.message);
          await this.markNeedsReconnect(job.storeHash, result.failure.message);
        }
        // QuickBooks throttles the whole company: leave the rest for a pass after the pause. A handler that
        // timed out may still be running: start nothing else on this company in this pass.
        if (result.failure?.class === 'throttled' || result.timedOut) stop = true;
        // One busy company must not hold up the next pass (and so every other company) for long.
        if (this.clock() >= sliceEndsAt) stop = true;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.realmConcurrency, jobs.length) }, lane));
    } finally {
      await realmLease.stop();
      await this.releaseRealm(realmId, pass.holder).catch((error: unknown) => {
        this.log.warn('sync queue: could not release realm lease (it expires on its own)', { realmId, error });
      });
    }
    for (const storeHash of workingStores) {
      if (parkedStores.has(storeHash)) continue;
      const resumed = await this.resumeParked(storeHash);
      if (resumed > 0) this.log.info('sync queue: QuickBooks works again for the store; parked jobs resumed', { storeHash, resumed });
    }
  }

  /** This realm has due work its current pass will not run: a pass runs again when the realm is free. */
  private markRealmMissed(realmId: string): void {
    const busy = this.busyRealms.get(realmId);
    if (busy) busy.missed = true;
  }

  /**
   * QuickBooks refused a call even with a fresh token (401 after refresh, company inactive): the merchant and
   * support must see it, exactly as for invalid_grant, and reconnecting resumes the parked work.
   */
  private async markNeedsReconnect(storeHash: string, reason: string): Promise<void> {
    const { connections } = this;
    await connections
      .runTransaction(async (tx) => {
        const connection = await connections.getIn(tx, storeHash);
        if (connection?.status !== 'connected') return;
        connections.setIn(tx, storeHash, { status: 'needs_reconnect', statusReason: reason, statusChangedAt: Timestamp.now() });
      })
      .catch((error: unknown) => this.log.warn('sync queue: could not mark the connection as needing reconnect', { storeHash, error }));
  }

  private async runOne(pass: Pass, realmId: string, realmLease: HeldRealm, job: Job): Promise<RunResult> {
    let claim: Claim;
    try {
      claim = realmLease.held() ? await this.claim(pass, job) : { type: 'lost-realm' };
    } catch (error) {
      this.log.warn('sync queue: could not claim job', { storeHash: job.storeHash, jobId: job.id, error });
      return { type: 'skipped' };
    }
    if (claim.type === 'lost-realm') return { type: 'stop-realm' };
    if (claim.type === 'dead') pass.summary.dead += 1;
    if (claim.type !== 'claimed') return { type: 'skipped' };
    pass.summary.claimed += 1;

    const heartbeat = this.startHeartbeat(claim.job, pass.holder);
    const { failure, timedOut } = await this.runHandler(pass.handler, claim.job, realmId).finally(() => heartbeat.stop());

    let recorded: { status: JobStatus; dueNow: boolean } | 'lost';
    try {
      recorded = await this.record(pass, realmId, claim.job, failure);
    } catch (error) {
      // The job stays running under our lease; once that expires the next pass runs it again.
      this.log.error('sync queue: could not record job outcome', { storeHash: job.storeHash, jobId: job.id, error });
      return { type: 'skipped' };
    }
    if (recorded === 'lost') {
      this.log.warn('sync queue: job lease was lost while running; outcome dropped', { storeHash: job.storeHash, jobId: job.id });
      return { type: 'skipped' };
    }
    // An event arrived while it ran (rerun): it is due again now. The scan that event kicked could not see it
    // (it was running), so ask for a pass once this realm is free instead of leaving it to the next sweep.
    if (recorded.dueNow) this.markRealmMissed(realmId);
    if (!failure) pass.summary.done += 1;
    else if (failure.class === 'permanent') pass.summary.needsAttention += 1;
    else if (failure.class === 'connection') pass.summary.parked += 1;
    else if (recorded.status === 'dead') pass.summary.dead += 1;
    else pass.summary.retried += 1;
    return { type: 'ran', timedOut, ...(failure ? { failure } : {}) };
  }

  /**
   * Runs the handler for at most handlerTimeoutMs. A handler that overruns is told so through its AbortSignal
   * and its run counts as a transient failure: a hung call must not hold its realm (renewed lease) forever.
   */
  private async runHandler(
    handler: JobHandler,
    job: Job,
    realmId: string,
  ): Promise<{ failure: ClassifiedJobError | undefined; timedOut: boolean }> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.handlerTimeoutMs);
      timer.unref();
    });
    // Promise.resolve().then: a handler that throws synchronously is a failure like any other.
    const run = Promise.resolve()
      .then(() => handler(job, { realmId, signal: controller.signal }))
      .then(
        () => undefined,
        (error: unknown) => classifyJobError(error),
      );
    try {
      const outcome = await Promise.race([run, timeout]);
      if (outcome !== 'timeout') return { failure: outcome, timedOut: false };
      controller.abort();
      const seconds = Math.round(this.handlerTimeoutMs / 1000);
      return { failure: { class: 'transient', message: `The sync did not finish within ${seconds} s; it will be tried again.` }, timedOut: true };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Claims a still-due job. The caller checked that the realm lease is ours (held() knows until when, so no
   * transaction has to read the realm document, which every concurrent claim of the realm would contend on).
   */
  private claim(pass: Pass, job: Job): Promise<Claim> {
    return this.repo.runTransaction(async (tx) => {
      const current = await this.repo.getIn(tx, job.storeHash, job.id);
      if (!current || !isDue(current, pass.cutoff)) return { type: 'not-due' };

      const nowMs = this.clock();
      const at = Timestamp.fromMillis(nowMs);
      const lease = { holder: pass.holder, expiresAt: Timestamp.fromMillis(nowMs + this.leaseMs) };

      let attempts = current.attempts;
      let lastError = current.lastError;
      if (current.status === 'running') {
        // Its worker vanished mid-run. Counting that as a failure means a job that kills its worker still ends.
        attempts += 1;
        lastError = { class: 'lost', message: LOST_RUN_MESSAGE, at };
        if (attempts >= current.maxAttempts) {
          this.repo.updateIn(tx, current, { status: 'dead', attempts, lastError, lease: null, rerun: false, finishedAt: at, updatedAt: at });
          return { type: 'dead' };
        }
      }
      const running = { status: 'running' as const, lease, rerun: false, attempts, lastError, updatedAt: at };
      this.repo.updateIn(tx, current, running);
      return { type: 'claimed', job: { ...current, ...running } };
    });
  }

  /**
   * Writes a run's outcome, unless our lease was taken over meanwhile (then the other worker owns the job).
   * `dueNow`: the job went straight back to pending (an event arrived while it ran).
   */
  private record(pass: Pass, realmId: string, job: Job, failure: ClassifiedJobError | undefined): Promise<{ status: JobStatus; dueNow: boolean } | 'lost'> {
    return this.repo.runTransaction(async (tx) => {
      const current = await this.repo.getIn(tx, job.storeHash, job.id);
      if (!current || current.status !== 'running' || current.lease?.holder !== pass.holder) return 'lost';
      const at = Timestamp.fromMillis(this.clock());
      const patch = this.outcomePatch(current, failure, at);
      if (failure?.class === 'throttled' && patch.dueAt instanceof Timestamp) {
        this.repo.setRealmIn(tx, realmId, { throttledUntil: patch.dueAt });
      }
      this.repo.updateIn(tx, current, patch);
      const dueNow = patch.status === 'pending' && patch.dueAt instanceof Timestamp && patch.dueAt.toMillis() <= at.toMillis();
      return { status: patch.status, dueNow };
    });
  }

  private outcomePatch(current: Job, failure: ClassifiedJobError | undefined, at: Timestamp): JobPatch & { status: JobStatus } {
    const released: JobPatch = { lease: null, rerun: false, updatedAt: at };
    if (!failure) {
      return current.rerun
        ? { ...released, ...this.restart(at), lastError: null }
        : { ...released, status: 'done', lastError: null, finishedAt: at };
    }
    const lastError: JobError = { class: failure.class, message: failure.message, at };
    const decision = decideFailure(failure, {
      attempts: current.attempts,
      maxAttempts: current.maxAttempts,
      backoff: this.backoff,
      random: this.random,
    });
    switch (decision.status) {
      case 'pending':
        return {
          ...released,
          status: 'pending',
          dueAt: Timestamp.fromMillis(at.toMillis() + decision.delayMs),
          attempts: decision.attempts,
          lastError,
        };
      case 'parked':
        return { ...released, status: 'parked', parkedReason: decision.reason, lastError };
      case 'needs_attention':
        return current.rerun
          ? { ...released, ...this.restart(at), lastError }
          : { ...released, status: 'needs_attention', lastError, finishedAt: at };
      case 'dead':
        return current.rerun
          ? { ...released, ...this.restart(at), lastError }
          : { ...released, status: 'dead', attempts: decision.attempts, lastError, finishedAt: at };
    }
  }

  /** Back to pending as new work: due at `due`, attempts reset, out of any terminal or parked state. */
  private restart(due: Timestamp): JobPatch & { status: 'pending' } {
    return {
      status: 'pending',
      dueAt: due,
      attempts: 0,
      maxAttempts: this.maxAttempts,
      lease: null,
      rerun: false,
      parkedReason: FieldValue.delete(),
      finishedAt: FieldValue.delete(),
    };
  }

  /** Parks jobs that are still due (a store without a usable connection). No attempt is consumed. */
  private async park(storeHash: string, jobIds: readonly string[], reason: string, cutoff: Timestamp): Promise<number> {
    return this.moveJobs(storeHash, jobIds, (job, at) =>
      isDue(job, cutoff) ? { status: 'parked', parkedReason: reason, lease: null, rerun: false, updatedAt: at } : undefined,
    );
  }

  // ------------------------------------------------------------------------------------------------------
  // Realm lease: one holder per QuickBooks company across all instances
  // ------------------------------------------------------------------------------------------------------

  /**
   * Takes the realm lease unless another live holder has it or QuickBooks is throttling the company, and keeps
   * it alive (renewed every leaseMs/3) until stop(). held() says whether a new job may still start under it:
   * the renewals succeeded and at least half a lease is left, so no other instance can step in meanwhile.
   */
  private async acquireRealm(realmId: string, holder: string): Promise<HeldRealm | 'held' | 'throttled'> {
    try {
      for (let round = 0; round < REALM_ROUNDS; round += 1) {
        const { realm, updateTime } = await this.repo.getRealmVersioned(realmId);
        const nowMs = this.clock();
        if (realm.throttledUntil && realm.throttledUntil.toMillis() > nowMs) return 'throttled';
        if (realm.lease && realm.lease.holder !== holder && realm.lease.expiresAt.toMillis() > nowMs) return 'held';
        const lease = { holder, expiresAt: Timestamp.fromMillis(nowMs + this.leaseMs) };
        // Lost the compare-and-set: usually another worker just took the lease (the next read says so).
        if (await this.repo.writeRealmIfUnchanged(realmId, updateTime, { lease })) return this.holdRealm(realmId, holder, lease.expiresAt.toMillis());
      }
    } catch (error) {
      this.log.warn('sync queue: could not take realm lease', { realmId, error });
    }
    return 'held';
  }

  private holdRealm(realmId: string, holder: string, expiresAtMs: number): HeldRealm {
    let validUntil = expiresAtMs;
    let lost = false;
    let chain: Promise<void> = Promise.resolve();
    const renew = async () => {
      const { realm, updateTime } = await this.repo.getRealmVersioned(realmId);
      if (realm.lease?.holder !== holder) {
        lost = true;
        return;
      }
      const expiresAt = this.clock() + this.leaseMs;
      if (await this.repo.writeRealmIfUnchanged(realmId, updateTime, { lease: { holder, expiresAt: Timestamp.fromMillis(expiresAt) } })) {
        validUntil = expiresAt;
      }
    };
    const timer = setInterval(() => {
      chain = chain.then(renew).catch((error: unknown) => {
        this.log.warn('sync queue: realm lease renewal failed', { realmId, error });
      });
    }, Math.max(Math.floor(this.leaseMs / 3), 10));
    timer.unref();
    return {
      held: () => !lost && validUntil - this.clock() >= this.leaseMs / 2,
      stop: async () => {
        clearInterval(timer);
        await chain;
      },
    };
  }

  private async releaseRealm(realmId: string, holder: string): Promise<void> {
    for (let round = 0; round < REALM_ROUNDS; round += 1) {
      const { realm, updateTime } = await this.repo.getRealmVersioned(realmId);
      if (realm.lease?.holder !== holder) return;
      if (await this.repo.writeRealmIfUnchanged(realmId, updateTime, { lease: null })) return;
    }
  }

  /** Keeps a job's lease alive while its handler runs longer than a fraction of leaseMs (the realm's: holdRealm). */
  private startHeartbeat(job: Job, holder: string): { stop(): Promise<void> } {
    let chain: Promise<void> = Promise.resolve();
    const renew = () =>
      this.repo.runTransaction(async (tx) => {
        const current = await this.repo.getIn(tx, job.storeHash, job.id);
        const lease = { holder, expiresAt: Timestamp.fromMillis(this.clock() + this.leaseMs) };
        if (current?.status === 'running' && current.lease?.holder === holder) this.repo.updateIn(tx, current, { lease });
      });
    const timer = setInterval(() => {
      chain = chain.then(renew).catch((error: unknown) => {
        this.log.warn('sync queue: lease renewal failed', { storeHash: job.storeHash, jobId: job.id, error });
      });
    }, Math.max(Math.floor(this.leaseMs / 3), 10));
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await chain;
      },
    };
  }

  // ------------------------------------------------------------------------------------------------------
  // Merchant and support actions
  // ------------------------------------------------------------------------------------------------------

  /** The merchant reconnected QuickBooks: every parked job of the store becomes due now. Returns how many. */
  async resumeParked(storeHash: string): Promise<number> {
    const ids = await this.repo.idsWithStatus(storeHash, 'parked');
    return this.moveJobs(storeHash, ids, (job, at) =>
      job.status === 'parked' ? { status: 'pending', dueAt: at, parkedReason: FieldValue.delete(), updatedAt: at } : undefined,
    );
  }

  /** Runs jobs again from scratch (retry button, dead-letter replay). Returns how many will run again. */
  async replay(storeHash: string, jobIds: readonly string[]): Promise<number> {
    for (const jobId of jobIds) validateIds(storeHash, jobId);
    return this.moveJobs(storeHash, [...new Set(jobIds)], (job, at) =>
      job.status === 'running' ? { rerun: true, updatedAt: at } : { ...this.restart(at), updatedAt: at },
    );
  }

  async get(storeHash: string, jobId: string): Promise<Job | undefined> {
    return this.repo.get(storeHash, jobId);
  }

  /** Most recently changed first. */
  async list(storeHash: string, options: { status?: JobStatus; limit: number }): Promise<Job[]> {
    return this.repo.list(storeHash, options);
  }

  async counts(storeHash: string): Promise<Record<JobStatus, number>> {
    return this.repo.counts(storeHash);
  }

  /** Applies `change` to each job (read in a transaction, CHUNK at a time); undefined leaves a job as it is. */
  private async moveJobs(
    storeHash: string,
    jobIds: readonly string[],
    change: (job: Job, at: Timestamp) => JobPatch | undefined,
  ): Promise<number> {
    let moved = 0;
    for (const ids of chunks(jobIds, CHUNK)) {
      const count = await this.repo.runTransaction(async (tx) => {
        const jobs = await this.repo.getAllIn(tx, storeHash, ids);
        const at = Timestamp.fromMillis(this.clock());
        let changed = 0;
        for (const job of jobs) {
          const patch = job ? change(job, at) : undefined;
          if (!job || !patch) continue;
          this.repo.updateIn(tx, job, patch);
          changed += 1;
        }
        return changed;
      });
      moved += count;
    }
    return moved;
  }

  // ------------------------------------------------------------------------------------------------------
  // Sweeper
  // ------------------------------------------------------------------------------------------------------

  /**
   * Runs a pass now and then every intervalMs (timed from the end of a scan), so nothing waits on a lost process;
   * kick() runs one right away, e.g. after a webhook was acknowledged. Scans never overlap (at most one runs and
   * one waits; kicks in between share the waiting one), but a scan does not wait for the realms the previous
   * one is still working: fresh work for another company starts at once instead of behind a busy company's
   * slice. A realm still being worked is left to it; when it finishes with work left behind, a pass runs again.
   */
  startSweeper(options: SweeperOptions): Sweeper {
    const log = options.logger ?? this.log;
    const limit = options.limit ?? DEFAULT_PASS_LIMIT;
    let stopped = false;
    let current: Promise<void> | undefined;
    let queued: Promise<{ work: Promise<void> }> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const working = new Set<Promise<void>>();

    const failed = (error: unknown) =>
      log.error('sync queue pass failed', { error: error instanceof Error ? plainMessage(error.message) : String(error) });
    /** Scans; resolves once the scan is done, with the promise of the pass's realm work. */
    const pass = async (): Promise<{ work: Promise<void> }> => {
      try {
        const run = this.newPass({ handler: options.handler });
        const byRealm = await this.scan(run, limit);
        const work = this.workRealms(run, byRealm).then(
          () => {
            const { summary } = run;
            if (summary.claimed > 0 || summary.parked > 0 || summary.dead > 0) log.info('sync queue pass', { ...summary });
          },
          failed,
        );
        working.add(work);
        void work.finally(() => working.delete(work));
        return { work };
      } catch (error) {
        failed(error);
        return { work: Promise.resolve() };
      }
    };
    /** Starts (or joins the waiting) scan; resolves when it is done, with its pass's work. */
    const scan = (): Promise<{ work: Promise<void> }> => {
      if (stopped) return Promise.resolve({ work: Promise.resolve() });
      if (!current) {
        const started = pass();
        current = started.then(
          () => undefined,
          () => undefined,
        );
        void current.finally(() => {
          current = undefined;
        });
        return started;
      }
      queued ??= current.then(() => {
        queued = undefined;
        return scan();
      });
      return queued;
    };
    const kick = (): Promise<void> => scan().then(({ work }) => work);
    this.realmFreed = () => void kick();
    const arm = () => {
      if (stopped) return;
      timer = setTimeout(() => void scan().then(arm), options.intervalMs);
      timer.unref();
    };
    void scan().then(arm);

    return {
      kick,
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await Promise.all([current, queued]);
        while (working.size > 0) await Promise.all([...working]);
        this.realmFreed = undefined;
      },
    };
  }
}

function validateIds(storeHash: string, id: string): void {
  for (const [name, value] of [['storeHash', storeHash], ['job id', id]] as const) {
    if (!value || value.includes('/') || value === '.' || value === '..' || value.length > 500) {
      throw new InvalidJobError(`invalid ${name} for a sync job: ${JSON.stringify(value.slice(0, 100))}`);
    }
  }
}

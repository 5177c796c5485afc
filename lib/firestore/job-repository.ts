/**
 * Firestore layout of the sync work queue (the state machine itself lives in lib/sync/job-queue.ts):
 *   stores/{storeHash}/jobs/{kind}-{subjectId}   JobRecord: one document per subject (order, customer, backfill),
 *                                                 so repeated events coalesce; purged with the store on uninstall.
 *   realms/{realmId}                              RealmRecord: the worker lease that lets one holder at a time
 *                                                 work a QuickBooks company, and a throttle pause after a 429.
 * Every read-modify-write is atomic: either a transaction the caller supplies, or a compare-and-set on one
 * document (writeIfUnchanged / writeRealmIfUnchanged). This module only knows paths, shapes and queries (the
 * indexes they need are in firestore.indexes.json); the decisions are the caller's.
 */
import {
  FieldPath,
  FieldValue,
  Timestamp,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type Transaction,
} from 'firebase-admin/firestore';
import { storeRef } from './store-repository';

/** What a job syncs. Grows with the sync use cases (e.g. 'product', 'inventory'). */
/** Refunds are reconciled by their order's job (see lib/sync/webhook-intake.ts), so they have no kind of their own. */
export const JOB_KINDS = ['order', 'customer', 'backfill'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ['pending', 'running', 'parked', 'needs_attention', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Why the last run failed: 'permanent' (needs the merchant: mapping, validation, closed period), 'connection'
 * (QuickBooks connection gone), 'throttled' (QuickBooks rate limit), 'transient' (retry may succeed), 'lost'
 * (the worker stopped mid-run and its lease expired).
 */
export type JobErrorClass = 'permanent' | 'connection' | 'throttled' | 'transient' | 'lost';

export interface Lease {
  holder: string;
  expiresAt: Timestamp;
}

export interface JobError {
  class: JobErrorClass;
  /** Plain language, no secrets (shown to merchants and support). */
  message: string;
  at: Timestamp;
}

export interface JobRecord {
  storeHash: string;
  kind: JobKind;
  subjectId: string;
  status: JobStatus;
  /** When a pending job may run next. */
  dueAt: Timestamp;
  /** Failed runs since the work was last (re)started; throttling and parking don't count. */
  attempts: number;
  maxAttempts: number;
  /** Set while running: who runs it and until when (a lease past expiresAt means the worker was lost). */
  lease: Lease | null;
  /** An event arrived while the job was running: run it again after this run. */
  rerun: boolean;
  /** Events folded into this job beyond the first. */
  coalesced: number;
  lastError: JobError | null;
  /** Plain-language reason while parked (what the merchant must do). */
  parkedReason?: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** When it last reached done, needs_attention or dead. */
  finishedAt?: Timestamp;
  /**
   * Order jobs: the merchant asked for this order explicitly (a backfill ran it, lib/sync/backfill-order-job.ts),
   * so its runs post it even though it was placed before the store's start date. Only the backfill sets it;
   * the queue's own writes (patches) keep it.
   */
  ignoreStartDate?: boolean;
}

export interface Job extends JobRecord {
  id: string;
}

/** Fields to change on a job; FieldValue.delete() removes an optional field. */
export type JobPatch = { [K in keyof JobRecord]?: JobRecord[K] | FieldValue };

/** One write to one job document: create it (it was missing) or patch it (it exists). */
export type JobWrite = { create: JobRecord } | { update: JobPatch };

export interface RealmRecord {
  lease: Lease | null;
  /** QuickBooks throttled this company: no worker starts on it before this time. */
  throttledUntil?: Timestamp | null;
}

export interface VersionedJob {
  job: Job | undefined;
  /** When the document was last written; undefined when it does not exist. */
  updateTime: Timestamp | undefined;
}

const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;
const GRPC_FAILED_PRECONDITION = 9;

export type RealmPatch = { [K in keyof RealmRecord]?: RealmRecord[K] };

export function jobIdFor(kind: JobKind, subjectId: string): string {
  return `${kind}-${subjectId}`;
}

export function jobsCollection(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('jobs');
}

export function jobRef(db: Firestore, storeHash: string, jobId: string) {
  return jobsCollection(db, storeHash).doc(jobId);
}

export function realmRef(db: Firestore, realmId: string) {
  return db.collection('realms').doc(realmId);
}

/** A stored job, or undefined for a missing document or one that is not a job (another feature's "jobs"). */
function toJob(snapshot: DocumentSnapshot): Job | undefined {
  if (!snapshot.exists) return undefined;
  const data = snapshot.data() as Partial<JobRecord>;
  if (typeof data.status !== 'string' || typeof data.kind !== 'string' || !(data.dueAt instanceof Timestamp)) return undefined;
  const storeHash = snapshot.ref.parent.parent?.id ?? data.storeHash ?? '';
  return { ...(data as JobRecord), storeHash, id: snapshot.id };
}

function toRealm(snapshot: DocumentSnapshot): RealmRecord {
  const data = snapshot.exists ? (snapshot.data() as Partial<RealmRecord>) : {};
  return { lease: data.lease ?? null, throttledUntil: data.throttledUntil ?? null };
}

/** A precondition failed: the document was created, changed or deleted since it was read. */
function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === GRPC_ALREADY_EXISTS || code === GRPC_FAILED_PRECONDITION || code === GRPC_NOT_FOUND;
}

export class JobRepository {
  constructor(private readonly db: Firestore) {}

  get firestore(): Firestore {
    return this.db;
  }

  runTransaction<T>(work: (tx: Transaction) => Promise<T>, maxAttempts = 10): Promise<T> {
    return this.db.runTransaction(work, { maxAttempts });
  }

  async get(storeHash: string, jobId: string): Promise<Job | undefined> {
    return toJob(await jobRef(this.db, storeHash, jobId).get());
  }

  /** A job with the version it was read at, for writeIfUnchanged(). */
  async getVersioned(storeHash: string, jobId: string): Promise<VersionedJob> {
    const snapshot = await jobRef(this.db, storeHash, jobId).get();
    return { job: toJob(snapshot), updateTime: snapshot.updateTime };
  }

  /**
   * Compare-and-set on one job document: creates it if it was missing when read, or updates it if nobody wrote it
   * since (same updateTime). Returns false when another writer got there first: read again and decide again.
   * A read-then-write transaction does the same, but under contention on one document (duplicate webhooks)
   * transactions lock each other out and wait for seconds; a lost compare-and-set costs one quick retry.
   */
  async writeIfUnchanged(
    storeHash: string,
    jobId: string,
    readAt: Timestamp | undefined,
    write: JobWrite,
  ): Promise<boolean> {
    const ref = jobRef(this.db, storeHash, jobId);
    try {
      if ('create' in write) await ref.create(write.create);
      else if (readAt) await ref.update(write.update, { lastUpdateTime: readAt });
      else return false;
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  /**
   * Reads one job and writes what `decide` makes of it, in one transaction (a run of the queue that claims or
   * records the job meanwhile makes the transaction retry, and `decide` sees the job as it is then). `decide`
   * must therefore be pure; undefined writes nothing. For writers outside the queue that record work done on a
   * job's subject (the backfill); the queue itself uses writeIfUnchanged and its own transactions. Returns the
   * write that was made.
   */
  async upsert(storeHash: string, jobId: string, decide: (current: Job | undefined) => JobWrite | undefined): Promise<JobWrite | undefined> {
    const ref = jobRef(this.db, storeHash, jobId);
    return this.runTransaction(async (tx) => {
      const write = decide(toJob(await tx.get(ref)));
      if (!write) return undefined;
      if ('create' in write) tx.create(ref, write.create);
      else tx.update(ref, write.update);
      return write;
    });
  }

  async getIn(tx: Transaction, storeHash: string, jobId: string): Promise<Job | undefined> {
    return toJob(await tx.get(jobRef(this.db, storeHash, jobId)));
  }

  /** Several jobs of one store in one read (undefined where missing), in the order asked. */
  async getAllIn(tx: Transaction, storeHash: string, jobIds: readonly string[]): Promise<Array<Job | undefined>> {
    if (jobIds.length === 0) return [];
    const snapshots = await tx.getAll(...jobIds.map((id) => jobRef(this.db, storeHash, id)));
    return snapshots.map(toJob);
  }

  updateIn(tx: Transaction, job: { storeHash: string; id: string }, patch: JobPatch): void {
    tx.update(jobRef(this.db, job.storeHash, job.id), patch);
  }

  /**
   * Pending jobs due by `cutoff`, across all stores: the oldest first, or the most recently due first.
   * Indexes: jobs (status, dueAt) and (status, dueAt desc), collection group.
   */
  async findDuePending(cutoff: Timestamp, limit: number, order: 'oldest' | 'newest' = 'oldest'): Promise<Job[]> {
    return this.jobsOf(
      this.db
        .collectionGroup('jobs')
        .where('status', '==', 'pending')
        .where('dueAt', '<=', cutoff)
        .orderBy('dueAt', order === 'oldest' ? 'asc' : 'desc')
        .limit(limit),
    );
  }

  /** Running jobs whose worker is gone (lease expired by `cutoff`). Index: jobs (status, lease.expiresAt), collection group. */
  async findExpiredRunning(cutoff: Timestamp, limit: number): Promise<Job[]> {
    return this.jobsOf(
      this.db
        .collectionGroup('jobs')
        .where('status', '==', 'running')
        .where('lease.expiresAt', '<=', cutoff)
        .orderBy('lease.expiresAt')
        .limit(limit),
    );
  }

  /** A store's jobs, most recently changed first. Index: jobs (status, updatedAt desc) when filtered. */
  async list(storeHash: string, options: { status?: JobStatus; limit: number }): Promise<Job[]> {
    let query: Query = jobsCollection(this.db, storeHash);
    if (options.status) query = query.where('status', '==', options.status);
    return this.jobsOf(query.orderBy('updatedAt', 'desc').limit(options.limit));
  }

  /** Ids of a store's jobs in one status (e.g. all parked jobs, to resume them). */
  async idsWithStatus(storeHash: string, status: JobStatus): Promise<string[]> {
    const snapshot = await jobsCollection(this.db, storeHash).where('status', '==', status).select().get();
    return snapshot.docs.map((doc) => doc.id);
  }

  /** Per-status counts through count() aggregations: no documents are read. */
  async counts(storeHash: string): Promise<Record<JobStatus, number>> {
    const collection = jobsCollection(this.db, storeHash);
    const entries = await Promise.all(
      JOB_STATUSES.map(async (status) => {
        const snapshot = await collection.where('status', '==', status).count().get();
        return [status, snapshot.data().count] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<JobStatus, number>;
  }

  /**
   * One page of a store's jobs for the activity views, most recently changed first (ties by job id), optionally
   * narrowed by kind, status and an updatedAt range; `after` is the last job of the previous page.
   * Indexes: jobs (kind, updatedAt desc), (kind, status, updatedAt desc) and (status, updatedAt desc).
   */
  async page(
    storeHash: string,
    options: {
      kind?: JobKind;
      status?: JobStatus;
      updatedFrom?: Timestamp;
      updatedBefore?: Timestamp;
      after?: { updatedAt: Timestamp; id: string };
      limit: number;
    },
  ): Promise<Job[]> {
    let query: Query = jobsCollection(this.db, storeHash);
    if (options.kind) query = query.where('kind', '==', options.kind);
    if (options.status) query = query.where('status', '==', options.status);
    if (options.updatedFrom) query = query.where('updatedAt', '>=', options.updatedFrom);
    if (options.updatedBefore) query = query.where('updatedAt', '<', options.updatedBefore);
    query = query.orderBy('updatedAt', 'desc').orderBy(FieldPath.documentId(), 'desc');
    if (options.after) query = query.startAfter(options.after.updatedAt, options.after.id);
    return this.jobsOf(query.limit(options.limit));
  }

  /**
   * How many of a store's jobs had their latest run fail at or after `since` (lastError.at; a later success
   * clears lastError). A count() aggregation on the automatic single-field index.
   */
  async countFailedSince(storeHash: string, since: Timestamp): Promise<number> {
    const snapshot = await jobsCollection(this.db, storeHash).where('lastError.at', '>=', since).count().get();
    return snapshot.data().count;
  }

  /** The job that most recently reached `status` (by finishedAt). Index: jobs (status, finishedAt desc). */
  async lastFinished(storeHash: string, status: 'done' | 'needs_attention' | 'dead'): Promise<Job | undefined> {
    const [job] = await this.jobsOf(
      jobsCollection(this.db, storeHash).where('status', '==', status).orderBy('finishedAt', 'desc').limit(1),
    );
    return job;
  }

  async getRealmIn(tx: Transaction, realmId: string): Promise<RealmRecord> {
    return toRealm(await tx.get(realmRef(this.db, realmId)));
  }

  async getRealmVersioned(realmId: string): Promise<{ realm: RealmRecord; updateTime: Timestamp | undefined }> {
    const snapshot = await realmRef(this.db, realmId).get();
    return { realm: toRealm(snapshot), updateTime: snapshot.updateTime };
  }

  /** Compare-and-set on a realm document (see writeIfUnchanged); other fields on it are left alone. */
  async writeRealmIfUnchanged(realmId: string, readAt: Timestamp | undefined, patch: RealmPatch): Promise<boolean> {
    const ref = realmRef(this.db, realmId);
    try {
      if (readAt) await ref.update(patch, { lastUpdateTime: readAt });
      else await ref.create(patch);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  /** Merges, so other fields on the realm document (e.g. a rate window) are left alone. */
  setRealmIn(tx: Transaction, realmId: string, patch: RealmPatch): void {
    tx.set(realmRef(this.db, realmId), patch, { merge: true });
  }

  private async jobsOf(query: Query): Promise<Job[]> {
    const snapshot = await query.get();
    return snapshot.docs.map(toJob).filter((job): job is Job => job !== undefined);
  }
}

/**
 * The support view's own Firestore data, outside any store (staff are not store users):
 *   supportSessions/{sha256(session id)}  StaffSessionRecord: server side of the signed session cookie, so logout
 *                                          (delete) revokes it; the cookie's id itself is never stored.
 *   supportLogins/{sha256(kind:value)}    LoginThrottleRecord: failed sign-ins per username and per client IP.
 *   supportAudit/{auto id}                StaffAuditEntry: who did what (lib/support/staff-audit.ts).
 * TTL policies on `expiresAt` purge sessions and throttle windows (firestore.indexes.json); the staff audit is
 * kept (no expiresAt).
 */
import { createHash } from 'node:crypto';
import { Timestamp, type Firestore, type Query } from 'firebase-admin/firestore';

export interface StaffSessionRecord {
  username: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  ip: string;
  userAgent?: string;
}

export interface LoginThrottleRecord {
  kind: 'username' | 'ip';
  /** Attempts counted in the current window (a successful sign-in gives its attempt back). */
  failures: number;
  windowStartedAt: Timestamp;
  expiresAt: Timestamp;
}

export type StaffAction =
  | 'login'
  | 'login_failed'
  | 'login_throttled'
  | 'logout'
  | 'view_stores'
  | 'view_store_activity'
  | 'view_order_timeline'
  | 'replay_jobs'
  | (string & { readonly brand?: never });

export interface StaffAuditEntry {
  username: string;
  action: StaffAction;
  storeHash?: string;
  /** Small, plain details (filters used, job ids replayed, why a sign-in failed); never secrets. */
  detail?: Record<string, string | number | boolean | string[] | null>;
  ip: string;
  at: Timestamp;
}

export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function sessionDocId(sessionId: string): string {
  return sha256(`session:${sessionId}`);
}

export function throttleDocId(kind: LoginThrottleRecord['kind'], value: string): string {
  return sha256(`${kind}:${value}`);
}

export class SupportRepository {
  constructor(private readonly db: Firestore) {}

  // --- sessions -------------------------------------------------------------------------------------------

  async createSession(sessionId: string, record: StaffSessionRecord): Promise<void> {
    await this.db.collection('supportSessions').doc(sessionDocId(sessionId)).create(record);
  }

  async getSession(sessionId: string): Promise<StaffSessionRecord | undefined> {
    const snapshot = await this.db.collection('supportSessions').doc(sessionDocId(sessionId)).get();
    return snapshot.exists ? (snapshot.data() as StaffSessionRecord) : undefined;
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.collection('supportSessions').doc(sessionDocId(sessionId)).delete();
  }

  // --- sign-in throttle -----------------------------------------------------------------------------------

  /**
   * Counts one sign-in attempt against every key, atomically, unless one of them has used up its window: then
   * nothing is counted and the caller answers 429. Counting before the password is checked means a burst of
   * parallel guesses cannot all slip in before the first failure is recorded.
   */
  async reserveAttempt(
    keys: ReadonlyArray<{ kind: LoginThrottleRecord['kind']; value: string }>,
    limits: ThrottleLimits,
    nowMs: number,
  ): Promise<ThrottleDecision> {
    const refs = keys.map((key) => ({ ...key, ref: this.db.collection('supportLogins').doc(throttleDocId(key.kind, key.value)) }));
    return this.db.runTransaction(async (tx) => {
      const snapshots = await tx.getAll(...refs.map((entry) => entry.ref));
      const current = snapshots.map((snapshot) => {
        const record = snapshot.exists ? (snapshot.data() as LoginThrottleRecord) : undefined;
        const windowEnd = record ? record.windowStartedAt.toMillis() + limits.windowMs : 0;
        return record && windowEnd > nowMs ? { record, windowEnd } : undefined;
      });
      const blocked = current
        .filter((entry) => entry !== undefined && entry.record.failures >= limits.maxFailures)
        .map((entry) => entry!.windowEnd - nowMs);
      if (blocked.length > 0) return { allowed: false, retryAfterMs: Math.max(...blocked) };
      refs.forEach((entry, index) => {
        const live = current[index];
        const windowStartedAt = live ? live.record.windowStartedAt : Timestamp.fromMillis(nowMs);
        const next: LoginThrottleRecord = {
          kind: entry.kind,
          failures: (live?.record.failures ?? 0) + 1,
          windowStartedAt,
          expiresAt: Timestamp.fromMillis(windowStartedAt.toMillis() + limits.windowMs),
        };
        tx.set(entry.ref, next);
      });
      return { allowed: true };
    });
  }

  /** A successful sign-in: the username starts afresh; the IP gets back the attempt reserveAttempt counted. */
  async releaseAttempt(username: string, ip: string): Promise<void> {
    const ipRef = this.db.collection('supportLogins').doc(throttleDocId('ip', ip));
    await this.db.collection('supportLogins').doc(throttleDocId('username', username)).delete();
    await this.db.runTransaction(async (tx) => {
      const snapshot = await tx.get(ipRef);
      const record = snapshot.exists ? (snapshot.data() as LoginThrottleRecord) : undefined;
      if (record && record.failures > 0) tx.update(ipRef, { failures: record.failures - 1 });
    });
  }

  // --- staff audit ----------------------------------------------------------------------------------------

  async appendAudit(entry: StaffAuditEntry): Promise<void> {
    await this.db.collection('supportAudit').add(entry);
  }

  /** Newest first, by one staff member or about one store. Indexes: supportAudit (username, at desc), (storeHash, at desc). */
  async listAudit(filter: ({ username: string } | { storeHash: string }) & { limit: number }): Promise<StaffAuditEntry[]> {
    let query: Query = this.db.collection('supportAudit');
    query = 'username' in filter ? query.where('username', '==', filter.username) : query.where('storeHash', '==', filter.storeHash);
    const snapshot = await query.orderBy('at', 'desc').limit(filter.limit).get();
    return snapshot.docs.map((doc) => doc.data() as StaffAuditEntry);
  }
}

/**
 * stores/{storeHash}/log/{id}: the per-subject timeline support and merchants read ("order-123"): what was
 * fetched from BigCommerce, what was sent to QuickBooks and what came back (with intuit_tid), each attempt
 * and its outcome. Details pass through the logger's redaction (no token can land here) and are bounded in
 * size; a TTL policy on `expiresAt` prunes entries by age (firestore.indexes.json).
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { redact } from '@/lib/log/logger';
import { storeRef } from './store-repository';

export type AuditEntryType = 'fetched' | 'decided' | 'quickbooks-request' | 'quickbooks-response' | 'outcome';

export interface AuditEntry {
  subject: string;
  type: AuditEntryType;
  /** One plain-language line. */
  summary: string;
  /** JSON text of the payload or response, redacted and cut to MAX_DETAIL characters. */
  detail?: string;
  intuitTid?: string;
  attempt?: number;
  at: Timestamp;
  expiresAt: Timestamp;
}

export const AUDIT_RETENTION_MS = 90 * 24 * 3_600_000;
const MAX_DETAIL = 20_000;

export class AuditLogRepository {
  constructor(private readonly db: Firestore) {}

  async append(
    storeHash: string,
    entry: { subject: string; type: AuditEntryType; summary: string; detail?: unknown; intuitTid?: string; attempt?: number },
    now = Date.now(),
  ): Promise<void> {
    const detail = entry.detail === undefined ? undefined : JSON.stringify(redact(entry.detail)).slice(0, MAX_DETAIL);
    const record: AuditEntry = {
      subject: entry.subject,
      type: entry.type,
      summary: entry.summary.slice(0, 500),
      at: Timestamp.fromMillis(now),
      expiresAt: Timestamp.fromMillis(now + AUDIT_RETENTION_MS),
      ...(detail !== undefined ? { detail } : {}),
      ...(entry.intuitTid ? { intuitTid: entry.intuitTid } : {}),
      ...(entry.attempt !== undefined ? { attempt: entry.attempt } : {}),
    };
    await storeRef(this.db, storeHash).collection('log').add(record);
  }

  async timeline(storeHash: string, subject: string, limit = 200): Promise<AuditEntry[]> {
    const snapshot = await storeRef(this.db, storeHash)
      .collection('log')
      .where('subject', '==', subject)
      .orderBy('at', 'asc')
      .limit(limit)
      .get();
    return snapshot.docs.map((doc) => doc.data() as AuditEntry);
  }
}

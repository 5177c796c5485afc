/**
 * stores/{storeHash}/ledger/{key}: what we posted to QuickBooks for each BigCommerce thing, the basis of
 * exactly-once. Keys: `order-{id}` (the sales receipt or invoice), `payment-{orderId}`, `refund-{orderId}-{refundId}`,
 * `cancel-{orderId}` (the credit memo reversing a cancelled order's document in a closed period).
 *
 * An entry is written as `pending` with a deterministic QuickBooks requestid BEFORE the create is sent, and
 * completed with the QuickBooks id, SyncToken, DocNumber and totals after. A pending entry found later means
 * an attempt ended ambiguously (timeout, 5xx, crash): the caller looks the document up by DocNumber before
 * sending the create again with the same requestid, so QuickBooks never holds two.
 */
import { createHash } from 'node:crypto';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { storeRef } from './store-repository';

export type LedgerEntity = 'SalesReceipt' | 'Invoice' | 'Payment' | 'RefundReceipt' | 'CreditMemo';

export interface LedgerEntry {
  key: string;
  orderId: number;
  realmId: string;
  entity: LedgerEntity;
  status: 'pending' | 'posted' | 'voided';
  requestId: string;
  docNumber: string;
  /** Increments when a document is deliberately created again (after a void, a company switch). */
  revision: number;
  qboId?: string;
  syncToken?: string;
  totalCents?: number;
  taxCents?: number;
  currency?: string;
  /** Fingerprint of the BigCommerce data the posted document was built from: a change means update it. */
  sourceHash?: string;
  /** Set when a `voided` document could not be voided (closed period): the credit memo that reversed it. */
  reversedBy?: string;
  createdAt: Timestamp;
  postedAt?: Timestamp;
  updatedAt: Timestamp;
}

function ledgerRef(db: Firestore, storeHash: string, key: string) {
  return storeRef(db, storeHash).collection('ledger').doc(key);
}

/** Deterministic, ≤ 50 characters (Intuit's limit), different per realm, store, key and revision. */
export function requestIdFor(realmId: string, storeHash: string, key: string, revision: number): string {
  return createHash('sha256').update(`${realmId}|${storeHash}|${key}|${revision}`).digest('base64url').slice(0, 40);
}

export class LedgerRepository {
  constructor(private readonly db: Firestore) {}

  async get(storeHash: string, key: string): Promise<LedgerEntry | undefined> {
    const snapshot = await ledgerRef(this.db, storeHash, key).get();
    return snapshot.exists ? (snapshot.data() as LedgerEntry) : undefined;
  }

  /** Every entry of one order (its sales document, payment and refunds). */
  async forOrder(storeHash: string, orderId: number): Promise<LedgerEntry[]> {
    const snapshot = await storeRef(this.db, storeHash)
      .collection('ledger')
      .where('orderId', '==', orderId)
      .get();
    return snapshot.docs.map((doc) => doc.data() as LedgerEntry);
  }

  /** Several entries of one store in one round trip (absent keys are left out). */
  async getMany(storeHash: string, keys: readonly string[]): Promise<Map<string, LedgerEntry>> {
    const found = new Map<string, LedgerEntry>();
    if (keys.length === 0) return found;
    const snapshots = await this.db.getAll(...keys.map((key) => ledgerRef(this.db, storeHash, key)));
    for (const snapshot of snapshots) if (snapshot.exists) found.set(snapshot.id, snapshot.data() as LedgerEntry);
    return found;
  }

  /** The most recently first-posted document of the store (single-field index on postedAt; pending entries have none). */
  async lastPosted(storeHash: string): Promise<LedgerEntry | undefined> {
    const snapshot = await storeRef(this.db, storeHash).collection('ledger').orderBy('postedAt', 'desc').limit(1).get();
    return snapshot.docs[0]?.data() as LedgerEntry | undefined;
  }

  /** How many documents were first posted in [fromMs, toMs): a count() aggregation on postedAt. */
  async countPostedBetween(storeHash: string, fromMs: number, toMs: number): Promise<number> {
    const snapshot = await storeRef(this.db, storeHash)
      .collection('ledger')
      .where('postedAt', '>=', Timestamp.fromMillis(fromMs))
      .where('postedAt', '<', Timestamp.fromMillis(toMs))
      .count()
      .get();
    return snapshot.data().count;
  }

  /**
   * The pending entry to post under: created now, or the one an earlier ambiguous attempt left (same
   * requestid; `resumed` = look the document up before creating). A posted entry is returned as is: the
   * caller must not create again.
   */
  async begin(
    storeHash: string,
    input: { key: string; orderId: number; realmId: string; entity: LedgerEntity; docNumber: string },
  ): Promise<{ entry: LedgerEntry; resumed: boolean }> {
    const ref = ledgerRef(this.db, storeHash, input.key);
    return this.db.runTransaction(async (tx) => {
      const snapshot = await tx.get(ref);
      const existing = snapshot.exists ? (snapshot.data() as LedgerEntry) : undefined;
      if (existing && existing.realmId === input.realmId && existing.status !== 'voided') return { entry: existing, resumed: true };
      const revision = existing ? existing.revision + 1 : 0;
      const now = Timestamp.now();
      const entry: LedgerEntry = {
        key: input.key,
        orderId: input.orderId,
        realmId: input.realmId,
        entity: input.entity,
        status: 'pending',
        requestId: requestIdFor(input.realmId, storeHash, input.key, revision),
        docNumber: input.docNumber,
        revision,
        createdAt: now,
        updatedAt: now,
      };
      tx.set(ref, entry);
      return { entry, resumed: false };
    });
  }

  async markPosted(
    storeHash: string,
    key: string,
    result: { qboId: string; syncToken: string; totalCents: number; taxCents: number; currency: string; sourceHash: string },
  ): Promise<void> {
    const now = Timestamp.now();
    await ledgerRef(this.db, storeHash, key).update({ ...result, status: 'posted', postedAt: now, updatedAt: now });
  }

  async markUpdated(storeHash: string, key: string, result: { syncToken: string; totalCents: number; taxCents: number; sourceHash: string }): Promise<void> {
    await ledgerRef(this.db, storeHash, key).update({ ...result, updatedAt: Timestamp.now() });
  }

  /** Nothing more is posted under this key: voided in QuickBooks, reversed by `reversedBy`, or never created. */
  async markVoided(storeHash: string, key: string, syncToken: string, reversedBy?: string): Promise<void> {
    await ledgerRef(this.db, storeHash, key).update({ status: 'voided', syncToken, ...(reversedBy ? { reversedBy } : {}), updatedAt: Timestamp.now() });
  }
}

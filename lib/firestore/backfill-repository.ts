/**
 * stores/{storeHash}/backfills/current: the store's historical backfill (one at a time): the date range,
 * dry run or real, where it is (next page of BigCommerce orders), its counts and totals, and the orders
 * that need attention. The worker advances it a page at a time, so it survives restarts and can be
 * cancelled and resumed.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { storeRef } from './store-repository';

export type BackfillStatus = 'running' | 'cancelled' | 'done' | 'failed';

export interface BackfillRecord {
  from: string; // ISO date-time, inclusive
  to: string; // ISO date-time, inclusive
  dryRun: boolean;
  status: BackfillStatus;
  /** Next page of order ids to process (1-based). */
  nextPage: number;
  /** Orders in the range according to BigCommerce when the backfill started (for the progress bar). */
  expected: number;
  processed: number;
  /** Dry run: would be posted. Real run: posted or already in QuickBooks. */
  posted: number;
  skipped: number;
  failed: number;
  /** Dry run: totals of what would be posted, per currency, in minor units. */
  totals: Record<string, number>;
  /** The first orders that need attention, with the reason. */
  problems: Array<{ orderId: number; reason: string }>;
  startedBy: number;
  startedAt: Timestamp;
  updatedAt: Timestamp;
  finishedAt?: Timestamp;
}

export function backfillRef(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('backfills').doc('current');
}

export class BackfillRepository {
  constructor(private readonly db: Firestore) {}

  async get(storeHash: string): Promise<BackfillRecord | undefined> {
    const snapshot = await backfillRef(this.db, storeHash).get();
    return snapshot.exists ? (snapshot.data() as BackfillRecord) : undefined;
  }

  async set(storeHash: string, record: BackfillRecord): Promise<void> {
    await backfillRef(this.db, storeHash).set(record);
  }

  async update(storeHash: string, fields: Partial<BackfillRecord>): Promise<void> {
    await backfillRef(this.db, storeHash).update({ ...fields, updatedAt: Timestamp.now() });
  }
}

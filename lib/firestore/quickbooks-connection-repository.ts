/**
 * stores/{storeHash}/quickbooks/connection: the store's QuickBooks grant (sealed tokens and their expiry
 * times, which we track ourselves), its status, and the refresh lease that serialises token refreshes for
 * the realm across every app instance. Lives under the store so uninstall purges it.
 */
import { FieldValue, Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { storeRef } from './store-repository';

export type ConnectionStatus = 'connected' | 'needs_reconnect' | 'disconnected';

export interface RefreshLease {
  holder: string;
  expiresAt: Timestamp;
}

export interface QuickBooksConnection {
  realmId: string;
  status: ConnectionStatus;
  companyName?: string;
  accessToken?: SecretBox;
  refreshToken?: SecretBox;
  accessTokenExpiresAt?: Timestamp;
  refreshTokenExpiresAt?: Timestamp;
  /** Incremented on every stored token change: lets a caller tell a refresh happened since it read. */
  tokenVersion: number;
  lease?: RefreshLease | null;
  connectedAt: Timestamp;
  connectedBy: number;
  /** Plain-language reason shown to the merchant and support when status is needs_reconnect. */
  statusReason?: string;
  statusChangedAt: Timestamp;
  /** Every realm this store has ever posted to: switching to another needs explicit confirmation. */
  postedRealmIds?: string[];
}

export function connectionRef(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('quickbooks').doc('connection');
}

export class QuickBooksConnectionRepository {
  constructor(private readonly db: Firestore) {}

  get firestore(): Firestore {
    return this.db;
  }

  async get(storeHash: string): Promise<QuickBooksConnection | undefined> {
    const snapshot = await connectionRef(this.db, storeHash).get();
    return snapshot.exists ? (snapshot.data() as QuickBooksConnection) : undefined;
  }

  async getIn(tx: Transaction, storeHash: string): Promise<QuickBooksConnection | undefined> {
    const snapshot = await tx.get(connectionRef(this.db, storeHash));
    return snapshot.exists ? (snapshot.data() as QuickBooksConnection) : undefined;
  }

  async set(storeHash: string, connection: QuickBooksConnection): Promise<void> {
    await connectionRef(this.db, storeHash).set(connection);
  }

  async update(storeHash: string, fields: Partial<QuickBooksConnection>): Promise<void> {
    await connectionRef(this.db, storeHash).update({ ...fields });
  }

  /** Connected stores: a collection-group query over the stores' quickbooks collections (see firestore.indexes.json). */
  async listConnected(limit: number): Promise<Array<{ storeHash: string; connection: QuickBooksConnection }>> {
    const snapshot = await this.db.collectionGroup('quickbooks').where('status', '==', 'connected').limit(limit).get();
    return snapshot.docs
      .filter((doc) => doc.id === 'connection')
      .map((doc) => ({ storeHash: doc.ref.parent.parent!.id, connection: doc.data() as QuickBooksConnection }));
  }

  /** Several stores' connections in one round trip (absent where a store never connected). */
  async getMany(storeHashes: readonly string[]): Promise<Map<string, QuickBooksConnection>> {
    const found = new Map<string, QuickBooksConnection>();
    if (storeHashes.length === 0) return found;
    const snapshots = await this.db.getAll(...storeHashes.map((storeHash) => connectionRef(this.db, storeHash)));
    snapshots.forEach((snapshot, index) => {
      if (snapshot.exists) found.set(storeHashes[index]!, snapshot.data() as QuickBooksConnection);
    });
    return found;
  }

  /**
   * How many stores' connections are in a status, across all stores: a count() aggregation over the quickbooks
   * collection group (the status field override in firestore.indexes.json). Only connection documents have `status`.
   */
  async countWithStatus(status: ConnectionStatus): Promise<number> {
    return (await this.db.collectionGroup('quickbooks').where('status', '==', status).count().get()).data().count;
  }

  /** The store has now posted to this realm: connecting another company will need confirmation. */
  async recordPostedRealm(storeHash: string, realmId: string): Promise<void> {
    await connectionRef(this.db, storeHash).update({ postedRealmIds: FieldValue.arrayUnion(realmId) });
  }

  runTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.runTransaction(work);
  }

  setIn(tx: Transaction, storeHash: string, fields: Partial<QuickBooksConnection>): void {
    tx.set(connectionRef(this.db, storeHash), fields, { merge: true });
  }

  static now(): Timestamp {
    return Timestamp.now();
  }
}

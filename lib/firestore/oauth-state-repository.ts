/**
 * stores/{storeHash}/oauthStates/{hash of state}: the server-side half of a QuickBooks OAuth `state`.
 * Bound to the store and the user who started the connection, short-lived, and consumed in a transaction,
 * so a replayed or concurrent second callback can never exchange a code again. Consumed states are kept
 * (marked) until they expire, so a replay is told apart from a forgery; a Firestore TTL policy on
 * `expiresAt` deletes them (firestore.indexes.json), and uninstall purges them with the store.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { storeRef } from './store-repository';

export interface OAuthState {
  userId: number;
  /** The merchant confirmed, before leaving, that connecting a different company is intended. */
  allowCompanySwitch: boolean;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  consumedAt?: Timestamp;
}

export type ConsumeResult =
  | { outcome: 'consumed'; state: OAuthState }
  | { outcome: 'unknown' | 'expired' | 'replayed' };

function stateRef(db: Firestore, storeHash: string, stateHash: string) {
  return storeRef(db, storeHash).collection('oauthStates').doc(stateHash);
}

export class OAuthStateRepository {
  constructor(private readonly db: Firestore) {}

  async save(storeHash: string, stateHash: string, state: OAuthState): Promise<void> {
    await stateRef(this.db, storeHash, stateHash).create(state);
  }

  /** Marks the state used, exactly once across all instances. */
  async consume(storeHash: string, stateHash: string, now = Date.now()): Promise<ConsumeResult> {
    const ref = stateRef(this.db, storeHash, stateHash);
    return this.db.runTransaction(async (tx) => {
      const snapshot = await tx.get(ref);
      if (!snapshot.exists) return { outcome: 'unknown' } as const;
      const state = snapshot.data() as OAuthState;
      if (state.consumedAt) return { outcome: 'replayed' } as const;
      if (state.expiresAt.toMillis() <= now) return { outcome: 'expired' } as const;
      tx.update(ref, { consumedAt: Timestamp.fromMillis(now) });
      return { outcome: 'consumed', state } as const;
    });
  }
}

/**
 * Firestore layout for a store (everything the app holds for a store lives under stores/{storeHash},
 * so uninstall is one recursive delete):
 *   stores/{storeHash}                  StoreRecord (tokens sealed with lib/crypto/secret-box)
 *   stores/{storeHash}/users/{userId}   StoreUser
 *   stores/{storeHash}/sessionCodes/{h} one-time codes that hand the iframe its session token
 */
import { FieldPath, FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { SecretBox } from '@/lib/crypto/secret-box';

export interface StoreFacts {
  storeId: string;
  name: string;
  domain: string;
  secureUrl: string;
  controlPanelBaseUrl: string;
  adminEmail: string;
  currency: string;
  timezone: { name: string; rawOffsetSeconds: number; dstOffsetSeconds: number };
  isPriceEnteredWithTax: boolean;
  planName: string;
}

export interface WebhookRegistration {
  status: 'ok' | 'error';
  /** scope → BigCommerce hook id */
  hooks: Record<string, number>;
  checkedAt: Timestamp;
  error?: string;
}

export interface StoreRecord {
  storeHash: string;
  accessToken: SecretBox;
  scope: string;
  owner: { id: number; email: string };
  installedBy: { id: number; email: string };
  webhookSecret: SecretBox;
  webhooks?: WebhookRegistration;
  facts?: StoreFacts;
  factsUpdatedAt?: Timestamp;
  installedAt: Timestamp;
  updatedAt: Timestamp;
  /** BigCommerce said the store itself was cancelled (store/app/uninstalled): no more work for it. */
  cancelledAt?: Timestamp;
}

export type StoreUserRole = 'owner' | 'user';

export interface StoreUser {
  id: number;
  email: string;
  username?: string;
  locale?: string;
  role: StoreUserRole;
  addedAt: Timestamp;
  lastSeenAt: Timestamp;
}

export interface SessionCode {
  userId: number;
  path: string;
  expiresAt: Timestamp;
}

export function storeRef(db: Firestore, storeHash: string) {
  return db.collection('stores').doc(storeHash);
}

function userRef(db: Firestore, storeHash: string, userId: number) {
  return storeRef(db, storeHash).collection('users').doc(String(userId));
}

export class StoreRepository {
  constructor(private readonly db: Firestore) {}

  async getStore(storeHash: string): Promise<StoreRecord | undefined> {
    const snapshot = await storeRef(this.db, storeHash).get();
    return snapshot.exists ? (snapshot.data() as StoreRecord) : undefined;
  }

  /** Creates or refreshes the store on every auth callback (tokens die on scope or owner-email changes). */
  async upsertInstalledStore(
    record: Omit<StoreRecord, 'installedAt' | 'updatedAt' | 'webhookSecret' | 'webhooks'>,
    newWebhookSecret: () => SecretBox,
  ): Promise<StoreRecord> {
    const ref = storeRef(this.db, record.storeHash);
    return this.db.runTransaction(async (tx) => {
      const existing = await tx.get(ref);
      const previous = existing.exists ? (existing.data() as StoreRecord) : undefined;
      const now = Timestamp.now();
      const next: StoreRecord = {
        ...previous,
        ...record,
        // Keep the webhook secret across re-auth so deliveries already in flight still verify.
        webhookSecret: previous?.webhookSecret ?? newWebhookSecret(),
        installedAt: previous?.installedAt ?? now,
        updatedAt: now,
      };
      tx.set(ref, next);
      return next;
    });
  }

  /** Installed stores in store-hash order, one page at a time (support overview). No index needed. */
  async listStores(options: { afterStoreHash?: string; limit: number }): Promise<StoreRecord[]> {
    let query = this.db.collection('stores').orderBy(FieldPath.documentId()).limit(options.limit);
    if (options.afterStoreHash) query = query.startAfter(options.afterStoreHash);
    const snapshot = await query.get();
    return snapshot.docs.map((doc) => ({ ...(doc.data() as StoreRecord), storeHash: doc.id }));
  }

  /** How many stores have the app installed: a count() aggregation, no documents read. */
  async countStores(): Promise<number> {
    return (await this.db.collection('stores').count().get()).data().count;
  }

  async setWebhookRegistration(storeHash: string, registration: WebhookRegistration): Promise<void> {
    await storeRef(this.db, storeHash).update({ webhooks: registration, updatedAt: FieldValue.serverTimestamp() });
  }

  async markCancelled(storeHash: string, at: Timestamp): Promise<void> {
    await storeRef(this.db, storeHash).update({ cancelledAt: at });
  }

  async setFacts(storeHash: string, facts: StoreFacts): Promise<void> {
    await storeRef(this.db, storeHash).update({ facts, factsUpdatedAt: FieldValue.serverTimestamp() });
  }

  async getUser(storeHash: string, userId: number): Promise<StoreUser | undefined> {
    const snapshot = await userRef(this.db, storeHash, userId).get();
    return snapshot.exists ? (snapshot.data() as StoreUser) : undefined;
  }

  /** Store and user in one round trip: what every authenticated app request needs. */
  async getStoreAndUser(storeHash: string, userId: number) {
    const [store, user] = await this.db.getAll(storeRef(this.db, storeHash), userRef(this.db, storeHash, userId));
    return {
      store: store?.exists ? (store.data() as StoreRecord) : undefined,
      user: user?.exists ? (user.data() as StoreUser) : undefined,
    };
  }

  async listUsers(storeHash: string): Promise<StoreUser[]> {
    const snapshot = await storeRef(this.db, storeHash).collection('users').orderBy('addedAt').get();
    return snapshot.docs.map((doc) => doc.data() as StoreUser);
  }

  /** Adds the user if new, refreshes email/locale/role and lastSeenAt otherwise. */
  async upsertUser(
    storeHash: string,
    user: { id: number; email: string; username?: string; locale?: string; role: StoreUserRole },
  ): Promise<{ created: boolean }> {
    const ref = userRef(this.db, storeHash, user.id);
    return this.db.runTransaction(async (tx) => {
      const existing = await tx.get(ref);
      const now = Timestamp.now();
      const previous = existing.exists ? (existing.data() as StoreUser) : undefined;
      const next: StoreUser = {
        ...previous,
        id: user.id,
        email: user.email,
        ...(user.username ? { username: user.username } : {}),
        ...(user.locale ? { locale: user.locale } : {}),
        role: user.role,
        addedAt: previous?.addedAt ?? now,
        lastSeenAt: now,
      };
      tx.set(ref, next);
      return { created: !previous };
    });
  }

  async removeUser(storeHash: string, userId: number): Promise<void> {
    await this.db.recursiveDelete(userRef(this.db, storeHash, userId));
  }

  /** Everything the app holds for the store, subcollections included. */
  async deleteStoreData(storeHash: string): Promise<void> {
    await this.db.recursiveDelete(storeRef(this.db, storeHash));
  }

  async saveSessionCode(storeHash: string, codeHash: string, code: SessionCode): Promise<void> {
    await storeRef(this.db, storeHash).collection('sessionCodes').doc(codeHash).set(code);
  }

  /** Reads and deletes in one transaction, so a code can be redeemed once only. */
  async consumeSessionCode(storeHash: string, codeHash: string): Promise<SessionCode | undefined> {
    const ref = storeRef(this.db, storeHash).collection('sessionCodes').doc(codeHash);
    return this.db.runTransaction(async (tx) => {
      const snapshot = await tx.get(ref);
      if (!snapshot.exists) return undefined;
      tx.delete(ref);
      return snapshot.data() as SessionCode;
    });
  }
}

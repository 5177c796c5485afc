/**
 * stores/{storeHash}/quickbooks/profile: the cached company profile of the store's connected QuickBooks
 * company (facts + compact lists, see lib/quickbooks-connection/company-profile.ts), saved with the realm it
 * was read from so a profile of a previously connected company is never taken for the current one. Lives
 * under the store so uninstall purges it; one small document (lists are compact) read with the connection.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import type { CompanyProfile } from '@/lib/quickbooks-connection/company-profile';
import { storeRef } from './store-repository';

/** The document: the profile as read, plus the realm it was read from. */
export interface StoredCompanyProfile {
  /** The QuickBooks company (realm) the profile was read from. */
  realmId: string;
  profile: CompanyProfile;
  /** When this document was written (profile.refreshedAt is when QuickBooks was read). */
  savedAt: Timestamp;
}

export function companyProfileRef(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('quickbooks').doc('profile');
}

export class CompanyProfileRepository {
  constructor(private readonly db: Firestore) {}

  /** The stored profile, whatever realm it belongs to; callers posting to a realm want `getForRealm`. */
  async get(storeHash: string): Promise<StoredCompanyProfile | undefined> {
    const snapshot = await companyProfileRef(this.db, storeHash).get();
    return snapshot.exists ? (snapshot.data() as StoredCompanyProfile) : undefined;
  }

  /** The stored profile only if it was read from `realmId` (undefined for another company's profile). */
  async getForRealm(storeHash: string, realmId: string): Promise<StoredCompanyProfile | undefined> {
    const stored = await this.get(storeHash);
    return stored?.realmId === realmId ? stored : undefined;
  }

  /** Replaces the whole document (a refresh never merges with a previous company's lists). */
  async save(storeHash: string, realmId: string, profile: CompanyProfile): Promise<void> {
    if (!realmId) throw new TypeError('A company profile is saved with the realm it was read from');
    const stored: StoredCompanyProfile = {
      realmId,
      profile: { facts: profile.facts, lists: profile.lists, refreshedAt: profile.refreshedAt },
      savedAt: Timestamp.now(),
    };
    await companyProfileRef(this.db, storeHash).set(stored);
  }

  /** On disconnect or when the store connects another company. No-op when there is none. */
  async delete(storeHash: string): Promise<void> {
    await companyProfileRef(this.db, storeHash).delete();
  }
}

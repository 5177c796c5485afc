/**
 * The app's own QuickBooks items per store ("Shipping (BigCommerce)", "Gift certificates (BigCommerce)", …;
 * see lib/sync/house-items.ts), so an order after the first costs no QuickBooks call to find them:
 *   stores/{storeHash}/maps/house-items   one document, one field per kind → HouseItemEntry
 * Every entry names the QuickBooks company (realm) it belongs to: after the store connects another company,
 * entries of the old one are ignored (and overwritten as the new company's items are found or created).
 * Lives under the store, so uninstall purges it with the other maps.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { storeRef } from './store-repository';

export interface HouseItemEntry {
  /** The QuickBooks company the item lives in. */
  realmId: string;
  qboItemId: string;
  /** The item's Name in QuickBooks. */
  name: string;
  /** The item's IncomeAccountRef when we created, adopted or re-pointed it. */
  incomeAccountId?: string;
  /** created = made by the sync; adopted = found in QuickBooks by name. */
  source: 'created' | 'adopted';
  updatedAt: Timestamp;
}

export type HouseItemInput = Omit<HouseItemEntry, 'updatedAt'>;

/** Field names are the sync's item kinds ("shipping", "giftCertificate"): plain identifiers only. */
const KIND = /^[A-Za-z][A-Za-z0-9]{0,39}$/;

export function houseItemsRef(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('maps').doc('house-items');
}

export class HouseItemsRepository {
  constructor(private readonly db: Firestore) {}

  /** The store's entries for `realmId`, by kind (entries of another QuickBooks company are left out). */
  async get(storeHash: string, realmId: string): Promise<Map<string, HouseItemEntry>> {
    const snapshot = await houseItemsRef(this.db, storeHash).get();
    const found = new Map<string, HouseItemEntry>();
    const data = snapshot.exists ? snapshot.data() : undefined;
    for (const [kind, value] of Object.entries(data ?? {})) {
      if (KIND.test(kind) && isEntry(value) && value.realmId === realmId) found.set(kind, value);
    }
    return found;
  }

  /** Writes (replaces) the given kinds' entries in one write; other kinds are left as they are. */
  async set(storeHash: string, entries: ReadonlyMap<string, HouseItemInput>): Promise<void> {
    if (entries.size === 0) return;
    const now = Timestamp.now();
    const data: Record<string, HouseItemEntry> = {};
    for (const [kind, entry] of entries) {
      if (!KIND.test(kind)) throw new RangeError(`Not a house item kind: ${JSON.stringify(kind)}`);
      data[kind] = withoutUndefined({ ...entry, updatedAt: now });
    }
    // mergeFields replaces each named field whole (a plain merge would keep stale sub-fields).
    await houseItemsRef(this.db, storeHash).set(data, { mergeFields: Object.keys(data) });
  }
}

function isEntry(value: unknown): value is HouseItemEntry {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['realmId'] === 'string' && typeof record['qboItemId'] === 'string' && record['qboItemId'] !== '';
}

/** Firestore rejects undefined unless the instance ignores it; don't depend on instance settings. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

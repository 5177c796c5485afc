/**
 * Which QuickBooks record stands for which BigCommerce thing, per store (purged with the store on uninstall):
 *   stores/{storeHash}/maps/customers/entries/{key}   CustomerMapEntry
 *       key = `bc-{bcCustomerId}-{currency}`            registered customer (one QuickBooks customer per currency)
 *           | `guest-{sha256(email)}-{currency}`         guest checkout, per e-mail (per_guest mode)
 *           | `guest-single-{sha256(name)}-{currency}`   the one customer all guests post to (single_customer mode)
 *   stores/{storeHash}/maps/items/entries/{sha256(itemKey)}   ItemMapEntry
 *       itemKey = `sku:{normalised SKU}` | `name:{normalised product name}` (lines without a SKU); document ids
 *       are hashes because SKUs may hold '/', '.' or be too long for an id; the SKU itself is a field.
 * The maps are the sync's cache: a mapped customer or SKU never costs a QuickBooks query again.
 */
import { createHash } from 'node:crypto';
import { Timestamp, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
import { storeRef } from './store-repository';

// ---------------------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------------------

export type CustomerMapKind = 'registered' | 'guest' | 'single-guest';

export interface CustomerMapEntry {
  qboId: string;
  displayName: string;
  /** The customer's SyncToken when we last wrote or read it (updates start from it). */
  syncToken?: string;
  updatedAt: Timestamp;
  kind: CustomerMapKind;
  /** ISO 4217: the QuickBooks customer's currency. */
  currency: string;
  /** Registered customers only: lets a customer event find every currency's record. */
  bcCustomerId?: number;
  /** How the record was found: looked up in QuickBooks, or created by us. */
  source: 'matched' | 'created';
}

export type CustomerMapInput = Omit<CustomerMapEntry, 'updatedAt'>;

const CURRENCY = /^[A-Z]{3}$/;

export function registeredCustomerKey(bcCustomerId: number, currency: string): string {
  if (!Number.isSafeInteger(bcCustomerId) || bcCustomerId <= 0) throw new RangeError(`Not a BigCommerce customer id: ${bcCustomerId}`);
  return `bc-${bcCustomerId}-${checkCurrency(currency)}`;
}

/** The e-mail is hashed (trimmed, lower-cased): the key names no personal data. */
export function guestCustomerKey(email: string, currency: string): string {
  const normalised = email.normalize('NFC').trim().toLowerCase();
  if (!normalised) throw new RangeError('A guest customer key needs an e-mail');
  return `guest-${sha256(normalised)}-${checkCurrency(currency)}`;
}

/** Keyed by the configured name too: renaming it in settings starts (or finds) another customer. */
export function singleGuestCustomerKey(customerName: string, currency: string): string {
  return `guest-single-${sha256(customerName.normalize('NFC').trim().toLowerCase()).slice(0, 16)}-${checkCurrency(currency)}`;
}

function checkCurrency(currency: string): string {
  if (!CURRENCY.test(currency)) throw new RangeError(`Not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  return currency;
}

// ---------------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------------

/** mapped = chosen by the merchant; matched = found in QuickBooks by SKU or name; created = made by the sync. */
export type ItemMapSource = 'mapped' | 'matched' | 'created';

export interface ItemMapEntry {
  /** `sku:…` or `name:…` (see itemMapKey). */
  itemKey: string;
  /** The BigCommerce SKU as first seen (null for lines without a SKU). */
  sku: string | null;
  /** The BigCommerce product name as first seen. */
  productName: string;
  qboItemId: string;
  /** The QuickBooks item's Name. */
  name: string;
  source: ItemMapSource;
  updatedAt: Timestamp;
}

export type ItemMapInput = Omit<ItemMapEntry, 'updatedAt'>;

/** NFC, trimmed, inner whitespace collapsed, lower-cased: "  Mug-12 " and "mug-12" are one SKU. */
export function normaliseItemText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The map key of a line: its SKU when it has one, else its product name. */
export function itemMapKey(line: { sku?: string | null; name: string }): string {
  const sku = normaliseItemText(line.sku ?? '');
  return sku ? `sku:${sku}` : `name:${normaliseItemText(line.name)}`;
}

/** Firestore-safe document id of an item key. */
export function itemDocumentId(itemKey: string): string {
  return sha256(itemKey);
}

// ---------------------------------------------------------------------------------------------------------
// Repository
// ---------------------------------------------------------------------------------------------------------

const KEY = /^[A-Za-z0-9_-]{1,200}$/;
/** Firestore getAll/batch limits are far above this; keeps one round trip reasonably sized. */
const CHUNK = 300;

export function customerMapsCollection(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('maps').doc('customers').collection('entries');
}

export function itemMapsCollection(db: Firestore, storeHash: string) {
  return storeRef(db, storeHash).collection('maps').doc('items').collection('entries');
}

export class SyncMapsRepository {
  constructor(private readonly db: Firestore) {}

  /**
   * Forgets every customer and item mapping of the store: their QuickBooks ids belong to one company, and the
   * same ids name other records (or nothing) in another. Called when the store switches company.
   */
  async clearAll(storeHash: string): Promise<void> {
    await this.db.recursiveDelete(storeRef(this.db, storeHash).collection('maps'));
  }

  // Customers ---------------------------------------------------------------------------------------------

  async getCustomer(storeHash: string, key: string): Promise<CustomerMapEntry | undefined> {
    const snapshot = await this.customerRef(storeHash, key).get();
    return snapshot.exists ? (snapshot.data() as CustomerMapEntry) : undefined;
  }

  /** Entries by key; keys without an entry are absent from the map. */
  async getCustomers(storeHash: string, keys: readonly string[]): Promise<Map<string, CustomerMapEntry>> {
    const unique = [...new Set(keys)];
    const refs = unique.map((key) => this.customerRef(storeHash, key));
    const found = new Map<string, CustomerMapEntry>();
    for (const [index, snapshot] of (await this.getAll(refs)).entries()) {
      const key = unique[index];
      if (key !== undefined && snapshot.exists) found.set(key, snapshot.data() as CustomerMapEntry);
    }
    return found;
  }

  async setCustomer(storeHash: string, key: string, entry: CustomerMapInput): Promise<void> {
    await this.customerRef(storeHash, key).set(withoutUndefined({ ...entry, updatedAt: Timestamp.now() }));
  }

  /** Every currency's QuickBooks customer of one registered BigCommerce customer, with its key. */
  async findCustomersByBcCustomerId(storeHash: string, bcCustomerId: number): Promise<Array<{ key: string; entry: CustomerMapEntry }>> {
    const snapshot = await customerMapsCollection(this.db, storeHash).where('bcCustomerId', '==', bcCustomerId).get();
    return snapshot.docs.map((doc) => ({ key: doc.id, entry: doc.data() as CustomerMapEntry })).sort((a, b) => a.key.localeCompare(b.key));
  }

  // Items -------------------------------------------------------------------------------------------------

  async getItem(storeHash: string, itemKey: string): Promise<ItemMapEntry | undefined> {
    return (await this.getItems(storeHash, [itemKey])).get(itemKey);
  }

  /** Entries by item key (see itemMapKey); keys without an entry are absent from the map. */
  async getItems(storeHash: string, itemKeys: readonly string[]): Promise<Map<string, ItemMapEntry>> {
    const unique = [...new Set(itemKeys)];
    const refs = unique.map((itemKey) => this.itemRef(storeHash, itemKey));
    const found = new Map<string, ItemMapEntry>();
    for (const [index, snapshot] of (await this.getAll(refs)).entries()) {
      const itemKey = unique[index];
      if (itemKey !== undefined && snapshot.exists) found.set(itemKey, snapshot.data() as ItemMapEntry);
    }
    return found;
  }

  async setItem(storeHash: string, entry: ItemMapInput): Promise<void> {
    await this.setItems(storeHash, [entry]);
  }

  /** Writes several entries atomically (one batch per 300). */
  async setItems(storeHash: string, entries: readonly ItemMapInput[]): Promise<void> {
    const now = Timestamp.now();
    for (let start = 0; start < entries.length; start += CHUNK) {
      const batch = this.db.batch();
      for (const entry of entries.slice(start, start + CHUNK)) {
        batch.set(this.itemRef(storeHash, entry.itemKey), withoutUndefined({ ...entry, updatedAt: now }));
      }
      await batch.commit();
    }
  }

  // -------------------------------------------------------------------------------------------------------

  private customerRef(storeHash: string, key: string): DocumentReference {
    if (!KEY.test(key)) throw new RangeError(`Not a customer map key: ${JSON.stringify(key)}`);
    return customerMapsCollection(this.db, storeHash).doc(key);
  }

  private itemRef(storeHash: string, itemKey: string): DocumentReference {
    if (!/^(sku|name):/.test(itemKey)) throw new RangeError(`Not an item map key: ${JSON.stringify(itemKey)}`);
    return itemMapsCollection(this.db, storeHash).doc(itemDocumentId(itemKey));
  }

  private async getAll(refs: DocumentReference[]) {
    const snapshots = [];
    for (let start = 0; start < refs.length; start += CHUNK) {
      const chunk = refs.slice(start, start + CHUNK);
      if (chunk.length > 0) snapshots.push(...(await this.db.getAll(...chunk)));
    }
    return snapshots;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Firestore rejects undefined unless the instance ignores it; don't depend on instance settings. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

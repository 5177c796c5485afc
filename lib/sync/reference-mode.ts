/**
 * SYNC_OPTIMIZATIONS=off: the benchmark's reference mode (`npm run bench` runs every scenario again with it, to
 * show what the savings buy). The sync works exactly as usual, minus its caches and batching:
 *   - no id maps read: every order looks its customer and items up in QuickBooks again (maps are still written);
 *   - no house-item records read: shipping/discount/… items are looked up by name each time;
 *   - no cached company profile: CompanyInfo, Preferences and the lists are read from QuickBooks per order;
 *   - no /batch: QuickBooksClient sends each query or create of a batch as its own request;
 *   - no embedded order sub-resources: products, shipping addresses and fees are read one request each.
 * Never for production: it multiplies QuickBooks and BigCommerce calls by design.
 */
import { CompanyProfileRepository, type StoredCompanyProfile } from '@/lib/firestore/company-profile-repository';
import { HouseItemsRepository, type HouseItemEntry } from '@/lib/firestore/house-items-repository';
import { SyncMapsRepository, type CustomerMapEntry, type ItemMapEntry } from '@/lib/firestore/sync-maps-repository';

/** Id maps that never remember (writes still land, so the admin pages look the same). */
export class UncachedSyncMapsRepository extends SyncMapsRepository {
  override async getCustomer(): Promise<CustomerMapEntry | undefined> {
    return undefined;
  }

  override async getItems(): Promise<Map<string, ItemMapEntry>> {
    return new Map();
  }
}

export class UncachedHouseItemsRepository extends HouseItemsRepository {
  override async get(): Promise<Map<string, HouseItemEntry>> {
    return new Map();
  }
}

/** Every reader finds no stored profile and reads it from QuickBooks again. */
export class UncachedCompanyProfileRepository extends CompanyProfileRepository {
  override async getForRealm(): Promise<StoredCompanyProfile | undefined> {
    return undefined;
  }
}

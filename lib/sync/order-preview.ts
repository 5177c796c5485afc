/**
 * "Preview an order": the exact QuickBooks document a chosen BigCommerce order would become now, computed by
 * the same code that posts it, with nothing written anywhere.
 *
 * The posting path resolves the customer, items and house items, creating what QuickBooks lacks and
 * remembering ids in Firestore. A preview runs that path against dry stand-ins: a QuickBooks client whose
 * reads go to QuickBooks but whose writes (create, update, void, batch creates) are answered locally with
 * placeholder ids and listed as "would create", and id-map repositories whose writes are dropped. The
 * stand-ins delegate to the real objects through their prototype, so every read behaves exactly as in a
 * posting.
 *
 * The document refers to QuickBooks records by id; the merchant needs their names. The id maps and house items
 * the run reads (or would write) already carry them, so the names of existing items and the customer cost
 * nothing extra; items no map knows (a fallback item chosen in settings, say) are named by one QuickBooks
 * query for all of them.
 */
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import type { HouseItemsRepository } from '@/lib/firestore/house-items-repository';
import type { SyncMapsRepository } from '@/lib/firestore/sync-maps-repository';
import { logger } from '@/lib/log/logger';
import { MAX_BATCH_ITEMS, qboSql, type BatchItem, type BatchItemResult, type QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import { SHIPPING_ITEM_ID } from './mappers/sales-document-mapper';
import { mapOrderNow } from './sync-order';

export interface PlannedCreate {
  entity: string;
  /** The placeholder id the preview document uses for it. */
  id: string;
  name: string;
}

export type OrderPreview =
  | {
      ok: true;
      orderId: number;
      orderStatus: string;
      entity: 'SalesReceipt' | 'Invoice';
      /** The payload that would be sent, placeholder ids included. */
      document: object;
      expected: { totalCents: number; taxCents: number; currency: string };
      roundingCents?: number;
      /** Customers and items QuickBooks doesn't have yet; posting creates them first. */
      wouldCreate: PlannedCreate[];
      /**
       * QuickBooks item id → the item's name, for every existing item the document's lines use (items posting
       * would create are in wouldCreate). An item whose name could not be read is absent: show its id.
       */
      itemNames: Record<string, string>;
      /** The existing QuickBooks customer's DisplayName; absent when posting would create the customer. */
      customerName?: string;
      /** Already in QuickBooks: posting again would update it in place (if anything changed), never duplicate it. */
      alreadyPosted?: { entity: string; docNumber: string; qboId?: string; status: string };
    }
  | { ok: false; orderId: number; reason: string };

/** The route's [orderId]: a BigCommerce order number. 0 passes a digits check but is no order (the reader throws). */
export const PreviewOrderIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'an order number')
  .transform(Number)
  .pipe(z.number().int().positive('an order number'));

export async function previewOrder(deps: AppDeps, storeHash: string, orderId: number): Promise<OrderPreview> {
  const planned: PlannedCreate[] = [];
  const seen: SeenNames = { items: new Map(), customers: new Map() };
  const dryDeps: AppDeps = {
    ...deps,
    sync: {
      ...deps.sync,
      maps: namingMaps(withoutWrites(deps.sync.maps, ['setCustomer', 'setItem', 'setItems']), seen),
      houseItems: namingHouseItems(withoutWrites(deps.sync.houseItems, ['set']), seen),
    },
  };
  let reads: QuickBooksClient | undefined;
  const result = await mapOrderNow(dryDeps, storeHash, orderId, (qbo) => {
    reads = qbo;
    return recordingWrites(qbo, planned);
  });
  if (!result.ok) return { ok: false, orderId, reason: result.reason };
  const { mapped, snapshot, posted } = result;
  const placeholders = new Set(planned.map((entry) => entry.id));
  const ids = itemIdsOf(mapped.payload).filter((id) => !placeholders.has(id));
  const customerId = (mapped.payload as { CustomerRef?: { value?: string } }).CustomerRef?.value;
  const customerName = customerId === undefined ? undefined : seen.customers.get(customerId);
  return {
    ok: true,
    orderId,
    orderStatus: snapshot.order.status,
    entity: mapped.entity,
    document: mapped.payload,
    expected: mapped.expected,
    ...(mapped.rounding ? { roundingCents: mapped.rounding.cents } : {}),
    wouldCreate: planned,
    itemNames: reads ? await itemNamesFor(reads, ids, seen.items) : {},
    ...(customerName !== undefined ? { customerName } : {}),
    ...(posted ? { alreadyPosted: { entity: posted.entity, docNumber: posted.docNumber, status: posted.status, ...(posted.qboId ? { qboId: posted.qboId } : {}) } } : {}),
  };
}

/** QuickBooks names the run came across, by QuickBooks id. */
interface SeenNames {
  items: Map<string, string>;
  customers: Map<string, string>;
}

/** The distinct QuickBooks item ids the document's lines use (the company's own shipping line is not an item). */
export function itemIdsOf(document: object): string[] {
  const lines = (document as { Line?: Array<{ SalesItemLineDetail?: { ItemRef?: { value?: unknown } } }> }).Line ?? [];
  const ids = lines.map((line) => line.SalesItemLineDetail?.ItemRef?.value).filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids)].filter((id) => id !== SHIPPING_ITEM_ID);
}

/** Values per IN list, as the item resolver queries them. */
const IN_LIST_MAX = 100;

/**
 * Names for `ids`: those the run saw, the rest read from QuickBooks in one query (one /batch request beyond
 * 100 ids). A failed read leaves those ids unnamed: the names are a convenience, the document is the preview.
 */
export async function itemNamesFor(qbo: Pick<QuickBooksClient, 'query' | 'batch'>, ids: readonly string[], known: ReadonlyMap<string, string>): Promise<Record<string, string>> {
  const names = new Map<string, string>();
  for (const id of ids) {
    const name = known.get(id);
    if (name) names.set(id, name);
  }
  const missing = ids.filter((id) => !names.has(id));
  if (missing.length > 0) {
    try {
      for (const item of await readItems(qbo, missing)) if (item.Name) names.set(item.Id, item.Name);
    } catch (error) {
      logger.warn('order preview: could not read item names from QuickBooks', { count: missing.length, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return Object.fromEntries(ids.flatMap((id) => (names.has(id) ? [[id, names.get(id)!]] : [])));
}

async function readItems(qbo: Pick<QuickBooksClient, 'query' | 'batch'>, ids: readonly string[]): Promise<Item[]> {
  const queries = [];
  for (let start = 0; start < ids.length; start += IN_LIST_MAX) {
    queries.push(qboSql`SELECT * FROM Item WHERE Id IN ${ids.slice(start, start + IN_LIST_MAX)} MAXRESULTS 1000`);
  }
  if (queries.length === 1) return qbo.query<Item>(queries[0]!);
  const items: Item[] = [];
  for (let start = 0; start < queries.length; start += MAX_BATCH_ITEMS) {
    const group = queries.slice(start, start + MAX_BATCH_ITEMS);
    const results = await qbo.batch(group.map((query, index): BatchItem => ({ bId: `n${index}`, operation: 'query', query })));
    for (const outcome of results) {
      if (!outcome.ok) throw outcome.error;
      items.push(...((outcome.rows ?? []) as unknown as Item[]));
    }
  }
  return items;
}

/** The id maps, noting the QuickBooks names of what they hold or would be told (their writes stay dropped). */
function namingMaps(maps: SyncMapsRepository, seen: SeenNames): SyncMapsRepository {
  const noteItems = (entries: Iterable<{ qboItemId: string; name: string }>) => {
    for (const entry of entries) if (entry.name) seen.items.set(entry.qboItemId, entry.name);
  };
  const noteCustomer = (entry: { qboId: string; displayName: string } | undefined) => {
    if (entry?.displayName) seen.customers.set(entry.qboId, entry.displayName);
  };
  const standIn = Object.create(maps) as SyncMapsRepository;
  Object.defineProperties(standIn, {
    getItems: {
      value: async (storeHash: string, keys: readonly string[]) => {
        const found = await maps.getItems(storeHash, keys);
        noteItems(found.values());
        return found;
      },
    },
    setItems: { value: async (_storeHash: string, entries: ReadonlyArray<{ qboItemId: string; name: string }>) => noteItems(entries) },
    setItem: { value: async (_storeHash: string, entry: { qboItemId: string; name: string }) => noteItems([entry]) },
    getCustomer: {
      value: async (storeHash: string, key: string) => {
        const entry = await maps.getCustomer(storeHash, key);
        noteCustomer(entry);
        return entry;
      },
    },
    setCustomer: { value: async (_storeHash: string, _key: string, entry: { qboId: string; displayName: string }) => noteCustomer(entry) },
  });
  return standIn;
}

/** The house items, noting their QuickBooks names (writes stay dropped). */
function namingHouseItems(houseItems: HouseItemsRepository, seen: SeenNames): HouseItemsRepository {
  const standIn = Object.create(houseItems) as HouseItemsRepository;
  Object.defineProperties(standIn, {
    get: {
      value: async (storeHash: string, realmId: string) => {
        const found = await houseItems.get(storeHash, realmId);
        for (const entry of found.values()) if (entry.name) seen.items.set(entry.qboItemId, entry.name);
        return found;
      },
    },
    set: {
      value: async (_storeHash: string, entries: ReadonlyMap<string, { qboItemId: string; name: string }>) => {
        for (const entry of entries.values()) if (entry.name) seen.items.set(entry.qboItemId, entry.name);
      },
    },
  });
  return standIn;
}

/** A stand-in for `repository` whose named write methods do nothing; everything else is the original. */
export function withoutWrites<T extends object>(repository: T, writes: ReadonlyArray<keyof T>): T {
  const standIn = Object.create(repository) as T;
  for (const method of writes) Object.defineProperty(standIn, method, { value: async () => undefined });
  return standIn;
}

/** A stand-in QuickBooks client: reads are real; writes are answered locally and recorded in `planned`. */
export function recordingWrites(qbo: QuickBooksClient, planned: PlannedCreate[]): QuickBooksClient {
  const standIn = Object.create(qbo) as QuickBooksClient;
  const pretend = (entity: string, payload: object): Record<string, unknown> => {
    const id = `preview-${entity.toLowerCase()}-${planned.length + 1}`;
    const fields = payload as Record<string, unknown>;
    const name = String(fields['DisplayName'] ?? fields['Name'] ?? fields['DocNumber'] ?? entity);
    planned.push({ entity, id, name });
    return { ...fields, Id: id, SyncToken: '0' };
  };
  Object.defineProperties(standIn, {
    create: { value: async (entity: string, payload: object) => pretend(entity, payload) },
    update: { value: async (_entity: string, payload: Record<string, unknown>) => ({ ...payload }) },
    void: { value: async (_entity: string, payload: Record<string, unknown>) => ({ ...payload }) },
    batch: {
      value: async (items: readonly BatchItem[]): Promise<BatchItemResult[]> => {
        const queries = items.filter((item) => item.operation === 'query');
        const answered = queries.length > 0 ? await qbo.batch(queries) : [];
        return items.map((item): BatchItemResult => {
          if (item.operation === 'query') return answered.find((result) => result.bId === item.bId)!;
          const value = item.operation === 'create' ? pretend(item.entity, item.payload) : { ...(item.payload as Record<string, unknown>) };
          return { bId: item.bId, ok: true, value };
        });
      },
    },
  });
  return standIn;
}

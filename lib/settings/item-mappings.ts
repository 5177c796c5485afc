/**
 * Items by SKU on the settings page: which BigCommerce catalog SKU (products and their variants) posts to
 * which QuickBooks item, and the merchant's actions on that map (stores/{h}/maps/items, the same map the
 * order sync reads, see item-resolver.ts):
 *   - list: the catalog's SKUs with their mapping, searched and paged, with the count of unmapped SKUs;
 *   - auto-match: find existing QuickBooks items by SKU, then by name, for unmapped SKUs;
 *   - map / unmap: the merchant picks (or drops) the item for one SKU;
 *   - create: make QuickBooks items for chosen SKUs with the chosen income account and map them.
 *
 * Call budgets: the catalog is read once per request, 250 products (with variants) per BigCommerce call, at
 * most MAX_CATALOG_PAGES calls; mappings are read from Firestore in batched getAll calls; QuickBooks lookups
 * go 100 values per IN list and up to 30 queries per /batch request (1000 SKUs = one request), creates 30
 * per /batch under a deterministic requestid — never one call per SKU.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import type { AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { bigCommerceClientFor } from '@/lib/app-lifecycle/store-access';
import { getFirestoreDb } from '@/lib/firestore/firestore-client';
import {
  itemDocumentId,
  itemMapKey,
  itemMapsCollection,
  normaliseItemText,
  type ItemMapEntry,
  type ItemMapInput,
  type ItemMapSource,
} from '@/lib/firestore/sync-maps-repository';
import { HttpError } from '@/lib/http/api-route';
import { MAX_BATCH_ITEMS, qboSql, type QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import { QuickBooksDuplicateNameError } from '@/lib/quickbooks/quickbooks-errors';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import type { CompanyLists } from '@/lib/quickbooks-connection/company-profile';
import { readCatalogSkus, type CatalogSku } from './catalog-skus';
import { createItemsOnce, matchQuickBooksItem, newItemPayload, SELLABLE_TYPES, type NewItemPayload } from '@/lib/sync/item-resolver';
import { chunk, connectedClient, connectedQuickBooks, distinct, findItems } from './quickbooks-items';
import { accountSuits } from './settings-validation';

/** SKUs one auto-match run looks up (one QuickBooks /batch request). */
export const MAX_AUTO_MATCH = 1000;
/** SKUs one create action makes items for. */
export const MAX_CREATE = 100;

// ---------------------------------------------------------------------------------------------------------
// List
// ---------------------------------------------------------------------------------------------------------

export const ItemListQuery = z.strictObject({
  search: z.string().trim().max(100).optional(),
  filter: z.enum(['all', 'unmapped', 'mapped']).default('all'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ItemListQuery = z.infer<typeof ItemListQuery>;

export interface ItemMapping {
  itemId: string;
  itemName: string;
  source: ItemMapSource;
  updatedAt?: string;
}

export interface ItemMappingRow extends CatalogSku {
  mapping?: ItemMapping;
}

export interface ItemMappingsPage {
  items: ItemMappingRow[];
  page: number;
  limit: number;
  /** Rows matching the search and filter. */
  total: number;
  catalogTotal: number;
  mappedCount: number;
  unmappedCount: number;
  /** The catalog has more products than one listing reads (MAX_CATALOG_PAGES × 250). */
  truncated: boolean;
}

/** What the item map is read and written through (SyncMapsRepository + a delete). */
export interface ItemMapStore {
  getItems(storeHash: string, itemKeys: readonly string[]): Promise<Map<string, ItemMapEntry>>;
  setItems(storeHash: string, entries: readonly ItemMapInput[]): Promise<void>;
  deleteItem(storeHash: string, itemKey: string): Promise<void>;
}

function mapStore(deps: AppDeps): ItemMapStore {
  return {
    getItems: (storeHash, keys) => deps.sync.maps.getItems(storeHash, keys),
    setItems: (storeHash, entries) => deps.sync.maps.setItems(storeHash, entries),
    deleteItem: async (storeHash, itemKey) => {
      await itemMapsCollection(getFirestoreDb(), storeHash).doc(itemDocumentId(itemKey)).delete();
    },
  };
}

export async function listItemMappings(deps: AppDeps, auth: AuthenticatedRequest, rawQuery: unknown): Promise<ItemMappingsPage> {
  const query = ItemListQuery.parse(rawQuery);
  const catalog = await readCatalogSkus(bigCommerceClientFor(deps.config, auth.store, deps.fetchImpl));
  const entries = await mapStore(deps).getItems(auth.storeHash, catalog.skus.map((row) => row.itemKey));
  return pageOfMappings(catalog.skus, entries, query, catalog.truncated);
}

/** Joins rows and mappings, then filters, searches and pages (pure). */
export function pageOfMappings(
  skus: readonly CatalogSku[],
  entries: ReadonlyMap<string, ItemMapEntry>,
  query: ItemListQuery,
  truncated = false,
): ItemMappingsPage {
  const rows: ItemMappingRow[] = skus.map((row) => {
    const entry = entries.get(row.itemKey);
    return entry ? { ...row, mapping: toMapping(entry) } : row;
  });
  const mappedCount = rows.filter((row) => row.mapping).length;
  const needle = normaliseItemText(query.search ?? '');
  const matching = rows
    .filter((row) => (query.filter === 'all' ? true : query.filter === 'mapped' ? Boolean(row.mapping) : !row.mapping))
    .filter((row) => !needle || [row.sku, row.name, row.mapping?.itemName ?? ''].some((text) => normaliseItemText(text).includes(needle)));
  const start = (query.page - 1) * query.limit;
  return {
    items: matching.slice(start, start + query.limit),
    page: query.page,
    limit: query.limit,
    total: matching.length,
    catalogTotal: rows.length,
    mappedCount,
    unmappedCount: rows.length - mappedCount,
    truncated,
  };
}

function toMapping(entry: ItemMapEntry): ItemMapping {
  const updatedAt = typeof entry.updatedAt?.toDate === 'function' ? entry.updatedAt.toDate().toISOString() : undefined;
  return { itemId: entry.qboItemId, itemName: entry.name, source: entry.source, ...(updatedAt ? { updatedAt } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------

const qboId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a QuickBooks id');
const sku = z.string().trim().min(1).max(100);

export const ItemAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('auto-match'), skus: z.array(sku).min(1).max(MAX_AUTO_MATCH).optional() }),
  z.strictObject({ action: z.literal('map'), sku: z.string().trim().max(100), name: z.string().trim().max(255).optional(), itemId: qboId }),
  z.strictObject({ action: z.literal('create'), skus: z.array(sku).min(1).max(MAX_CREATE), incomeAccountId: qboId.optional() }),
  z.strictObject({ action: z.literal('unmap'), sku: z.string().trim().max(100), name: z.string().trim().max(255).optional() }),
]);
export type ItemAction = z.infer<typeof ItemAction>;

export interface ItemOutcome {
  sku: string;
  name: string;
  itemId?: string;
  itemName?: string;
  /** For SKUs nothing was done for. */
  reason?: string;
}

export type ItemActionResult =
  | { action: 'auto-match'; matched: ItemOutcome[]; unmatched: ItemOutcome[]; remaining: number }
  | { action: 'create'; created: ItemOutcome[]; matched: ItemOutcome[]; skipped: ItemOutcome[]; incomeAccountId: string }
  | { action: 'map'; mapped: ItemOutcome }
  | { action: 'unmap'; unmapped: boolean };

export async function runItemAction(deps: AppDeps, auth: AuthenticatedRequest, body: unknown): Promise<ItemActionResult> {
  const action = ItemAction.parse(body);
  const store = mapStore(deps);
  if (action.action === 'unmap') {
    const key = rowKey(action.sku, action.name);
    const existed = (await store.getItems(auth.storeHash, [key])).has(key);
    if (existed) await store.deleteItem(auth.storeHash, key);
    return { action: 'unmap', unmapped: existed };
  }

  if (action.action === 'map') {
    const { qbo } = await connectedClient(deps, auth.storeHash);
    return { action: 'map', mapped: await mapOne(qbo, store, auth.storeHash, action) };
  }
  const { qbo, lists } = await connectedQuickBooks(deps, auth.storeHash);
  const readCatalog = () => readCatalogSkus(bigCommerceClientFor(deps.config, auth.store, deps.fetchImpl));
  if (action.action === 'create') {
    // The income account is checked before the catalog is read: a bad choice costs no BigCommerce call.
    const incomeAccountId = chooseIncomeAccount(lists, action.incomeAccountId ?? (await deps.sync.settings.get(auth.storeHash)).items.incomeAccountId);
    const catalog = await readCatalog();
    return { action: 'create', ...(await createForSkus(qbo, store, auth.storeHash, catalog.skus, action.skus, incomeAccountId)), incomeAccountId };
  }
  const catalog = await readCatalog();
  const mapped = await store.getItems(auth.storeHash, catalog.skus.map((row) => row.itemKey));
  const wanted = action.skus ? new Set(action.skus.map((value) => itemMapKey({ sku: value, name: '' }))) : undefined;
  const candidates = catalog.skus.filter((row) => !mapped.has(row.itemKey) && (!wanted || wanted.has(row.itemKey)));
  const batch = candidates.slice(0, MAX_AUTO_MATCH);
  const result = await autoMatch(qbo, store, auth.storeHash, batch);
  return { action: 'auto-match', ...result, remaining: candidates.length - batch.length };
}

/** The key of a row the merchant names by SKU (or, for a product without one, by name). */
function rowKey(skuValue: string, name: string | undefined): string {
  if (!skuValue.trim() && !name?.trim()) throw new HttpError(400, 'Give the SKU (or, for a product without one, its name).');
  return itemMapKey({ sku: skuValue, name: name ?? '' });
}

/** Maps one SKU to an item the merchant chose, after checking the item can take order lines. */
async function mapOne(
  qbo: Pick<QuickBooksClient, 'query'>,
  store: ItemMapStore,
  storeHash: string,
  action: Extract<ItemAction, { action: 'map' }>,
): Promise<ItemOutcome> {
  const key = rowKey(action.sku, action.name);
  const [item] = await qbo.query<Item>(qboSql`SELECT * FROM Item WHERE Id = ${action.itemId} AND Active IN (true, false)`);
  if (!item) throw new HttpError(422, `QuickBooks has no product or service with id ${action.itemId}.`);
  if (item.Active === false) throw new HttpError(422, `“${item.Name}” is inactive in QuickBooks. Choose an active product or service.`);
  if (!SELLABLE_TYPES.has(item.Type ?? 'Service')) {
    throw new HttpError(422, `“${item.Name}” is a ${String(item.Type).toLowerCase()}, which order lines can’t use. Choose a product or service.`);
  }
  const name = action.name?.trim() || action.sku.trim();
  await store.setItems(storeHash, [record(key, action.sku, name, item, 'mapped')]);
  return { sku: action.sku.trim(), name, itemId: item.Id, itemName: item.Name };
}

// ---------------------------------------------------------------------------------------------------------
// Auto-match
// ---------------------------------------------------------------------------------------------------------

/** Looks the rows up in QuickBooks (batched) and maps those with an item of the same SKU, else name. */
export async function autoMatch(
  qbo: Pick<QuickBooksClient, 'query' | 'batch'>,
  store: Pick<ItemMapStore, 'setItems'>,
  storeHash: string,
  rows: readonly CatalogSku[],
): Promise<{ matched: ItemOutcome[]; unmatched: ItemOutcome[] }> {
  if (rows.length === 0) return { matched: [], unmatched: [] };
  const known = await findItems(qbo, rows);
  const matched: ItemOutcome[] = [];
  const unmatched: ItemOutcome[] = [];
  const records: ItemMapInput[] = [];
  for (const row of rows) {
    const match = matchQuickBooksItem(row, known);
    if (match) {
      records.push(record(row.itemKey, row.sku, row.productName || row.name, match.item, 'matched'));
      matched.push({ sku: row.sku, name: row.name, itemId: match.item.Id, itemName: match.item.Name, reason: `by ${match.by}` });
    } else {
      unmatched.push({ sku: row.sku, name: row.name, reason: 'No QuickBooks item has this SKU or name.' });
    }
  }
  await store.setItems(storeHash, records);
  return { matched, unmatched };
}

// ---------------------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------------------

/**
 * The income account new items get: the one asked for (it must be an active Income / Other Income account),
 * else the company's sales income account, as the sync picks it.
 */
export function chooseIncomeAccount(lists: Pick<CompanyLists, 'accounts'>, requested: string | undefined): string {
  if (requested) {
    const account = lists.accounts.find((candidate) => candidate.id === requested);
    if (!account) throw new HttpError(422, 'The chosen income account no longer exists in QuickBooks. Choose another one.');
    if (!account.active) throw new HttpError(422, `The income account “${account.name}” is inactive in QuickBooks. Choose an active account.`);
    if (!accountSuits(account, 'income')) throw new HttpError(422, `“${account.name}” is not an income account. Choose an Income or Other Income account.`);
    return account.id;
  }
  const income = lists.accounts.filter((account) => account.active && account.type === 'Income');
  const named = (name: string) => income.find((account) => account.name.trim().toLowerCase() === name);
  const chosen = named('sales of product income') ?? named('sales') ?? income.find((account) => account.subType === 'SalesOfProductIncome') ?? income[0];
  if (!chosen) throw new HttpError(422, 'QuickBooks has no active income account to create items with. Create one in QuickBooks first.');
  return chosen.id;
}

/**
 * Items for the SKUs: a SKU already mapped is skipped; one QuickBooks already has an item for (same SKU) is
 * mapped to it; the rest are created (30 per /batch) with names that don't collide, and mapped.
 */
export async function createForSkus(
  qbo: QuickBooksClient,
  store: Pick<ItemMapStore, 'getItems' | 'setItems'>,
  storeHash: string,
  catalog: readonly CatalogSku[],
  skus: readonly string[],
  incomeAccountId: string,
): Promise<{ created: ItemOutcome[]; matched: ItemOutcome[]; skipped: ItemOutcome[] }> {
  const byKey = new Map(catalog.map((row) => [row.itemKey, row]));
  const skipped: ItemOutcome[] = [];
  const rows: CatalogSku[] = [];
  for (const value of distinct(skus)) {
    const row = byKey.get(itemMapKey({ sku: value, name: '' }));
    if (!row) skipped.push({ sku: value, name: value, reason: 'This SKU is not in the BigCommerce catalog.' });
    else rows.push(row);
  }
  const mapped = await store.getItems(storeHash, rows.map((row) => row.itemKey));
  const unmapped = rows.filter((row) => {
    const entry = mapped.get(row.itemKey);
    if (entry) skipped.push({ sku: row.sku, name: row.name, itemId: entry.qboItemId, itemName: entry.name, reason: 'Already mapped.' });
    return !entry;
  });

  const known = unmapped.length > 0 ? await findItems(qbo, unmapped) : [];
  const matched: ItemOutcome[] = [];
  const records: ItemMapInput[] = [];
  const toCreate: CatalogSku[] = [];
  for (const row of unmapped) {
    const existing = matchQuickBooksItem({ sku: row.sku, name: '' }, known);
    if (existing) {
      records.push(record(row.itemKey, row.sku, row.productName, existing.item, 'matched'));
      matched.push({ sku: row.sku, name: row.name, itemId: existing.item.Id, itemName: existing.item.Name, reason: 'QuickBooks already had an item with this SKU.' });
    } else {
      toCreate.push(row);
    }
  }

  const created: ItemOutcome[] = [];
  const taken = new Set(known.map((item) => normaliseItemText(item.Name)));
  const planned = toCreate.map((row) => {
    const payload = newItemPayload(row, incomeAccountId, taken, false);
    taken.add(normaliseItemText(payload.Name));
    return { row, payload };
  });
  const retry: CatalogSku[] = [];
  const settle = (row: CatalogSku, outcome: Item | Error | undefined, onDuplicate: () => void) => {
    if (outcome instanceof QuickBooksDuplicateNameError) return onDuplicate();
    if (!outcome || outcome instanceof Error) throw outcome ?? new Error('QuickBooks returned no result for an item create');
    records.push(record(row.itemKey, row.sku, row.productName, outcome, 'created'));
    created.push({ sku: row.sku, name: row.name, itemId: outcome.Id, itemName: outcome.Name });
  };
  try {
    for (const group of chunk(planned, MAX_BATCH_ITEMS)) {
      const payloads = group.map((plan) => plan.payload);
      const outcomes = await createItemsOnce(qbo, payloads, requestIdFor(storeHash, qbo.realmId, payloads));
      group.forEach((plan, index) => settle(plan.row, outcomes[index], () => retry.push(plan.row)));
    }
    // A name QuickBooks says is taken (by a record the lookup could not see): once more with the SKU added.
    for (const row of retry) {
      const payload = newItemPayload(row, incomeAccountId, taken, true);
      taken.add(normaliseItemText(payload.Name));
      const [outcome] = await createItemsOnce(qbo, [payload], requestIdFor(storeHash, qbo.realmId, [payload]));
      settle(row, outcome, () =>
        skipped.push({ sku: row.sku, name: row.name, reason: `QuickBooks already has records named “${payload.Name}”; map this SKU to an item instead.` }),
      );
    }
  } finally {
    // Whatever was created is mapped even if a later create fails.
    await store.setItems(storeHash, records);
  }
  return { created, matched, skipped };
}

/** Same store, company and payloads → same requestid, so a retried request is replayed, not repeated (≤ 36). */
function requestIdFor(storeHash: string, realmId: string, payloads: readonly NewItemPayload[]): string {
  return `skus-${createHash('sha256').update(`${storeHash}\n${realmId}\n${JSON.stringify(payloads)}`, 'utf8').digest('hex').slice(0, 31)}`;
}

// ---------------------------------------------------------------------------------------------------------

function record(key: string, skuValue: string, productName: string, item: Item, source: ItemMapSource): ItemMapInput {
  const trimmed = skuValue.trim();
  return { itemKey: key, sku: trimmed || null, productName, qboItemId: String(item.Id), name: item.Name, source };
}

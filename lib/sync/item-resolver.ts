/**
 * Which QuickBooks item each order line posts to. Per distinct SKU (lines without a SKU: per product name):
 *   1. our map (Firestore, one batched read): a mapped SKU never costs a QuickBooks call again;
 *   2. QuickBooks, all unmapped lines in ONE request: `SELECT * FROM Item WHERE Sku IN (…)` and
 *      `… WHERE Name IN (…)` (two queries of one /batch when both are needed). A SKU matches an item with that
 *      Sku, else an item with the line's name and no other Sku; a line without SKU matches by name;
 *   3. settings.items.autoCreate: create NonInventory items (Service for digital products) with the SKU,
 *      a unique Name ≤ 100 characters (taken names get " (SKU)") and the income account from settings or
 *      the company's sales income account, up to 30 per /batch request;
 *   4. settings.items.fallbackItemId;
 *   5. else NeedsAttentionError naming the SKUs.
 * Matched and created items are recorded in the map. Fallbacks are not: the fallback is a setting, not a
 * mapping, and a SKU posted to it should find its own item once the merchant creates one.
 */
import { createHash } from 'node:crypto';
import {
  itemMapKey,
  normaliseItemText,
  type ItemMapInput,
  type SyncMapsRepository,
} from '@/lib/firestore/sync-maps-repository';
import type { CompanyLists, ProfileAccount } from '@/lib/quickbooks-connection/company-profile';
import { MAX_BATCH_ITEMS, qboSql, type BatchItem, type QuickBooksClient, type QuickBooksQuery } from '@/lib/quickbooks/quickbooks-client';
import { QuickBooksDuplicateNameError, type QuickBooksError } from '@/lib/quickbooks/quickbooks-errors';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import { NeedsAttentionError } from '@/lib/sync/job-errors';
import { withKeys } from '@/lib/sync/keyed-lock';
import { qboName, qboText } from '@/lib/sync/mappers/customer-mapper';
import type { SyncSettings } from '@/lib/sync/sync-settings';

export interface ItemResolverDeps {
  qbo: QuickBooksClient;
  maps: SyncMapsRepository;
  storeHash: string;
}

export interface ItemLine {
  sku: string;
  name: string;
  productId: number;
  variantId?: number | null;
  /** BigCommerce product type: digital products become Service items. Default physical. */
  type?: 'physical' | 'digital' | string;
}

export interface ResolveItemsInput {
  lines: readonly ItemLine[];
  settings: Pick<SyncSettings, 'items'>;
  /** The cached company profile's lists (accounts: the income account for new items). */
  lists: Pick<CompanyLists, 'accounts'>;
}

/** QuickBooks Item.Name / Item.Sku limit. */
export const QBO_ITEM_NAME_MAX = 100;
/** Item types an order line can post to. */
export const SELLABLE_TYPES: ReadonlySet<string> = new Set(['Inventory', 'NonInventory', 'Service']);
/** Values per IN (…) list: keeps each query comfortably short. */
const IN_LIST_MAX = 100;

/**
 * The key a line's item is found under in resolveItems' result: the line's SKU (trimmed) when it has one,
 * else `name:` + its product name.
 */
export function itemKeyFor(line: Pick<ItemLine, 'sku' | 'name'>): string {
  const sku = line.sku.trim();
  return sku ? sku : `name:${line.name.trim()}`;
}

/** QuickBooks item ids keyed by itemKeyFor(line) for every line. */
export async function resolveItems(deps: ItemResolverDeps, input: ResolveItemsInput): Promise<Record<string, string>> {
  // Distinct items by normalised map key; each remembers the result keys of the lines that share it.
  const wanted = new Map<string, Wanted>();
  for (const line of input.lines) {
    const mapKey = itemMapKey(line);
    const entry = wanted.get(mapKey) ?? { mapKey, line, resultKeys: new Set<string>() };
    entry.resultKeys.add(itemKeyFor(line));
    wanted.set(mapKey, entry);
  }
  const result: Record<string, string> = {};
  const settle = (item: Wanted, qboItemId: string) => {
    for (const key of item.resultKeys) result[key] = qboItemId;
  };

  const mapped = await deps.maps.getItems(deps.storeHash, [...wanted.keys()]);
  const unmapped: Wanted[] = [];
  for (const item of wanted.values()) {
    const entry = mapped.get(item.mapKey);
    if (entry) settle(item, entry.qboItemId);
    else unmapped.push(item);
  }
  if (unmapped.length === 0) return result;

  // Concurrent jobs of this company may want the same new SKU: one finds or creates it, the others then find
  // it in the map (otherwise the second create collides on the name and makes a "name (SKU)" twin).
  const lockKeys = unmapped.map((item) => `${deps.qbo.realmId}/item/${item.mapKey}`);
  return withKeys(lockKeys, async () => {
    const mappedMeanwhile = await deps.maps.getItems(deps.storeHash, unmapped.map((item) => item.mapKey));
    const stillUnmapped = unmapped.filter((item) => {
      const entry = mappedMeanwhile.get(item.mapKey);
      if (entry) settle(item, entry.qboItemId);
      return !entry;
    });
    if (stillUnmapped.length === 0) return result;
    await findOrCreateItems(deps, input, stillUnmapped, settle);
    return result;
  });
}

/** Unmapped items: matched in QuickBooks by SKU then name, else created (or the fallback / needs attention). */
async function findOrCreateItems(
  deps: ItemResolverDeps,
  input: ResolveItemsInput,
  unmapped: readonly Wanted[],
  settle: (item: Wanted, qboItemId: string) => void,
): Promise<void> {
  const known = await findItemsBySkuOrName(deps.qbo, unmapped.map((item) => item.line));
  const records: ItemMapInput[] = [];
  const toCreate: Wanted[] = [];
  for (const item of unmapped) {
    const match = matchQuickBooksItem(item.line, known)?.item;
    if (match) {
      settle(item, match.Id);
      records.push(mapRecord(item, match, 'matched'));
    } else {
      toCreate.push(item);
    }
  }

  if (toCreate.length > 0) {
    if (input.settings.items.autoCreate) {
      const created = await createItems(deps, toCreate, incomeAccountFor(input), known);
      for (const [item, qboItem] of created) {
        settle(item, qboItem.Id);
        records.push(mapRecord(item, qboItem, 'created'));
      }
    } else if (input.settings.items.fallbackItemId) {
      for (const item of toCreate) settle(item, input.settings.items.fallbackItemId);
    } else {
      await deps.maps.setItems(deps.storeHash, records);
      throw new NeedsAttentionError(unmappedReason(toCreate));
    }
  }
  await deps.maps.setItems(deps.storeHash, records);
}

// ---------------------------------------------------------------------------------------------------------

interface Wanted {
  mapKey: string;
  line: ItemLine;
  /** itemKeyFor() of every line with this map key. */
  resultKeys: Set<string>;
}

/**
 * QuickBooks items with any of the rows' SKUs or names: 100 values per IN list, up to 30 queries per /batch
 * request (one HTTP request for up to 1,500 SKUs and names), a single query without /batch.
 */
export async function findItemsBySkuOrName(qbo: Pick<QuickBooksClient, 'query' | 'batch'>, rows: ReadonlyArray<{ sku: string; name: string }>): Promise<Item[]> {
  const skus = unique(rows.map((row) => row.sku.trim()).filter(Boolean));
  const names = unique(rows.map((row) => qboName(row.name, QBO_ITEM_NAME_MAX)).filter(Boolean));
  const queries: QuickBooksQuery[] = [
    ...chunk(skus, IN_LIST_MAX).map((list) => qboSql`SELECT * FROM Item WHERE Sku IN ${list} MAXRESULTS 1000`),
    ...chunk(names, IN_LIST_MAX).map((list) => qboSql`SELECT * FROM Item WHERE Name IN ${list} MAXRESULTS 1000`),
  ];
  const first = queries[0];
  if (!first) return [];
  if (queries.length === 1) return qbo.query<Item>(first);
  const rowsFound: Item[] = [];
  for (const group of chunk(queries, MAX_BATCH_ITEMS)) {
    const results = await qbo.batch(group.map((query, index): BatchItem => ({ bId: `q${index}`, operation: 'query', query })));
    for (const outcome of results) {
      if (!outcome.ok) throw outcome.error;
      rowsFound.push(...((outcome.rows ?? []) as unknown as Item[]));
    }
  }
  return rowsFound;
}

/**
 * The item a SKU (or, without one, a product name) posts to among `known`: an active sellable item with the
 * SKU, else one with the name and no other SKU (an item carrying another SKU is another product that happens
 * to share the name). The oldest wins a tie.
 */
export function matchQuickBooksItem(row: { sku: string; name: string }, known: readonly Item[]): { item: Item; by: 'SKU' | 'name' } | undefined {
  const sellable = known.filter((item) => item.Active !== false && SELLABLE_TYPES.has(item.Type ?? 'Service')).sort(byId);
  const sku = normaliseItemText(row.sku);
  if (sku) {
    const bySku = sellable.find((item) => normaliseItemText(item.Sku ?? '') === sku);
    if (bySku) return { item: bySku, by: 'SKU' };
  }
  const name = normaliseItemText(qboName(row.name, QBO_ITEM_NAME_MAX));
  if (!name) return undefined;
  const byName = sellable.find((item) => normaliseItemText(item.Name) === name && (!item.Sku || normaliseItemText(item.Sku) === sku));
  return byName ? { item: byName, by: 'name' } : undefined;
}

/** Creates the items, up to 30 per /batch; a name taken after all is retried once with the SKU appended. */
async function createItems(
  deps: ItemResolverDeps,
  items: readonly Wanted[],
  incomeAccountId: string,
  known: readonly Item[],
): Promise<Array<[Wanted, Item]>> {
  const taken = new Set(known.map((item) => normaliseItemText(item.Name)));
  const planned = items.map((item) => {
    const payload = newItemPayload(item.line, incomeAccountId, taken, false);
    taken.add(normaliseItemText(payload.Name));
    return { item, payload };
  });

  const created: Array<[Wanted, Item]> = [];
  const collisions: Wanted[] = [];
  for (const group of chunk(planned, MAX_BATCH_ITEMS)) {
    const outcomes = await createBatch(deps, group.map((plan) => plan.payload));
    group.forEach((plan, index) => {
      const outcome = outcomes[index];
      if (outcome instanceof QuickBooksDuplicateNameError) collisions.push(plan.item);
      else if (outcome && !(outcome instanceof Error)) created.push([plan.item, outcome]);
      else throw outcome ?? new Error('QuickBooks returned no result for an item create');
    });
  }
  for (const item of collisions) {
    const payload = newItemPayload(item.line, incomeAccountId, taken, true);
    taken.add(normaliseItemText(payload.Name));
    const [outcome] = await createBatch(deps, [payload]);
    if (outcome instanceof QuickBooksDuplicateNameError) {
      throw new NeedsAttentionError(
        `QuickBooks already has products or services named "${newItemPayload(item.line, incomeAccountId, new Set(), false).Name}" and ` +
          `"${payload.Name}", so the item for ${describe(item.line)} could not be created. Map it to an item in the sync settings.`,
      );
    }
    if (!outcome || outcome instanceof Error) throw outcome ?? new Error('QuickBooks returned no result for an item create');
    created.push([item, outcome]);
  }
  return created;
}

/** One create (with a requestid) or a /batch of creates; per item: the Item or its typed error. */
async function createBatch(deps: ItemResolverDeps, payloads: readonly NewItemPayload[]): Promise<Array<Item | QuickBooksError>> {
  return createItemsOnce(deps.qbo, payloads, `item-${digest(`${deps.storeHash}\n${JSON.stringify(payloads)}`).slice(0, 31)}`);
}

/**
 * Creates items under one requestid: a plain create for one, a /batch for several. Per item, the created
 * Item or its 6240 (duplicate name) for the caller to resolve; any other failure is thrown. Shared by the
 * SKU items and the app's house items.
 */
export async function createItemsOnce(
  qbo: QuickBooksClient,
  payloads: readonly NewItemPayload[],
  requestId: string,
): Promise<Array<Item | QuickBooksError>> {
  const only = payloads[0];
  if (payloads.length === 1 && only) {
    try {
      return [await qbo.create<Item>('Item', only, { requestId })];
    } catch (error) {
      if (error instanceof QuickBooksDuplicateNameError) return [error];
      throw error;
    }
  }
  const results = await qbo.batch(
    payloads.map((payload, index): BatchItem => ({ bId: `c${index}`, operation: 'create', entity: 'Item', payload })),
    { requestId },
  );
  return results.map((outcome) => {
    if (!outcome.ok) {
      if (outcome.error instanceof QuickBooksDuplicateNameError) return outcome.error;
      throw outcome.error;
    }
    return outcome.value as unknown as Item;
  });
}

/** A new Item as the app creates it (SKU items and house items). */
export interface NewItemPayload {
  Name: string;
  Sku?: string;
  Type: 'NonInventory' | 'Service';
  IncomeAccountRef: { value: string };
  Description?: string;
}

/** A new item for a line: its product (and options) name, made unique with " (SKU)" when taken or forced. */
export function newItemPayload(line: ItemLine, incomeAccountId: string, taken: ReadonlySet<string>, forceSuffix: boolean): NewItemPayload {
  const sku = qboText(line.sku, QBO_ITEM_NAME_MAX);
  const base = qboName(line.name, QBO_ITEM_NAME_MAX) || (sku ? qboName(sku, QBO_ITEM_NAME_MAX) : `BigCommerce product ${line.productId}`);
  const suffix = ` (${qboName(sku || `BC ${line.productId}`, QBO_ITEM_NAME_MAX - 4)})`;
  const needsSuffix = forceSuffix || taken.has(normaliseItemText(base));
  const name = needsSuffix ? `${qboName(base, QBO_ITEM_NAME_MAX - suffix.length).trimEnd()}${suffix}` : base;
  const description = qboText(line.name, 4000);
  return {
    Name: name,
    ...(sku ? { Sku: sku } : {}),
    Type: line.type === 'digital' ? 'Service' : 'NonInventory',
    IncomeAccountRef: { value: incomeAccountId },
    ...(description ? { Description: description } : {}),
  };
}

/**
 * settings.items.incomeAccountId (it must not be inactive), else the company's sales income account:
 * "Sales of Product Income", "Sales", the SalesOfProductIncome sub-type, or the first active Income account.
 */
function incomeAccountFor(input: ResolveItemsInput): string {
  const accounts = input.lists.accounts;
  const configured = input.settings.items.incomeAccountId;
  if (configured) {
    const account = accounts.find((candidate) => candidate.id === configured);
    if (account && !account.active) {
      throw new NeedsAttentionError(
        `The income account for new items ("${account.name}") is inactive in QuickBooks. Choose another one in the sync settings.`,
      );
    }
    return configured;
  }
  const income = accounts.filter((account) => account.active && account.type === 'Income');
  const byName = (name: string) => income.find((account: ProfileAccount) => account.name.toLowerCase() === name);
  const chosen =
    byName('sales of product income') ?? byName('sales') ?? income.find((account) => account.subType === 'SalesOfProductIncome') ?? income[0];
  if (!chosen) {
    throw new NeedsAttentionError(
      'QuickBooks has no active income account to create items with. Create one, or choose an income account for new items in the sync settings.',
    );
  }
  return chosen.id;
}

function mapRecord(item: Wanted, qboItem: Item, source: ItemMapInput['source']): ItemMapInput {
  const sku = item.line.sku.trim();
  return { itemKey: item.mapKey, sku: sku || null, productName: item.line.name, qboItemId: qboItem.Id, name: qboItem.Name, source };
}

function unmappedReason(items: readonly Wanted[]): string {
  const shown = items.slice(0, 5).map((item) => describe(item.line));
  const more = items.length > shown.length ? ` and ${items.length - shown.length} more` : '';
  const subject = items.length === 1 ? `${shown[0]} is` : `${shown.join(', ')}${more} are`;
  return (
    `${subject} not mapped to a QuickBooks item, and creating items is turned off. ` +
    'Map them in the sync settings, turn on automatic item creation, or choose a fallback item.'
  );
}

function describe(line: ItemLine): string {
  return line.sku.trim() ? `SKU ${line.sku.trim()}` : `product "${line.name.trim()}" (no SKU)`;
}

function byId(a: Item, b: Item): number {
  return Number(a.Id) - Number(b.Id);
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const key = normaliseItemText(value);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

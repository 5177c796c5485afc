/**
 * The QuickBooks side of the item map: the connected company's client and lists, finding items for SKUs
 * (by SKU, then by name — the sync's rules, item-resolver.ts) in batched queries, and the item search the
 * settings page's pickers use. 100 values per IN list and up to 30 queries per /batch request: looking up
 * 1000 SKUs is one request.
 */
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import { normaliseItemText } from '@/lib/firestore/sync-maps-repository';
import { qboSql, type QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import type { CompanyLists } from '@/lib/quickbooks-connection/company-profile';
import { currentCompanyProfile } from '@/lib/quickbooks-connection/company-profile-refresh';
import { ReconnectRequiredError } from '@/lib/quickbooks-connection/intuit-oauth';
import { QuickBooksUnavailableError } from '@/lib/quickbooks-connection/quickbooks-connection-view';
import { NotConnectedError } from '@/lib/quickbooks-connection/token-manager';
import { findItemsBySkuOrName, SELLABLE_TYPES } from '@/lib/sync/item-resolver';
import type { CatalogSku } from './catalog-skus';


/** The connected company's client; typed errors (409) when QuickBooks is not connected or needs reconnecting. */
export async function connectedClient(deps: AppDeps, storeHash: string): Promise<{ qbo: QuickBooksClient; realmId: string }> {
  const connection = await deps.quickbooks.connections.get(storeHash);
  if (!connection || connection.status === 'disconnected') throw new NotConnectedError(storeHash);
  if (connection.status !== 'connected') throw new ReconnectRequiredError(connection.statusReason ?? 'QuickBooks needs to be reconnected.');
  return { qbo: deps.quickbooks.access.clientFor(storeHash, connection.realmId), realmId: connection.realmId };
}

/** The client plus the company's (cached, daily-refreshed) lists. */
export async function connectedQuickBooks(deps: AppDeps, storeHash: string): Promise<{ qbo: QuickBooksClient; lists: CompanyLists }> {
  const { qbo, realmId } = await connectedClient(deps, storeHash);
  const { profile, refreshError } = await currentCompanyProfile(deps, storeHash, realmId);
  if (!profile) throw new QuickBooksUnavailableError(refreshError ?? 'QuickBooks did not answer.');
  return { qbo, lists: profile.lists };
}

/** Items for catalog rows, by the sync's own rules (item-resolver): one batched request for up to 1,500 SKUs and names. */
export function findItems(qbo: Pick<QuickBooksClient, 'query' | 'batch'>, rows: readonly CatalogSku[]): Promise<Item[]> {
  return findItemsBySkuOrName(qbo, rows);
}

// ---------------------------------------------------------------------------------------------------------
// QuickBooks item search (the pickers)
// ---------------------------------------------------------------------------------------------------------

export interface QuickBooksItemChoice {
  id: string;
  name: string;
  sku?: string;
  type?: string;
  active: boolean;
}

export const ItemSearchQuery = z.strictObject({ search: z.string().trim().max(100).default('') });
export const ITEM_SEARCH_LIMIT = 25;

/** Active products and services whose name or SKU contains the text (one request), or the first ones by name. */
export async function searchQuickBooksItems(deps: AppDeps, storeHash: string, rawQuery: unknown): Promise<{ items: QuickBooksItemChoice[] }> {
  const { search } = ItemSearchQuery.parse(rawQuery);
  const { qbo } = await connectedClient(deps, storeHash);
  let rows: Item[];
  if (!search) {
    rows = await qbo.query<Item>(qboSql`SELECT * FROM Item WHERE Active = true ORDERBY Name MAXRESULTS ${ITEM_SEARCH_LIMIT * 2}`);
  } else {
    const pattern = `%${search}%`;
    const results = await qbo.batch([
      { bId: 'name', operation: 'query', query: qboSql`SELECT * FROM Item WHERE Name LIKE ${pattern} AND Active = true MAXRESULTS 100` },
      { bId: 'sku', operation: 'query', query: qboSql`SELECT * FROM Item WHERE Sku LIKE ${pattern} AND Active = true MAXRESULTS 100` },
    ]);
    rows = [];
    for (const result of results) {
      if (!result.ok) throw result.error;
      rows.push(...((result.rows ?? []) as unknown as Item[]));
    }
  }
  return { items: itemChoices(rows) };
}

/** Sellable items, distinct, by name, at most ITEM_SEARCH_LIMIT (pure). */
export function itemChoices(rows: readonly Item[]): QuickBooksItemChoice[] {
  const distinctItems = new Map<string, Item>();
  for (const item of rows) if (SELLABLE_TYPES.has(item.Type ?? 'Service') && !distinctItems.has(String(item.Id))) distinctItems.set(String(item.Id), item);
  return [...distinctItems.values()]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .slice(0, ITEM_SEARCH_LIMIT)
    .map((item) => ({
      id: String(item.Id),
      name: item.Name,
      ...(item.Sku ? { sku: item.Sku } : {}),
      ...(item.Type ? { type: item.Type } : {}),
      active: item.Active !== false,
    }));
}

export function distinct(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = normaliseItemText(value);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/**
 * What the QuickBooks sandbox company holds besides sales documents: Customers and Items created by the run
 * (no twins: QuickBooks refuses a second record with the same name, so a twin would carry a suffix such as
 * "Jane Doe (BC #2)" — compared here with such a suffix removed), and how often the company's refresh token
 * was used and rotated.
 */
import type { QuickBooksSandbox } from '../../sandboxes/quickbooks/quickbooks-sandbox';

export interface CatalogSnapshot {
  customers: Set<string>;
  items: Set<string>;
}

export interface CatalogReport {
  customersCreated: number;
  itemsCreated: number;
  /** Records created by the run whose name (suffix removed, case-insensitive) another record of its type has. */
  twins: string[];
}

const customerName = (entity: Record<string, unknown>) => String(entity.DisplayName ?? '');
const itemName = (entity: Record<string, unknown>) => String(entity.Name ?? '');
/** "Name (anything)" → "name": the suffixes the resolvers add to tell records apart. */
const baseName = (name: string) => name.replace(/\s*\([^)]*\)\s*$/, '').trim().toLowerCase();

export function catalogSnapshot(qbo: QuickBooksSandbox, realmId: string): CatalogSnapshot {
  const store = qbo.state.company(realmId).store;
  return {
    customers: new Set(store.list('Customer').map((entity) => String(entity.Id))),
    items: new Set(store.list('Item').map((entity) => String(entity.Id))),
  };
}

/** Customers and Items created since `before`, and any twins among everything the company holds. */
export function catalogReport(qbo: QuickBooksSandbox, realmId: string, before: CatalogSnapshot): CatalogReport {
  const store = qbo.state.company(realmId).store;
  const twins: string[] = [];
  const check = (type: 'Customer' | 'Item', nameOf: (entity: Record<string, unknown>) => string, seen: Set<string>) => {
    const all = store.list(type);
    const created = all.filter((entity) => !seen.has(String(entity.Id)));
    const byBase = new Map<string, string[]>();
    for (const entity of all) {
      const key = baseName(nameOf(entity));
      byBase.set(key, [...(byBase.get(key) ?? []), nameOf(entity)]);
    }
    for (const entity of created) {
      const names = byBase.get(baseName(nameOf(entity))) ?? [];
      if (names.length > 1) twins.push(`${type} "${nameOf(entity)}" (also: ${names.filter((n) => n !== nameOf(entity)).join(', ')})`);
    }
    return created.length;
  };
  return {
    customersCreated: check('Customer', customerName, before.customers),
    itemsCreated: check('Item', itemName, before.items),
    twins,
  };
}

export interface TokenRotation {
  /** Successful refresh-token grants (each rotated the refresh token: the sandbox rotates on every refresh). */
  refreshes: number;
  /** Refresh tokens ever issued for the company (the first one at connect time). */
  refreshTokensIssued: number;
}

export function tokenRotation(qbo: QuickBooksSandbox, realmId: string): TokenRotation {
  const oauth = qbo.state.oauth;
  const grantIds = new Set<string>();
  let refreshes = 0;
  for (const grant of oauth.grants.values()) {
    if (grant.realmId !== realmId) continue;
    grantIds.add(grant.id);
    refreshes += grant.refreshCount;
  }
  let refreshTokensIssued = 0;
  for (const record of oauth.refreshTokens.values()) if (grantIds.has(record.grantId)) refreshTokensIssued += 1;
  return { refreshes, refreshTokensIssued };
}

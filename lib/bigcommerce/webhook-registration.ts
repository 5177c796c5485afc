/**
 * Makes the store's hooks match what the app needs, idempotently: list our hooks (BigCommerce only shows
 * the ones this client created), then update those that drifted (inactive, wrong secret header) and create
 * the missing ones. BigCommerce allows one hook per scope + destination, so a reinstall never duplicates.
 */
import type { BigCommerceClient } from './bigcommerce-client';

/** Events the sync consumes (store/app/uninstalled = the store was cancelled, not our app removed). */
export const WEBHOOK_SCOPES = [
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/order/archived',
  'store/order/refund/created',
  'store/customer/created',
  'store/customer/updated',
  'store/customer/address/created',
  'store/customer/address/updated',
  'store/customer/address/deleted',
  'store/app/uninstalled',
] as const;

/** The custom header BigCommerce echoes on every delivery; its value is the store's webhook secret. */
export const WEBHOOK_SECRET_HEADER = 'x-qbo-sync-secret';

interface Hook {
  id: number;
  scope: string;
  destination: string;
  is_active: boolean;
  headers?: Record<string, string> | null;
}

interface HookPage {
  data: Hook[];
  meta?: { pagination?: { current_page?: number; total_pages?: number } };
}

export interface WebhookSyncResult {
  hooks: Record<string, number>;
  created: string[];
  updated: string[];
}

async function listAppHooks(client: BigCommerceClient, destination: string): Promise<Hook[]> {
  const hooks: Hook[] = [];
  for (let page = 1; page <= 20; page += 1) {
    const result = await client.get<HookPage>('/v3/hooks', { destination, page, limit: 250 });
    if (!result) break;
    hooks.push(...result.data);
    const totalPages = result.meta?.pagination?.total_pages ?? 1;
    if (page >= totalPages) break;
  }
  return hooks.filter((hook) => hook.destination === destination);
}

export async function ensureWebhooks(
  client: BigCommerceClient,
  input: { destination: string; secret: string; scopes?: readonly string[] },
): Promise<WebhookSyncResult> {
  const scopes = input.scopes ?? WEBHOOK_SCOPES;
  const headers = { [WEBHOOK_SECRET_HEADER]: input.secret };
  const existing = await listAppHooks(client, input.destination);
  const result: WebhookSyncResult = { hooks: {}, created: [], updated: [] };

  for (const scope of scopes) {
    const hook = existing.find((candidate) => candidate.scope === scope);
    if (!hook) {
      const created = await client.post<{ data: Hook }>('/v3/hooks', {
        scope,
        destination: input.destination,
        is_active: true,
        headers,
      });
      if (created) result.hooks[scope] = created.data.id;
      result.created.push(scope);
      continue;
    }
    result.hooks[scope] = hook.id;
    const secretMatches = hook.headers?.[WEBHOOK_SECRET_HEADER] === input.secret;
    if (!hook.is_active || !secretMatches) {
      await client.put(`/v3/hooks/${hook.id}`, { is_active: true, headers });
      result.updated.push(scope);
    }
  }
  return result;
}

/** What the app home shows about the store: facts, the signed-in user, the store's users, webhook health. */
import type { AppDeps } from '@/lib/app-deps';
import type { AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { WEBHOOK_SCOPES } from '@/lib/bigcommerce/webhook-registration';

export interface StoreOverview {
  store: {
    hash: string;
    name: string;
    domain: string;
    currency: string;
    timezone: string;
    controlPanelUrl: string;
    installedAt: string;
  };
  user: { id: number; email: string; role: string };
  users: Array<{ id: number; email: string; role: string; lastSeenAt: string }>;
  webhooks: { status: 'ok' | 'error' | 'pending'; registered: number; expected: number; checkedAt?: string; error?: string };
}

export async function getStoreOverview(deps: AppDeps, auth: AuthenticatedRequest): Promise<StoreOverview> {
  const { store, user } = auth;
  const users = await deps.stores.listUsers(auth.storeHash);
  return {
    store: {
      hash: store.storeHash,
      name: store.facts?.name ?? store.storeHash,
      domain: store.facts?.domain ?? '',
      currency: store.facts?.currency ?? '',
      timezone: store.facts?.timezone.name ?? '',
      controlPanelUrl: store.facts?.controlPanelBaseUrl ?? '',
      installedAt: store.installedAt.toDate().toISOString(),
    },
    user: { id: user.id, email: user.email, role: user.role },
    users: users.map((member) => ({
      id: member.id,
      email: member.email,
      role: member.role,
      lastSeenAt: member.lastSeenAt.toDate().toISOString(),
    })),
    webhooks: {
      status: store.webhooks?.status ?? 'pending',
      registered: Object.keys(store.webhooks?.hooks ?? {}).length,
      expected: WEBHOOK_SCOPES.length,
      checkedAt: store.webhooks?.checkedAt.toDate().toISOString(),
      error: store.webhooks?.error,
    },
  };
}

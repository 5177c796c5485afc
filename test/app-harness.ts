/**
 * Integration harness: the app's real API routes served over loopback (test/app-route-server.ts), wired to
 * a fresh BigCommerce sandbox, a fresh QuickBooks sandbox and the run's Firestore emulator, plus the few
 * steps tests repeat (install, open, redeem a session, call the app API, connect QuickBooks). Browser-like
 * requests never follow redirects, so tests see exactly what the app answered.
 */
import { bigCommerceCallbackUrls } from '@/lib/bigcommerce/callback-urls';
import { resetConfigForTests } from '@/lib/env';
import {
  startBigCommerceSandbox,
  type BigCommerceSandbox,
  type BigCommerceSandboxOptions,
} from '@/sandboxes/bigcommerce/bigcommerce-sandbox';
import {
  startQuickBooksSandbox,
  type QuickBooksSandbox,
  type QuickBooksSandboxOptions,
} from '@/sandboxes/quickbooks/quickbooks-sandbox';
import { decideConsent } from '@/sandboxes/quickbooks/sandbox-client';
import { startRouteServer, type RouteModule } from './app-route-server';

export const APP_ROUTES: Record<string, RouteModule> = {
  '/api/bigcommerce/auth': require('@/pages/api/bigcommerce/auth'),
  '/api/bigcommerce/load': require('@/pages/api/bigcommerce/load'),
  '/api/bigcommerce/uninstall': require('@/pages/api/bigcommerce/uninstall'),
  '/api/bigcommerce/remove-user': require('@/pages/api/bigcommerce/remove-user'),
  '/api/app/session': require('@/pages/api/app/session'),
  '/api/app/store': require('@/pages/api/app/store'),
  '/api/app/quickbooks/connect': require('@/pages/api/app/quickbooks/connect'),
  '/api/app/quickbooks/connection': require('@/pages/api/app/quickbooks/connection'),
  '/api/app/quickbooks/profile': require('@/pages/api/app/quickbooks/profile'),
  '/api/quickbooks/callback': require('@/pages/api/quickbooks/callback'),
  '/api/webhooks/bigcommerce': require('@/pages/api/webhooks/bigcommerce'),
  '/api/sync/drain': require('@/pages/api/sync/drain'),
  '/api/app/backfill': require('@/pages/api/app/backfill'),
  '/api/app/settings': require('@/pages/api/app/settings'),
  '/api/app/items': require('@/pages/api/app/items'),
  '/api/app/quickbooks/items': require('@/pages/api/app/quickbooks/items'),
  '/api/app/dashboard': require('@/pages/api/app/dashboard'),
  '/api/app/onboarding': require('@/pages/api/app/onboarding'),
  '/api/app/activity': require('@/pages/api/app/activity/index'),
  '/api/app/activity/replay': require('@/pages/api/app/activity/replay'),
  '/api/app/activity/[orderId]': require('@/pages/api/app/activity/[orderId]'),
  '/api/app/orders/[orderId]/preview': require('@/pages/api/app/orders/[orderId]/preview'),
  '/api/support/login': require('@/pages/api/support/login'),
  '/api/support/logout': require('@/pages/api/support/logout'),
  '/api/support/session': require('@/pages/api/support/session'),
  '/api/support/stores': require('@/pages/api/support/stores'),
  '/api/support/stores/[storeHash]/activity': require('@/pages/api/support/stores/[storeHash]/activity'),
  '/api/support/stores/[storeHash]/orders/[orderId]': require('@/pages/api/support/stores/[storeHash]/orders/[orderId]'),
};

/**
 * Next-style dynamic segments (`/api/x/[id]`) for the route server, which looks routes up by exact path: a path
 * with no exact route is matched against the bracketed patterns, and the handler sees the segments in req.query
 * (overriding query-string parameters of the same name, as Next does).
 */
function withDynamicRoutes(routes: Record<string, RouteModule>): Record<string, RouteModule> {
  const patterns = Object.entries(routes)
    .filter(([pattern]) => pattern.includes('['))
    .map(([pattern, module]) => {
      const names: string[] = [];
      const source = pattern
        .split('/')
        .map((segment) => {
          const param = /^\[(\w+)\]$/.exec(segment)?.[1];
          if (param) names.push(param);
          return param ? '([^/]+)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return { regex: new RegExp(`^${source}$`), names, module };
    });
  const resolve = (path: string): RouteModule | undefined => {
    for (const { regex, names, module } of patterns) {
      const match = regex.exec(path);
      if (!match) continue;
      let params: Record<string, string>;
      try {
        params = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
      } catch {
        return undefined;
      }
      return {
        config: module.config,
        default: (req, res) => {
          req.query = { ...req.query, ...params };
          return module.default(req, res);
        },
      };
    }
    return undefined;
  };
  return new Proxy(routes, {
    get: (target, key) => (typeof key === 'string' && !Object.hasOwn(target, key) ? resolve(key) : Reflect.get(target, key)),
  });
}

export interface HttpResult {
  status: number;
  location?: string;
  /** The one-time exchange code in a redirect to the app, if any. */
  code?: string;
  text: string;
  // Tests read arbitrary JSON fields from app answers.
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface SandboxStoreHandle {
  hash: string;
  name: string;
  ownerId: number;
}

export interface SandboxHook {
  id: number;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
}

async function toResult(response: Response): Promise<HttpResult> {
  const text = await response.text();
  let body: HttpResult['body'] = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // HTML answer
  }
  const location = response.headers.get('location') ?? undefined;
  const code = location ? (new URL(location, 'http://app.invalid').searchParams.get('exchange') ?? undefined) : undefined;
  return { status: response.status, location, code, text, body };
}

export interface ConnectAttempt {
  /** The app's answer to POST /api/app/quickbooks/connect. */
  start: HttpResult;
  /** Where the consent page sent the popup back to. */
  callbackUrl: string;
  /** The app's callback page. */
  callback: HttpResult;
}

export interface AppHarness {
  appUrl: string;
  sandbox: BigCommerceSandbox;
  qbo: QuickBooksSandbox;
  /** Install the app on a fresh store and open it: the store, its owner and a session token. */
  openNewStore(input?: Record<string, unknown>): Promise<{ store: SandboxStoreHandle; token: string }>;
  /** The whole popup flow: start in the app, decide on the consent page, land on the app's callback. */
  connectQuickBooks(
    token: string,
    options?: { realmId?: string; decision?: 'approve' | 'deny'; allowCompanySwitch?: boolean },
  ): Promise<ConnectAttempt>;
  get(path: string, init?: RequestInit): Promise<HttpResult>;
  /** input: the sandbox's store options (currency, is_price_entered_with_tax, …). */
  createStore(input?: Record<string, unknown>): Promise<SandboxStoreHandle>;
  install(storeHash: string, userId?: number): Promise<HttpResult>;
  load(storeHash: string, userId: number, url?: string): Promise<HttpResult>;
  redeem(code: string): Promise<HttpResult>;
  api(path: string, token: string | undefined, init?: RequestInit): Promise<HttpResult>;
  addUser(storeHash: string, email: string): Promise<{ id: number }>;
  removeUser(storeHash: string, userId: number): Promise<void>;
  uninstall(storeHash: string): Promise<void>;
  hooksOf(storeHash: string): SandboxHook[];
  deactivateHook(storeHash: string, hookId: number): void;
  accessTokensOf(storeHash: string): string[];
  stop(): Promise<void>;
}

export interface AppHarnessOptions extends Partial<BigCommerceSandboxOptions> {
  quickbooks?: Partial<QuickBooksSandboxOptions>;
}

export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const { quickbooks: quickbooksOptions, ...bigcommerceOptions } = options;
  const server = await startRouteServer(withDynamicRoutes(APP_ROUTES));
  const appUrl = server.url;
  const qbo = await startQuickBooksSandbox({
    clientId: process.env.QBO_CLIENT_ID!,
    clientSecret: process.env.QBO_CLIENT_SECRET!,
    redirectUris: [`${appUrl}/api/quickbooks/callback`],
    ...quickbooksOptions,
  });
  const sandbox = await startBigCommerceSandbox({
    ...bigcommerceOptions,
    app: {
      name: 'QuickBooks Sync (test)',
      clientId: process.env.BC_CLIENT_ID!,
      clientSecret: process.env.BC_CLIENT_SECRET!,
      ...bigCommerceCallbackUrls(appUrl),
      ...bigcommerceOptions.app,
    },
  });
  Object.assign(process.env, {
    APP_URL: appUrl,
    BC_LOGIN_URL: sandbox.loginUrl,
    BC_API_URL: sandbox.apiUrl,
    QBO_AUTHORIZE_URL: qbo.authorizeUrl,
    QBO_TOKEN_URL: qbo.tokenUrl,
    QBO_REVOKE_URL: qbo.revokeUrl,
    QBO_API_BASE_URL: qbo.apiBaseUrl.replace(/\/+$/, ''),
  });
  resetConfigForTests();

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const result = await toResult(response);
    if (response.status >= 400) throw new Error(`sandbox ${method} ${path} → ${response.status}: ${result.text}`);
    return result.body;
  };
  const get = async (path: string, init: RequestInit = {}) =>
    toResult(await fetch(path.startsWith('http') ? path : `${appUrl}${path}`, { redirect: 'manual', ...init }));

  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  const harness: AppHarness = {
    appUrl,
    sandbox,
    qbo,
    get: (path, init) => get(path, init),
    async openNewStore(input) {
      const store = await harness.createStore(input);
      const install = await harness.install(store.hash);
      if (!install.code) throw new Error(`install answered ${install.status}`);
      const session = await harness.redeem(install.code);
      if (session.status !== 200) throw new Error(`redeem answered ${session.status}`);
      return { store, token: String(session.body.token) };
    },
    async connectQuickBooks(token, { realmId, decision, allowCompanySwitch } = {}) {
      const start = await harness.api('/api/app/quickbooks/connect', token, json('POST', { allowCompanySwitch: allowCompanySwitch ?? false }));
      if (start.status !== 200) throw new Error(`connect answered ${start.status}: ${start.text}`);
      const back = await decideConsent(qbo, String(start.body.authorizeUrl), { realmId, decision });
      const callback = await get(back.toString());
      return { start, callbackUrl: back.toString(), callback };
    },
    async createStore(input = {}) {
      const body = await admin('POST', '/stores', input);
      const store = (body.data ?? body) as { hash: string; name: string; owner_id?: number; ownerId?: number };
      const model = sandbox.state.stores.get(store.hash);
      if (!model) throw new Error(`sandbox did not create store ${store.hash}`);
      return { hash: model.hash, name: model.name, ownerId: model.ownerId };
    },
    async install(storeHash, userId) {
      const body = await admin('POST', `/stores/${storeHash}/install`, userId ? { user_id: userId } : {});
      const url = String((body.data ?? body).auth_callback_url ?? (body.data ?? body).authCallbackUrl);
      return get(url);
    },
    load: (storeHash, userId, url) =>
      get(`/api/bigcommerce/load?signed_payload_jwt=${encodeURIComponent(sandbox.signSignedPayloadJwt({ storeHash, userId, url }))}`),
    redeem: (code) =>
      get('/api/app/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) }),
    api: (path, token, init = {}) =>
      get(path, { ...init, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...init.headers } }),
    async addUser(storeHash, email) {
      const body = await admin('POST', `/stores/${storeHash}/users`, { email });
      return { id: Number((body.data ?? body).id) };
    },
    async removeUser(storeHash, userId) {
      await admin('DELETE', `/stores/${storeHash}/users/${userId}`);
    },
    async uninstall(storeHash) {
      await admin('POST', `/stores/${storeHash}/uninstall`);
    },
    hooksOf(storeHash) {
      const store = sandbox.state.stores.get(storeHash);
      return [...(store?.hooks.values() ?? [])].map((hook) => ({
        id: hook.id,
        scope: hook.scope,
        destination: hook.destination,
        is_active: hook.isActive,
        headers: hook.headers,
      }));
    },
    deactivateHook(storeHash, hookId) {
      const hook = sandbox.state.stores.get(storeHash)?.hooks.get(hookId);
      if (!hook) throw new Error(`no hook ${hookId}`);
      hook.isActive = false;
    },
    accessTokensOf(storeHash) {
      return [...sandbox.state.tokens.values()].filter((token) => token.storeHash === storeHash).map((token) => token.token);
    },
    async stop() {
      await sandbox.stop();
      await qbo.stop();
      await server.stop();
    },
  };
  return harness;
}

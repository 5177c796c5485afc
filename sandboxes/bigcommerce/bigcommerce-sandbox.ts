/**
 * A loopback HTTP server that stands in for BigCommerce (login service, REST API, control panel and
 * webhooks) for integration tests, benchmarks and offline development. One origin serves everything:
 *   /oauth2/token                      login service token endpoint
 *   /stores/{hash}/v2|v3/...           REST API subset (spec-shaped, quota-limited)
 *   /manage?store=…&user=…             control panel page (app in a cross-origin iframe)
 *   /store-{hash}/...                  control_panel_base_url deep links → the same page
 *   /jssdk/bc-sdk.js                   control-panel JS SDK stand-in
 *   /__sandbox/...                     JSON controls for tests (see routes/admin-routes.ts)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppLifecycle, type AppRegistration, type SignedPayloadInput } from './app-lifecycle';
import { BC_SDK_SCRIPT, renderControlPanel } from './control-panel-page';
import { HttpError, isRecord, readBody, sendEmpty, sendJson, sendText } from './http-kit';
import { RateLimiter } from './rate-limiter';
import { createAdminRouter, handleAdmin } from './routes/admin-routes';
import { createRestRouter, handleRest, isRestPath } from './routes/rest-api';
import { createAdmin, type SandboxAdmin } from './sandbox-admin';
import { SandboxInputError, createState, type ApiRequestEvent, type ModelContext, type SandboxState } from './sandbox-state';
import { createStore } from './store-factory';
import { WebhookDispatcher, type WebhookMode } from './webhook-dispatcher';

export interface BigCommerceSandboxOptions {
  /** Default '127.0.0.1' — loopback only. */
  host?: string;
  /** 0 or undefined = a free port. */
  port?: number;
  /** The app under test, as registered in the (simulated) Developer Portal. */
  app: AppRegistration;
  /** Default 150 per 30000 ms, per store. */
  rateLimit?: { quota: number; windowMs: number };
  /** Added to every REST API response, default 0. */
  latencyMs?: number;
  /** Default: BigCommerce's schedule scaled down, [1000, 3000, 5000]. */
  webhookRetryDelaysMs?: number[];
  /** Default true: one store with owner, products, customers. */
  seed?: boolean;
  /** Hash of the seeded store (default: random, like `a1b2c3d`). */
  storeHash?: string;
  /** Initial webhook test modes (duplicates, shuffle, paused…). */
  webhookMode?: Partial<WebhookMode>;
  /** Webhook delivery timeout, default 5000 ms. */
  webhookTimeoutMs?: number;
  /** Auth code lifetime, default 5 minutes. */
  authCodeTtlMs?: number;
}

export interface BigCommerceSandbox {
  /** http://127.0.0.1:PORT (serves login, API and control panel). */
  url: string;
  /** Same origin; token endpoint at `${loginUrl}/oauth2/token`. */
  loginUrl: string;
  /** Same origin; REST at `${apiUrl}/stores/{hash}/v2|v3/...`. */
  apiUrl: string;
  controlPanelUrl(storeHash?: string): string;
  /** In-memory model, typed, for tests to read/modify directly. */
  state: SandboxState;
  signSignedPayloadJwt(input: SignedPayloadInput): string;
  stop(): Promise<void>;
  /** Hash of the seeded store ('' when started with seed: false). */
  storeHash: string;
  /** Same actions as the /__sandbox HTTP API: lifecycle, test orders, customers, config. */
  admin: SandboxAdmin;
  webhooks: WebhookDispatcher;
  /** Resolves when no webhook delivery is queued, in flight or waiting to retry. */
  webhooksIdle(timeoutMs?: number): Promise<void>;
  /** Calls `listener` for every authenticated REST API request as it arrives; returns the unsubscribe. */
  onRequest(listener: (event: ApiRequestEvent) => void): () => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startBigCommerceSandbox(options: BigCommerceSandboxOptions): Promise<BigCommerceSandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`BigCommerce sandbox listens on loopback only (got host ${host})`);

  const state = createState({
    rateLimit: options.rateLimit ?? { quota: 150, windowMs: 30_000 },
    latencyMs: options.latencyMs ?? 0,
    faults: [],
  });
  let baseUrl = '';
  let webhooks: WebhookDispatcher | null = null;
  const ctx: ModelContext = {
    state,
    emit: (storeHash, scope, data) => {
      webhooks?.dispatch(storeHash, scope, data);
    },
    now: Date.now,
  };
  const lifecycle = new AppLifecycle(ctx, options.app, options.authCodeTtlMs);
  webhooks = new WebhookDispatcher({
    state,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 3000, 5000],
    ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}),
    ...(options.webhookMode ? { mode: options.webhookMode } : {}),
    clientSecret: (clientId) => (clientId === options.app.clientId ? options.app.clientSecret : undefined),
  });
  const dispatcher = webhooks;
  const limiter = new RateLimiter(() => state.config.rateLimit);
  const admin = createAdmin({ ctx, lifecycle, webhooks: dispatcher, limiter, baseUrl: () => baseUrl });

  // Latency timers are tracked so stop() never leaves one behind.
  const delays = new Map<NodeJS.Timeout, () => void>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.set(timer, resolve);
    });

  const restRouter = createRestRouter();
  const restDeps = { ctx, lifecycle, limiter, delay, apiBase: () => baseUrl };
  const adminRouter = createAdminRouter({
    admin,
    state,
    webhooks: dispatcher,
    baseUrl: () => baseUrl,
    signPayload: (input) => lifecycle.signPayloadJwt(input),
  });

  const controlPanel = (res: http.ServerResponse, hash: string | null, userParam: string | null, deepLink?: string) => {
    const store = hash ? state.stores.get(hash) : state.stores.values().next().value;
    if (!store) return sendText(res, 404, '<!doctype html><title>Not found</title><p>No such store in the sandbox.</p>', 'text/html; charset=utf-8');
    const user = store.users.get(Number(userParam)) ?? store.users.get(store.ownerId)!;
    const deliveries = dispatcher.log.filter((d) => d.storeHash === store.hash).slice(-20).reverse();
    const html = renderControlPanel({ state, store, user, appName: options.app.name, baseUrl, deliveries, ...(deepLink ? { deepLink } : {}) });
    sendText(res, 200, html, 'text/html; charset=utf-8', { 'Cache-Control': 'no-store' });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    if (isRestPath(path)) return handleRest(restDeps, restRouter, req, res, url);
    if (path.startsWith('/__sandbox/')) return handleAdmin(adminRouter, req, res, url);
    if (path === '/oauth2/token') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'POST only' }, { Allow: 'POST' });
      const body = await readBody(req);
      if (!isRecord(body)) return sendJson(res, 400, { error: 'invalid_request', error_description: 'Send a JSON body.' });
      const result = lifecycle.exchangeCode(body);
      return sendJson(res, result.status, result.body, { 'Cache-Control': 'no-store' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 404, { error: `no route ${req.method} ${path}` });
    if (path === '/manage') return controlPanel(res, url.searchParams.get('store'), url.searchParams.get('user'));
    const deep = /^\/store-([a-z0-9]+)(\/.*)?$/.exec(path);
    if (deep) return controlPanel(res, deep[1] ?? null, url.searchParams.get('user'), deep[2]);
    if (path === '/jssdk/bc-sdk.js') {
      return sendText(res, 200, BC_SDK_SCRIPT, 'application/javascript; charset=utf-8', { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' });
    }
    if (path === '/') return sendEmpty(res, 302, { Location: '/manage' });
    if (path === '/favicon.ico') return sendEmpty(res, 204);
    return sendJson(res, 404, { error: `no route GET ${path}` });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError || error instanceof SandboxInputError ? error.status : 500;
      if (status === 500) console.error('[bigcommerce-sandbox]', error);
      if (!res.headersSent) sendJson(res, status, { error: (error as Error).message });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host === '::1' ? '[::1]' : host}:${port}`;

  let storeHash = '';
  if (options.seed ?? true) {
    storeHash = createStore(state, baseUrl, { ...(options.storeHash ? { hash: options.storeHash } : {}), name: 'Sandbox Coffee Co.' }, Date.now()).hash;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: baseUrl,
    loginUrl: baseUrl,
    apiUrl: baseUrl,
    storeHash,
    state,
    admin,
    webhooks: dispatcher,
    controlPanelUrl: (hash?: string) => {
      const target = hash ?? (storeHash || undefined);
      return target ? `${baseUrl}/manage?store=${encodeURIComponent(target)}` : `${baseUrl}/manage`;
    },
    signSignedPayloadJwt: (input) => lifecycle.signPayloadJwt(input),
    webhooksIdle: (timeoutMs?: number) => dispatcher.idle(timeoutMs),
    onRequest(listener) {
      state.requestListeners.add(listener);
      return () => state.requestListeners.delete(listener);
    },
    stop() {
      stopped ??= (async () => {
        await dispatcher.stop();
        lifecycle.stop();
        for (const [timer, resolve] of delays) {
          clearTimeout(timer);
          resolve();
        }
        delays.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return stopped;
    },
  };
}

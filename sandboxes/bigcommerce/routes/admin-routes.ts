/**
 * /__sandbox/... — JSON controls for tests, the control panel page and benchmarks. Errors are
 * `{ "error": message }` with 400/403/404/409/422 (this is the sandbox's API, not BigCommerce's).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignedPayloadInput } from '../app-lifecycle';
import { HttpError, Router, isRecord, parseId, readBody, sendJson, type Params } from '../http-kit';
import type { SandboxAdmin } from '../sandbox-admin';
import { SandboxInputError, type SandboxState, type Store } from '../sandbox-state';
import { renderOrder, renderShipment } from '../v2-order-views';
import { renderCustomer, renderRefund } from '../v3-views';
import type { WebhookDelivery, WebhookDispatcher } from '../webhook-dispatcher';

interface AdminRequest {
  params: Params;
  query: URLSearchParams;
  body: Record<string, unknown>;
}
type AdminHandler = (req: AdminRequest) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };

export interface AdminRouteDeps {
  admin: SandboxAdmin;
  state: SandboxState;
  webhooks: WebhookDispatcher;
  baseUrl(): string;
  signPayload(input: SignedPayloadInput): string;
}

const ok = (body: unknown, status = 200) => ({ status, body });

function id(params: Params, name: string): number {
  const value = parseId(params[name]);
  if (value === null) throw new SandboxInputError(`${name} must be a positive integer`, 400);
  return value;
}

function optionalInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new SandboxInputError(`${name} must be an integer`, 400);
  return n;
}

export function storeSummary(store: Store, baseUrl: string) {
  return {
    hash: store.hash,
    store_id: store.storeId,
    name: store.name,
    currency: store.currency,
    is_price_entered_with_tax: store.isPriceEnteredWithTax,
    control_panel_url: `${baseUrl}/manage?store=${store.hash}`,
    app: store.app,
    owner_id: store.ownerId,
    users: [...store.users.values()],
    counts: { products: store.products.size, customers: store.customers.size, orders: store.orders.size, refunds: store.refunds.size, hooks: store.hooks.size },
  };
}

export function renderDelivery(d: WebhookDelivery) {
  return {
    id: d.id,
    hook_id: d.hookId,
    store_hash: d.storeHash,
    scope: d.scope,
    destination: d.destination,
    copy: d.copy,
    state: d.state,
    attempts: d.attempts,
    created_at: d.createdAt,
    payload: d.payload,
  };
}

export function createAdminRouter(deps: AdminRouteDeps): Router<AdminHandler> {
  const { admin, state } = deps;
  const router = new Router<AdminHandler>();
  const apiBase = () => deps.baseUrl();
  const storeOf = (req: AdminRequest) => {
    const hash = req.params.hash ?? '';
    const store = state.stores.get(hash);
    if (!store) throw new SandboxInputError(`store ${hash} not found`, 404);
    return store;
  };
  const orderBody = (req: AdminRequest, order: Parameters<typeof renderOrder>[2]) => renderOrder(apiBase(), storeOf(req), order, true);

  router.add('GET', '/__sandbox/state', () =>
    ok({
      stores: [...state.stores.values()].map((s) => storeSummary(s, apiBase())),
      config: state.config,
      stats: state.stats,
      webhooks: { mode: deps.webhooks.mode, retry_delays_ms: deps.webhooks.retryDelaysMs, stats: deps.webhooks.stats, pending: deps.webhooks.pendingCount(), held: deps.webhooks.heldCount() },
      callbacks: state.callbacks.slice(-50),
    }),
  );
  router.add('POST', '/__sandbox/config', (req) => ok(admin.configure(req.body)));
  router.add('POST', '/__sandbox/webhooks/mode', (req) => ok(admin.setWebhookMode(req.body)));
  router.add('POST', '/__sandbox/webhooks/flush', () => ok({ released: admin.flushWebhooks() }));
  router.add('GET', '/__sandbox/webhooks/deliveries', (req) => {
    const store = req.query.get('store');
    const limit = Math.min(Number(req.query.get('limit') ?? 100) || 100, 1000);
    const list = deps.webhooks.log.filter((d) => !store || d.storeHash === store).slice(-limit);
    return ok({ data: list.map(renderDelivery), stats: deps.webhooks.stats, pending: deps.webhooks.pendingCount(), held: deps.webhooks.heldCount() });
  });
  router.add('GET', '/__sandbox/webhooks/idle', async (req) => {
    const timeout = Math.min(Number(req.query.get('timeout_ms') ?? 15_000) || 15_000, 120_000);
    try {
      await deps.webhooks.idle(timeout);
      return ok({ idle: true, stats: deps.webhooks.stats });
    } catch (error) {
      return ok({ idle: false, error: (error as Error).message }, 504);
    }
  });
  router.add('GET', '/__sandbox/callbacks', () => ok({ data: state.callbacks }));

  router.add('POST', '/__sandbox/stores', (req) => ok(storeSummary(admin.createStore(req.body), apiBase()), 201));
  router.add('GET', '/__sandbox/stores/:hash', (req) => ok(storeSummary(storeOf(req), apiBase())));
  router.add('POST', '/__sandbox/stores/:hash/install', (req) => {
    const result = admin.install(storeOf(req).hash, optionalInt(req.body.user_id, 'user_id'));
    return ok({ auth_callback_url: result.authCallbackUrl, code: result.code });
  });
  router.add('POST', '/__sandbox/stores/:hash/load', (req) => {
    const url = typeof req.body.url === 'string' && req.body.url ? req.body.url : undefined;
    const channelId = optionalInt(req.body.channel_id, 'channel_id');
    return ok({ load_url: admin.loadUrl(storeOf(req).hash, optionalInt(req.body.user_id, 'user_id'), { ...(url ? { url } : {}), ...(channelId !== undefined ? { channelId } : {}) }) });
  });
  router.add('POST', '/__sandbox/stores/:hash/uninstall', async (req) => ok({ callback: await admin.uninstall(storeOf(req).hash, optionalInt(req.body.user_id, 'user_id')) }));
  router.add('POST', '/__sandbox/stores/:hash/users', (req) => {
    const body = req.body;
    return ok(admin.addUser(storeOf(req).hash, body as Parameters<SandboxAdmin['addUser']>[1]), 201);
  });
  router.add('DELETE', '/__sandbox/stores/:hash/users/:id', async (req) => ok({ callback: await admin.removeUser(storeOf(req).hash, id(req.params, 'id')) }));
  router.add('POST', '/__sandbox/stores/:hash/api-accounts', (req) => {
    const clientId = typeof req.body.client_id === 'string' ? req.body.client_id : undefined;
    const scope = typeof req.body.scope === 'string' ? req.body.scope : undefined;
    const account = admin.createApiAccount(storeOf(req).hash, { ...(clientId ? { clientId } : {}), ...(scope ? { scope } : {}) });
    return ok({ access_token: account.accessToken, client_id: account.clientId, scope: account.scope }, 201);
  });
  router.add('POST', '/__sandbox/stores/:hash/cancel', (req) => {
    admin.cancelStore(storeOf(req).hash);
    return ok({ fired: 'store/app/uninstalled' });
  });
  router.add('POST', '/__sandbox/stores/:hash/events', (req) => {
    const { scope, data } = req.body;
    if (typeof scope !== 'string' || !isRecord(data)) throw new SandboxInputError('body needs scope (string) and data (object)', 400);
    admin.emit(storeOf(req).hash, scope, data);
    return ok({ fired: scope });
  });
  router.add('POST', '/__sandbox/stores/:hash/signed-payload', (req) => {
    const store = storeOf(req);
    const userId = optionalInt(req.body.user_id, 'user_id') ?? store.ownerId;
    return ok({ signed_payload_jwt: deps.signPayload({ storeHash: store.hash, userId, ...(typeof req.body.url === 'string' ? { url: req.body.url } : {}) }) });
  });

  router.add('POST', '/__sandbox/stores/:hash/orders', (req) => ok(orderBody(req, admin.createOrder(storeOf(req).hash, req.body)), 201));
  router.add('PUT', '/__sandbox/stores/:hash/orders/:id', (req) => ok(orderBody(req, admin.editOrder(storeOf(req).hash, id(req.params, 'id'), req.body))));
  router.add('POST', '/__sandbox/stores/:hash/orders/:id/pay', (req) => ok(orderBody(req, admin.payOrder(storeOf(req).hash, id(req.params, 'id')))));
  router.add('POST', '/__sandbox/stores/:hash/orders/:id/cancel', (req) => ok(orderBody(req, admin.cancelOrder(storeOf(req).hash, id(req.params, 'id')))));
  router.add('POST', '/__sandbox/stores/:hash/orders/:id/archive', (req) => ok(orderBody(req, admin.archiveOrder(storeOf(req).hash, id(req.params, 'id')))));
  router.add('POST', '/__sandbox/stores/:hash/orders/:id/refund', (req) => ok({ data: renderRefund(admin.refundOrder(storeOf(req).hash, id(req.params, 'id'), req.body)) }, 201));
  router.add('POST', '/__sandbox/stores/:hash/orders/:id/shipments', (req) => {
    const store = storeOf(req);
    const orderId = id(req.params, 'id');
    const shipment = admin.shipOrder(store.hash, orderId, req.body);
    return ok(renderShipment(store.orders.get(orderId)!, shipment), 201);
  });

  const allIncludes = new Set(['addresses', 'storecredit']);
  router.add('POST', '/__sandbox/stores/:hash/customers', (req) => ok(renderCustomer(admin.createCustomer(storeOf(req).hash, req.body), allIncludes), 201));
  router.add('PUT', '/__sandbox/stores/:hash/customers/:id', (req) => ok(renderCustomer(admin.updateCustomer(storeOf(req).hash, id(req.params, 'id'), req.body), allIncludes)));
  router.add('DELETE', '/__sandbox/stores/:hash/customers/:id', (req) => {
    admin.deleteCustomer(storeOf(req).hash, id(req.params, 'id'));
    return ok({ deleted: true });
  });
  router.add('POST', '/__sandbox/stores/:hash/customers/:id/addresses', (req) => ok(admin.addCustomerAddress(storeOf(req).hash, id(req.params, 'id'), req.body), 201));
  router.add('PUT', '/__sandbox/stores/:hash/customers/:id/addresses/:addressId', (req) =>
    ok(admin.updateCustomerAddress(storeOf(req).hash, id(req.params, 'id'), id(req.params, 'addressId'), req.body)),
  );
  router.add('DELETE', '/__sandbox/stores/:hash/customers/:id/addresses/:addressId', (req) => {
    admin.deleteCustomerAddress(storeOf(req).hash, id(req.params, 'id'), id(req.params, 'addressId'));
    return ok({ deleted: true });
  });
  return router;
}

export async function handleAdmin(router: Router<AdminHandler>, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const found = router.match(req.method ?? 'GET', url.pathname);
  if (!found) return sendJson(res, 404, { error: `no sandbox endpoint ${req.method} ${url.pathname}` });
  if ('allowed' in found) return sendJson(res, 405, { error: 'method not allowed' }, { Allow: found.allowed.join(', ') });
  try {
    const raw = req.method === 'GET' || req.method === 'DELETE' ? undefined : await readBody(req);
    if (raw !== undefined && !isRecord(raw)) throw new SandboxInputError('body must be a JSON object', 400);
    const result = await found.handler({ params: found.params, query: url.searchParams, body: raw ?? {} });
    sendJson(res, result.status, result.body);
  } catch (error) {
    if (error instanceof SandboxInputError || error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
    throw error;
  }
}

/**
 * Webhooks v3. Each token only sees its own client's hooks; one hook per client+scope+destination
 * (422 on a duplicate), at most 10 per client+scope. Destinations may be plain http here so a local
 * app can receive them (production insists on https:443).
 */
import { isRecord, parseId, type Router } from '../http-kit';
import type { Hook } from '../sandbox-state';
import { paginate, renderHook } from '../v3-views';
import { json, pageParams, v3Error, type RestRequest, type RestResponse, type RestRoute } from './rest-types';

/** Scopes from the spec's callback schemas, plus the documented ones it omits. */
export const KNOWN_WEBHOOK_SCOPES: ReadonlySet<string> = new Set([
  ...['*', 'created', 'updated', 'deleted', 'couponApplied', 'abandoned', 'converted', 'lineItem/*', 'lineItem/created', 'lineItem/updated', 'lineItem/deleted'].map((s) => `store/cart/${s}`),
  ...['*', 'created', 'updated', 'deleted'].map((s) => `store/category/${s}`),
  ...['*', 'created', 'updated'].map((s) => `store/channel/${s}`),
  ...['*', 'created', 'updated', 'deleted', 'address/created', 'address/updated', 'address/deleted', 'payment/instrument/default/updated'].map((s) => `store/customer/${s}`),
  ...['*', 'created', 'updated', 'archived', 'statusUpdated', 'message/created', 'refund/created', 'transaction/created', 'transaction/updated', 'metafield/created', 'metafield/updated', 'metafield/deleted'].map(
    (s) => `store/order/${s}`,
  ),
  ...['*', 'created', 'updated', 'deleted', 'inventory/updated', 'inventory/order/updated'].map((s) => `store/product/${s}`),
  ...['*', 'created', 'updated', 'deleted'].map((s) => `store/shipment/${s}`),
  ...['*', 'created', 'updated', 'deleted', 'inventory/updated', 'inventory/order/updated'].map((s) => `store/sku/${s}`),
  ...['*', 'created', 'updated', 'deleted'].map((s) => `store/subscriber/${s}`),
  'store/app/uninstalled',
  'store/information/updated',
  'store/hook/deliveryException',
]);

const MAX_HOOKS_PER_SCOPE = 10;

function notFound(id: string): RestResponse {
  return { status: 404, body: { status: 404, title: `Webhook with id [${id}] not found`, type: '/api-docs/getting-started/api-status-codes' } };
}

function ownHook(req: RestRequest): Hook | undefined {
  const hook = req.store.hooks.get(parseId(req.params.id) ?? -1);
  return hook && hook.clientId === req.token.clientId ? hook : undefined;
}

interface HookFields {
  scope?: string;
  destination?: string;
  is_active?: boolean;
  headers?: Record<string, string> | null;
}

/** Validates the writable fields; returns an error response or the parsed fields. */
function parseFields(body: unknown): HookFields | RestResponse {
  if (!isRecord(body)) return v3Error(400, 'Input is invalid.', { body: 'must be a JSON object' });
  const errors: Record<string, string> = {};
  const fields: HookFields = {};
  if (body.scope !== undefined) {
    if (typeof body.scope !== 'string' || !KNOWN_WEBHOOK_SCOPES.has(body.scope)) errors.scope = 'error.scope.invalid';
    else fields.scope = body.scope;
  }
  if (body.destination !== undefined) {
    let ok = false;
    if (typeof body.destination === 'string') {
      try {
        const url = new URL(body.destination);
        ok = url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        ok = false;
      }
    }
    if (ok) fields.destination = body.destination as string;
    else errors.destination = 'error.destination.invalid';
  }
  if (body.is_active !== undefined) {
    if (typeof body.is_active !== 'boolean') errors.is_active = 'error.is_active.invalid';
    else fields.is_active = body.is_active;
  }
  if (body.headers !== undefined) {
    if (body.headers === null) fields.headers = null;
    else if (isRecord(body.headers) && Object.values(body.headers).every((v) => typeof v === 'string')) fields.headers = body.headers as Record<string, string>;
    else errors.headers = 'error.headers.invalid';
  }
  if (Object.keys(errors).length) return v3Error(422, 'JSON data is missing or invalid', errors);
  return fields;
}

function conflict(req: RestRequest, scope: string, destination: string, except?: number): RestResponse | null {
  const mine = [...req.store.hooks.values()].filter((h) => h.clientId === req.token.clientId && h.scope === scope && h.id !== except);
  if (mine.some((h) => h.destination === destination)) {
    return v3Error(422, 'A webhook with this scope and destination already exists for this client.', { destination: 'error.destination.duplicate' });
  }
  if (mine.length >= MAX_HOOKS_PER_SCOPE) return v3Error(422, `At most ${MAX_HOOKS_PER_SCOPE} webhooks per scope.`, { scope: 'error.scope.limit' });
  return null;
}

export function registerV3HookRoutes(router: Router<RestRoute>): void {
  router.add('GET', '/v3/hooks', {
    api: 'v3',
    scopes: null,
    handle(req) {
      const q = req.query;
      const active = q.get('is_active');
      const scope = q.get('scope');
      const destination = q.get('destination');
      const { page, limit } = pageParams(q, { limit: 50, max: 250, overMax: 'clamp' });
      const hooks = [...req.store.hooks.values()].filter(
        (h) =>
          h.clientId === req.token.clientId &&
          (active === null || String(h.isActive) === active) &&
          (!scope || h.scope === scope) &&
          (!destination || h.destination === destination),
      );
      const result = paginate(hooks, page, limit, q);
      return json({ data: result.items.map(renderHook), meta: result.meta });
    },
  });

  router.add('POST', '/v3/hooks', {
    api: 'v3',
    scopes: null,
    handle(req, services) {
      const fields = parseFields(req.body);
      if ('status' in fields) return fields;
      if (!fields.scope || !fields.destination) {
        return v3Error(422, 'JSON data is missing or invalid', {
          ...(fields.scope ? {} : { scope: 'error.path.missing' }),
          ...(fields.destination ? {} : { destination: 'error.path.missing' }),
        });
      }
      const clash = conflict(req, fields.scope, fields.destination);
      if (clash) return clash;
      const now = services.ctx.now();
      const hook: Hook = {
        id: ++services.ctx.state.ids.hook,
        clientId: req.token.clientId,
        storeHash: req.store.hash,
        scope: fields.scope,
        destination: fields.destination,
        isActive: fields.is_active ?? true,
        headers: fields.headers ?? null,
        createdAt: now,
        updatedAt: now,
      };
      req.store.hooks.set(hook.id, hook);
      return json({ data: renderHook(hook), meta: {} });
    },
  });

  router.add('GET', '/v3/hooks/:id', {
    api: 'v3',
    scopes: null,
    handle(req) {
      const hook = ownHook(req);
      return hook ? json({ data: renderHook(hook), meta: {} }) : notFound(req.params.id ?? '');
    },
  });

  router.add('PUT', '/v3/hooks/:id', {
    api: 'v3',
    scopes: null,
    handle(req, services) {
      const hook = ownHook(req);
      if (!hook) return notFound(req.params.id ?? '');
      const fields = parseFields(req.body);
      if ('status' in fields) return fields;
      if (Object.keys(fields).length === 0) return v3Error(422, 'At least one field is required to update a webhook.');
      const scope = fields.scope ?? hook.scope;
      const destination = fields.destination ?? hook.destination;
      if (scope !== hook.scope || destination !== hook.destination) {
        const clash = conflict(req, scope, destination, hook.id);
        if (clash) return clash;
      }
      hook.scope = scope;
      hook.destination = destination;
      if (fields.is_active !== undefined) hook.isActive = fields.is_active;
      if (fields.headers !== undefined) hook.headers = fields.headers;
      hook.updatedAt = services.ctx.now();
      return json({ data: renderHook(hook), meta: {} });
    },
  });

  router.add('DELETE', '/v3/hooks/:id', {
    api: 'v3',
    scopes: null,
    handle(req) {
      const hook = ownHook(req);
      if (!hook) return notFound(req.params.id ?? '');
      req.store.hooks.delete(hook.id);
      return json({ data: renderHook(hook), meta: {} });
    },
  });
}

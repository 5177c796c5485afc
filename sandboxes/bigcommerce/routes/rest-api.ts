/**
 * The REST gateway for /stores/{hash}/v2|v3/...: store lookup → X-Auth-Token → per-store quota →
 * injected faults → route → scope check → handler → configured latency. Rate-limit headers go on every
 * response that reached the quota check, as BigCommerce's do.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { scopeAllows } from '../app-lifecycle';
import { HttpError, Router, readBody, sendEmpty, sendJson } from '../http-kit';
import type { RateLimiter } from '../rate-limiter';
import { SandboxInputError } from '../sandbox-state';
import { QueryError, apiError, v3Error, type RestResponse, type RestRoute, type RestServices } from './rest-types';
import { registerV2Routes } from './v2-routes';
import { registerV3CatalogRoutes } from './v3-catalog-routes';
import { registerV3CustomerRoutes } from './v3-customers-routes';
import { registerV3HookRoutes } from './v3-hooks-routes';
import { registerV3OrderRoutes } from './v3-orders-routes';
import { registerV3TaxRoutes } from './v3-tax-routes';

const REST_PATH = /^\/stores\/([^/]+)(\/v[23](?:\/.*)?)$/;

export interface RestGatewayDeps extends RestServices {
  limiter: RateLimiter;
  /** Resolves after `ms` (immediately once the sandbox stops). */
  delay(ms: number): Promise<void>;
}

export function createRestRouter(): Router<RestRoute> {
  const router = new Router<RestRoute>();
  registerV2Routes(router);
  registerV3OrderRoutes(router);
  registerV3CustomerRoutes(router);
  registerV3CatalogRoutes(router);
  registerV3HookRoutes(router);
  registerV3TaxRoutes(router);
  return router;
}

export function isRestPath(pathname: string): boolean {
  return REST_PATH.test(pathname);
}

function runHandler(route: RestRoute, run: () => RestResponse): RestResponse {
  try {
    return run();
  } catch (error) {
    if (error instanceof QueryError) {
      return route.api === 'v2' ? apiError('v2', 400, error.message) : v3Error(422, error.message, error.field ? { [error.field]: error.message } : {});
    }
    if (error instanceof SandboxInputError) return apiError(route.api, error.status, error.message);
    throw error;
  }
}

export async function handleRest(deps: RestGatewayDeps, router: Router<RestRoute>, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const match = REST_PATH.exec(url.pathname);
  const hash = match?.[1] ?? '';
  const path = match?.[2] ?? '';
  const api: 'v2' | 'v3' = path.startsWith('/v2') ? 'v2' : 'v3';
  const { state } = deps.ctx;
  const write = (response: RestResponse, headers: Record<string, string>) => {
    const all = { ...headers, ...response.headers };
    if (response.body === undefined) sendEmpty(res, response.status, all);
    else sendJson(res, response.status, response.body, all, response.contentType);
  };

  const store = state.stores.get(hash);
  if (!store) return write(apiError(api, 404, `Store ${hash} not found.`), {});

  const tokenHeader = req.headers['x-auth-token'];
  const token = deps.lifecycle.authenticate(Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader, store.hash);
  if (!token) {
    state.stats.unauthorized += 1;
    // Not counted against the store's quota, but the quota headers are still reported.
    return write(apiError(api, 401, 'Unauthorized - the X-Auth-Token is missing, revoked, or not valid for this store.'), deps.limiter.peek(store.hash).headers);
  }

  state.stats.requests += 1;
  const storeStats = (state.stats.byStore[store.hash] ??= { requests: 0, rateLimited: 0 });
  storeStats.requests += 1;
  if (state.requestListeners.size > 0) {
    const event = { at: Date.now(), storeHash: store.hash, method: req.method ?? 'GET', path };
    for (const listener of state.requestListeners) listener(event);
  }
  const quota = deps.limiter.take(store.hash);
  const latency = state.config.latencyMs;
  const finish = async (response: RestResponse) => {
    if (latency > 0) await deps.delay(latency);
    if (!res.destroyed) write(response, quota.headers);
  };
  if (!quota.allowed) {
    state.stats.rateLimited += 1;
    storeStats.rateLimited += 1;
    return finish(api === 'v2' ? apiError('v2', 429, 'Too many requests') : v3Error(429, 'Too many requests'));
  }

  const fault = state.config.faults.find((f) => f.remaining > 0);
  if (fault) {
    fault.remaining -= 1;
    state.config.faults = state.config.faults.filter((f) => f.remaining > 0);
    state.stats.faultsInjected += 1;
    return finish(apiError(api, fault.status, `Injected fault: ${fault.status}`));
  }

  const found = router.match(req.method ?? 'GET', path);
  if (!found) return finish(apiError(api, 404, 'The requested resource was not found.'));
  if ('allowed' in found) return finish({ ...apiError(api, 405, 'Method not allowed.'), headers: { Allow: found.allowed.join(', ') } });
  const route = found.handler;
  if (route.scopes && !scopeAllows(token.scope, route.scopes)) {
    return finish(apiError(api, 403, "You don't have a required scope to access the endpoint"));
  }

  let body: unknown;
  if (req.method === 'POST' || req.method === 'PUT') {
    try {
      body = await readBody(req);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      return finish(apiError(api, status, (error as Error).message));
    }
  }
  const response = runHandler(route, () => route.handle({ method: req.method ?? 'GET', path, params: found.params, query: url.searchParams, body, store, token }, deps));
  return finish(response);
}

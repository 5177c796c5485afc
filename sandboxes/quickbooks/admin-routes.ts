/**
 * `/__sandbox/…`: JSON controls for tests and offline dev (no auth: the server only listens on loopback).
 *   GET    /__sandbox/state                               summary: companies, counters, grants, recent requests
 *   POST   /__sandbox/companies                           add a company (CompanyOptions) → 201
 *   PATCH  /__sandbox/companies/{realmId}                 change flags: closedThrough, subscriptionActive, …
 *   POST   /__sandbox/realms/{realmId}/expire-access-tokens
 *   POST   /__sandbox/realms/{realmId}/expire-refresh-tokens
 *   POST   /__sandbox/realms/{realmId}/revoke             as if the user disconnected the app
 *   GET|POST|DELETE /__sandbox/faults                     list / inject (FaultRule; times -1 = until cleared) / clear
 *   GET    /__sandbox/requests                            request log (most recent last)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompanyOptions } from './company-seed';
import type { FaultInjector, FaultRule } from './fault-injection';
import { readText, sendJson } from './http-kit';
import { isObject } from './json';
import type { OAuthServer } from './oauth-server';
import { companySummary, type CompanyPatch, type SandboxState } from './sandbox-state';

export interface AdminDeps {
  state: SandboxState;
  injector: FaultInjector;
  oauth: OAuthServer;
  baseUrl: () => string;
}

const COUNTRIES = new Set(['US', 'CA', 'GB']);
const BOOLEAN_FLAGS = ['multiCurrency', 'automatedSalesTax', 'classTracking', 'departmentTracking', 'shippingAllowed', 'discountAllowed', 'customTxnNumbers', 'subscriptionActive'] as const;

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req, 256 * 1024);
  if (!text.trim()) return {};
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw new Error('send a JSON object');
  return parsed;
}

function companyOptions(body: Record<string, unknown>): CompanyOptions {
  const country = body.country ?? 'US';
  if (typeof country !== 'string' || !COUNTRIES.has(country)) throw new Error('country must be US, CA or GB');
  const options: CompanyOptions = { country: country as CompanyOptions['country'] };
  if (typeof body.realmId === 'string') options.realmId = body.realmId;
  if (typeof body.name === 'string') options.name = body.name;
  if (typeof body.homeCurrency === 'string') options.homeCurrency = body.homeCurrency;
  if (typeof body.closedThrough === 'string') options.closedThrough = body.closedThrough;
  for (const flag of BOOLEAN_FLAGS) if (typeof body[flag] === 'boolean') options[flag] = body[flag] as boolean;
  return options;
}

function faultRule(body: Record<string, unknown>): FaultRule {
  const rule: FaultRule = {};
  if (typeof body.realmId === 'string') rule.realmId = body.realmId;
  if (typeof body.method === 'string') rule.method = body.method;
  if (typeof body.path === 'string') rule.path = body.path;
  if (typeof body.times === 'number') rule.times = body.times;
  if (typeof body.probability === 'number' && body.probability > 0 && body.probability <= 1) rule.probability = body.probability;
  if (typeof body.status === 'number') rule.status = body.status;
  if (typeof body.latencyMs === 'number') rule.latencyMs = body.latencyMs;
  if (body.commitThenDrop === 'destroy' || body.commitThenDrop === '504') rule.commitThenDrop = body.commitThenDrop;
  if (body.reset === true) rule.reset = true;
  if (isObject(body.fault) && typeof body.fault.code === 'string') {
    const f = body.fault;
    rule.fault = { code: f.code as string, ...(typeof f.message === 'string' ? { message: f.message } : {}), ...(typeof f.detail === 'string' ? { detail: f.detail } : {}), ...(typeof f.type === 'string' ? { type: f.type } : {}) };
  }
  if (body.body !== undefined) rule.body = body.body as FaultRule['body'];
  return rule;
}

export async function handleAdmin(deps: AdminDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { state, injector, oauth } = deps;
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  try {
    if (path === '/__sandbox/state' && method === 'GET') return sendJson(res, 200, { url: deps.baseUrl(), ...state.summary() });
    if (path === '/__sandbox/requests' && method === 'GET') return sendJson(res, 200, { requests: state.requestLog });
    if (path === '/__sandbox/companies' && method === 'POST') {
      const company = state.addCompany(companyOptions(await jsonBody(req)));
      return sendJson(res, 201, companySummary(company));
    }
    const companyMatch = /^\/__sandbox\/companies\/([^/]+)$/.exec(path);
    if (companyMatch && method === 'PATCH') {
      const body = await jsonBody(req);
      const patch: CompanyPatch = {};
      for (const flag of BOOLEAN_FLAGS) if (typeof body[flag] === 'boolean') patch[flag] = body[flag] as boolean;
      if (typeof body.name === 'string') patch.name = body.name;
      if (typeof body.closedThrough === 'string' || body.closedThrough === null) patch.closedThrough = body.closedThrough as string | null;
      return sendJson(res, 200, companySummary(state.updateCompany(decodeURIComponent(companyMatch[1] ?? ''), patch)));
    }
    if (companyMatch && method === 'GET') return sendJson(res, 200, companySummary(state.company(decodeURIComponent(companyMatch[1] ?? ''))));
    const realmMatch = /^\/__sandbox\/realms\/([^/]+)\/(expire-access-tokens|expire-refresh-tokens|revoke)$/.exec(path);
    if (realmMatch && method === 'POST') {
      const realmId = decodeURIComponent(realmMatch[1] ?? '');
      state.company(realmId);
      if (realmMatch[2] === 'expire-access-tokens') return sendJson(res, 200, { realmId, expired: oauth.expireAccessTokens(realmId) });
      if (realmMatch[2] === 'expire-refresh-tokens') return sendJson(res, 200, { realmId, expired: oauth.expireRefreshTokens(realmId) });
      return sendJson(res, 200, { realmId, revoked: oauth.revokeRealm(realmId) });
    }
    if (path === '/__sandbox/faults') {
      if (method === 'GET') return sendJson(res, 200, { rules: injector.list().map(serializableRule) });
      if (method === 'POST') {
        injector.inject(faultRule(await jsonBody(req)));
        return sendJson(res, 201, { rules: injector.list().map(serializableRule) });
      }
      if (method === 'DELETE') {
        injector.clear();
        return sendJson(res, 200, { rules: [] });
      }
    }
    return sendJson(res, 404, { error: `no sandbox route ${method} ${path}` });
  } catch (error) {
    return sendJson(res, 400, { error: (error as Error).message });
  }
}

function serializableRule(rule: FaultRule): Record<string, unknown> {
  return { ...rule, path: rule.path instanceof RegExp ? rule.path.source : rule.path, times: rule.times === Infinity ? -1 : rule.times };
}

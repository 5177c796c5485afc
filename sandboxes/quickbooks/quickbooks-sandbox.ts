/**
 * A loopback HTTP server that stands in for Intuit (QuickBooks Online) in tests, benchmarks and offline dev:
 *   GET  /connect/oauth2                 consent page (Approve / Deny)       → authorizeUrl
 *   POST /oauth2/v1/tokens/bearer        code exchange and refresh            → tokenUrl
 *   POST /v2/oauth2/tokens/revoke        revoke a grant                       → revokeUrl
 *   GET  /op/v1/jwks, /v1/openid_connect/userinfo   OpenID bits for id_token validation
 *   /v3/company/{realmId}/…              Accounting API subset                → apiBaseUrl
 *   /__sandbox/…                         JSON controls (state, companies, token hooks, faults)
 * Point node-quickbooks and intuit-oauth at it through their static endpoint properties (reference §7.1).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin-routes';
import { renderConsentPage, renderErrorPage } from './authorize-page';
import type { Now } from './clock';
import type { CompanyOptions, CompanyState } from './company-seed';
import { FaultInjector, type FaultRule } from './fault-injection';
import { HttpError, parseFlatBody, readText, redirect, sendHtml, sendJson, sendRaw, stringifyQbo } from './http-kit';
import { faults as intuitFaults } from './intuit-faults';
import { OAuthServer, type RotationPolicy } from './oauth-server';
import { RequestReplay } from './request-replay';
import { SandboxState, type CommitEvent, type CompanyPatch, type RequestLogEntry } from './sandbox-state';
import { SchemaValidator } from './schema-validator';
import { RealmThrottle, type Limits } from './throttle';
import { faultReply, handleV3, newIntuitTid, parseV3Path, type Reply, type V3Deps } from './v3-api';
import { loadXsdModel } from './xsd-schema';

export type { CompanyOptions, CompanyState } from './company-seed';
export type { FaultRule } from './fault-injection';
export type { CommitEvent, CompanyPatch, RequestLogEntry, SandboxState } from './sandbox-state';

export interface QuickBooksSandboxOptions {
  /** Default '127.0.0.1' (loopback only). */
  host?: string;
  /** 0/undefined = a free port. */
  port?: number;
  clientId: string;
  clientSecret: string;
  /** Allowed OAuth redirect URIs (exact match, like Intuit's app settings). */
  redirectUris: string[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 100 days. */
  refreshTokenTtlSeconds?: number;
  /** Default 'always': each refresh returns a new refresh token; the superseded one → invalid_grant. */
  rotateRefreshTokens?: RotationPolicy;
  /** Default 500 per minute / 10 concurrent per realm (batch endpoint: 120 per minute). */
  limits?: Limits;
  /** Added to every v3 API response. */
  latencyMs?: number;
  /** Default: one US company with Automated Sales Tax. */
  companies?: CompanyOptions[];
  /** Additions: authorization code lifetime (default 600 s), requestid retention (default 24 h), clock. */
  authCodeTtlSeconds?: number;
  requestIdRetentionMs?: number;
  now?: Now;
  /** Where Finance.xsd & co. live (default shared/specs/quickbooks beside the repository). */
  xsdDir?: string;
}

export interface QuickBooksSandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/connect/oauth2` (the consent page). */
  authorizeUrl: string;
  /** `${url}/oauth2/v1/tokens/bearer` */
  tokenUrl: string;
  /** `${url}/v2/oauth2/tokens/revoke` */
  revokeUrl: string;
  /** `${url}/v3/company/` (node-quickbooks V3_ENDPOINT_BASE_URL). */
  apiBaseUrl: string;
  /** `${url}/op/v1/jwks` (intuit-oauth `OAuthClient.jwks_uri`, for validateIdToken). */
  jwksUrl: string;
  /** `${url}/v1/openid_connect/userinfo` */
  userInfoUrl: string;
  /** Realm of the first company. */
  realmId: string;
  /** Typed in-memory model: companies and their entities, OAuth grants/tokens, request log, counters. */
  state: SandboxState;
  faults: { inject(rule: FaultRule): void; clear(): void; list(): FaultRule[] };
  /** Token hooks for tests (same as the /__sandbox/realms/{id}/… endpoints). */
  oauth: {
    expireAccessTokens(realmId: string): number;
    expireAccessToken(accessToken: string): boolean;
    expireRefreshTokens(realmId: string): number;
    /** As if the user disconnected the app in QuickBooks: every token of the realm stops working. */
    revokeRealm(realmId: string): number;
  };
  addCompany(options: CompanyOptions): CompanyState;
  /** Calls `listener` after every entity write in any company (benchmarks: when did the document exist). */
  onCommit(listener: (event: CommitEvent) => void): () => void;
  updateCompany(realmId: string, patch: CompanyPatch): CompanyState;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const CONSENT_TTL_MS = 30 * 60_000;

export async function startQuickBooksSandbox(options: QuickBooksSandboxOptions): Promise<QuickBooksSandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`QuickBooks sandbox listens on loopback only (got host ${host})`);
  const now = options.now ?? Date.now;
  const validator = new SchemaValidator(loadXsdModel(options.xsdDir));
  const oauth = new OAuthServer({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUris: options.redirectUris,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 100 * 86_400,
    rotateRefreshTokens: options.rotateRefreshTokens ?? 'always',
    codeTtlSeconds: options.authCodeTtlSeconds ?? 600,
  }, now);
  const state = new SandboxState(oauth, { perMinute: 500, concurrent: 10, batchPerMinute: 120, ...options.limits }, options.latencyMs ?? 0, now);
  for (const company of options.companies?.length ? options.companies : [{ country: 'US' as const, automatedSalesTax: true }]) state.addCompany(company);
  const throttle = new RealmThrottle(() => state.limits, now);
  const replay = new RequestReplay(now, options.requestIdRetentionMs);
  const injector = new FaultInjector();
  const deps: V3Deps = { state, oauth, replay, validator, now };
  const consents = new Map<string, { redirectUri: string; scope: string; state: string | null; expiresAt: number }>();

  // Every timer the server starts is tracked, so stop() leaves nothing behind.
  const timers = new Map<NodeJS.Timeout, () => void>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  let baseUrl = '';

  /** Sends a reply honouring latency and an injected drop; logs it. */
  const finish = async (req: http.IncomingMessage, res: http.ServerResponse, reply: Reply, extra: { started: number; realmId?: string; latencyMs: number; rule?: FaultRule | undefined }) => {
    const wait = extra.latencyMs + (extra.rule?.latencyMs ?? 0);
    if (wait > 0) await delay(wait);
    let outcome = reply.outcome;
    let status = reply.status;
    const drop = extra.rule?.commitThenDrop;
    if (drop === 'destroy') {
      outcome = 'dropped';
      status = 0;
      res.destroy();
      req.socket.destroy();
    } else if (drop === '504') {
      outcome = 'dropped';
      status = 504;
      sendRaw(res, 504, '<html><body><h1>504 Gateway Time-out</h1>The server didn\'t respond in time.</body></html>', 'text/html');
    } else {
      sendRaw(res, reply.status, reply.body, reply.contentType, { intuit_tid: newIntuitTid() });
    }
    const url = new URL(req.url ?? '/', baseUrl);
    const entry: RequestLogEntry = { at: extra.started, method: req.method ?? 'GET', path: url.pathname, status, durationMs: now() - extra.started, outcome };
    if (extra.realmId) entry.realmId = extra.realmId;
    if (reply.requestId) entry.requestId = reply.requestId;
    state.log(entry);
  };

  const injectedReply = (rule: FaultRule): Reply => {
    const status = rule.status ?? 500;
    if (rule.body !== undefined) return { status, body: stringifyQbo(rule.body), contentType: 'application/json;charset=UTF-8', outcome: 'injected' };
    if (status === 429 && !rule.fault) return faultReply(deps, intuitFaults.throttled(), 'injected');
    if (status === 401 && !rule.fault) return faultReply(deps, intuitFaults.authenticationFailed('Token expired (injected)'), 'injected');
    const defaults = status >= 500
      ? { code: '10000', message: 'An application error has occurred while processing your request', detail: `System Failure Error: injected ${status}`, type: 'SystemFault' }
      : { code: '6000', message: 'A business validation error has occurred while processing your request', detail: 'Business Validation Error: injected fault', type: 'ValidationFault' };
    const fault = { ...defaults, ...rule.fault };
    const body = { Fault: { Error: [{ Message: fault.message, Detail: fault.detail, code: fault.code, element: '' }], type: fault.type }, time: new Date(now()).toISOString() };
    return { status, body: stringifyQbo(body), contentType: 'application/json;charset=UTF-8', outcome: 'injected' };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = now();
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sandbox/')) {
      return handleAdmin({ state, injector, oauth, baseUrl: () => baseUrl }, req, res, url);
    }
    const v3 = parseV3Path(path);
    const rule = injector.take(method, path, v3?.realmId);
    if (rule?.reset) {
      state.log({ at: started, method, path, status: 0, durationMs: 0, outcome: 'reset', ...(v3 ? { realmId: v3.realmId } : {}) });
      req.socket.destroy();
      return;
    }

    if (v3) {
      const realm = v3.realmId;
      const counters = state.realmCounters(realm);
      state.counters.requests += 1;
      counters.requests += 1;
      const isBatch = (v3.rest[0] ?? '').toLowerCase() === 'batch';
      const slot = throttle.acquire(realm, isBatch);
      if (slot !== 'ok') {
        state.counters.throttled += 1;
        counters.throttled += 1;
        return finish(req, res, faultReply(deps, intuitFaults.throttled(), 'throttled'), { started, realmId: realm, latencyMs: 0 });
      }
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          throttle.release(realm);
        }
      };
      res.once('close', release);
      try {
        if (rule && rule.status !== undefined) {
          counters.injected += 1;
          return await finish(req, res, injectedReply(rule), { started, realmId: realm, latencyMs: state.latencyMs, rule: { ...rule, commitThenDrop: undefined } as FaultRule });
        }
        if (rule) counters.injected += 1;
        const reply = await handleV3(deps, req, url, realm, v3.rest, () => readText(req));
        return await finish(req, res, reply, { started, realmId: realm, latencyMs: state.latencyMs, rule });
      } finally {
        if (res.writableEnded || res.destroyed) release();
      }
    }

    const html = (status: number, body: string): Reply => ({ status, body, contentType: 'text/html; charset=utf-8', outcome: 'ok' });
    const jsonReply = (status: number, body: object): Reply => ({ status, body: JSON.stringify(body), contentType: 'application/json', outcome: 'ok' });
    if (rule && rule.status !== undefined) return finish(req, res, injectedReply(rule), { started, latencyMs: 0, rule: { ...rule, commitThenDrop: undefined } as FaultRule });

    if (path === '/connect/oauth2' && method === 'GET') {
      const params = url.searchParams;
      const clientId = params.get('client_id');
      const redirectUri = params.get('redirect_uri');
      // Never redirect to an unverified URI: show an error page instead (RFC 6749 §4.1.2.1).
      if (!oauth.isKnownClient(clientId)) return sendHtml(res, 400, renderErrorPage('Unknown app', `No app with client_id "${clientId ?? ''}" is registered with this sandbox.`));
      if (!oauth.isAllowedRedirect(redirectUri) || !redirectUri) return sendHtml(res, 400, renderErrorPage('Invalid redirect URI', `The redirect_uri "${redirectUri ?? ''}" is not registered for this app.`));
      const back = (error: string) => {
        const target = new URL(redirectUri);
        target.searchParams.set('error', error);
        const st = params.get('state');
        if (st !== null) target.searchParams.set('state', st);
        return redirect(res, target.toString());
      };
      if (params.get('response_type') !== 'code') return back('unsupported_response_type');
      const scope = (params.get('scope') ?? '').trim();
      if (!scope) return back('invalid_scope');
      const consentId = crypto.randomUUID();
      for (const [id, c] of consents) if (c.expiresAt < now() || consents.size > 1000) consents.delete(id);
      consents.set(consentId, { redirectUri, scope, state: params.get('state'), expiresAt: now() + CONSENT_TTL_MS });
      const companies = [...state.companies.values()].map((c) => ({ realmId: c.realmId, name: c.name, country: c.country }));
      return sendHtml(res, 200, renderConsentPage({ consentId, clientId: clientId ?? '', redirectUri, scopes: scope.split(/\s+/), companies }));
    }
    if (path === '/connect/oauth2/consent' && method === 'POST') {
      const form = parseFlatBody(await readText(req, 64 * 1024), req.headers['content-type']);
      const consent = form.consent_id ? consents.get(form.consent_id) : undefined;
      if (!consent || consent.expiresAt < now()) return sendHtml(res, 400, renderErrorPage('Consent expired', 'Start the connection again from the app.'));
      consents.delete(form.consent_id ?? '');
      const target = new URL(consent.redirectUri);
      if (form.decision === 'approve') {
        const realmId = form.realmId ?? '';
        if (!state.companies.has(realmId)) return sendHtml(res, 400, renderErrorPage('Unknown company', `No company with realm ${realmId}.`));
        target.searchParams.set('code', oauth.issueCode(consent.redirectUri, consent.scope, realmId));
        if (consent.state !== null) target.searchParams.set('state', consent.state);
        if (/com\.intuit\.quickbooks\.(accounting|payment)/.test(consent.scope)) target.searchParams.set('realmId', realmId);
      } else {
        target.searchParams.set('error', 'access_denied');
        if (consent.state !== null) target.searchParams.set('state', consent.state);
      }
      return redirect(res, target.toString());
    }
    if (path === '/oauth2/v1/tokens/bearer' && method === 'POST') {
      const body = parseFlatBody(await readText(req, 64 * 1024), req.headers['content-type']);
      const result = oauth.token(body, req.headers.authorization);
      return finish(req, res, jsonReply(result.status, result.body), { started, latencyMs: 0, rule });
    }
    if (path === '/v2/oauth2/tokens/revoke' && method === 'POST') {
      const body = parseFlatBody(await readText(req, 64 * 1024), req.headers['content-type']);
      const result = oauth.revoke(body.token, req.headers.authorization, body);
      return finish(req, res, jsonReply(result.status, result.body), { started, latencyMs: 0, rule });
    }
    if (path === '/op/v1/jwks' && method === 'GET') return sendJson(res, 200, oauth.jwks());
    if (path === '/v1/openid_connect/userinfo' && method === 'GET') {
      const token = (req.headers.authorization ?? '').replace(/^bearer\s+/i, '');
      const grant = oauth.grantForAccessToken(token);
      if (!grant) return sendJson(res, 401, { error: 'invalid_token' });
      return sendJson(res, 200, { sub: `sandbox-user-${grant.realmId ?? 'none'}`, email: 'owner@sandbox.example', emailVerified: true, givenName: 'Sandbox', familyName: 'Owner' });
    }
    if (path === '/' && method === 'GET') {
      return finish(req, res, html(200, renderErrorPage('QuickBooks sandbox', `API base ${baseUrl}/v3/company/ · consent ${baseUrl}/connect/oauth2 · state ${baseUrl}/__sandbox/state`)), { started, latencyMs: 0 });
    }
    return sendJson(res, 404, { error: `no route ${method} ${path}` });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('[quickbooks-sandbox]', error);
      if (!res.headersSent && !res.destroyed) sendJson(res, status, { error: (error as Error).message });
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

  let stopped: Promise<void> | null = null;
  return {
    url: baseUrl,
    authorizeUrl: `${baseUrl}/connect/oauth2`,
    tokenUrl: `${baseUrl}/oauth2/v1/tokens/bearer`,
    revokeUrl: `${baseUrl}/v2/oauth2/tokens/revoke`,
    apiBaseUrl: `${baseUrl}/v3/company/`,
    jwksUrl: `${baseUrl}/op/v1/jwks`,
    userInfoUrl: `${baseUrl}/v1/openid_connect/userinfo`,
    realmId: state.company().realmId,
    state,
    faults: { inject: (rule) => injector.inject(rule), clear: () => injector.clear(), list: () => injector.list() },
    oauth: {
      expireAccessTokens: (realmId) => oauth.expireAccessTokens(realmId),
      expireAccessToken: (token) => oauth.expireAccessToken(token),
      expireRefreshTokens: (realmId) => oauth.expireRefreshTokens(realmId),
      revokeRealm: (realmId) => oauth.revokeRealm(realmId),
    },
    addCompany: (company) => state.addCompany(company),
    onCommit(listener) {
      state.commitListeners.add(listener);
      return () => state.commitListeners.delete(listener);
    },
    updateCompany: (realmId, patch) => state.updateCompany(realmId, patch),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        for (const [timer, wake] of timers) {
          clearTimeout(timer);
          wake();
        }
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/**
 * The app's life in a store, as BigCommerce's login service and control panel drive it:
 * install (auth code → /oauth2/token), open (load with signed_payload_jwt), uninstall and remove_user
 * (server-to-server GETs), plus API tokens and the store-cancellation webhook.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import jwt from 'jsonwebtoken';
import {
  SandboxInputError,
  pushBounded,
  requireStore,
  type AccessToken,
  type CallbackResult,
  type ModelContext,
  type Store,
  type StoreUser,
  type UserRole,
} from './sandbox-state';

export interface AppRegistration {
  name: string;
  clientId: string;
  clientSecret: string;
  authCallbackUrl: string;
  loadCallbackUrl: string;
  uninstallCallbackUrl: string;
  removeUserCallbackUrl: string;
  scopes?: string[];
}

/** Read scopes a QuickBooks sync needs, plus inventory writes; used when the app registers none. */
export const DEFAULT_APP_SCOPES = [
  'store_v2_orders_read_only',
  'store_v2_transactions_read_only',
  'store_v2_customers_read_only',
  'store_v2_products_read_only',
  'store_inventory',
  'store_v2_information_read_only',
];

export interface SignedPayloadInput {
  storeHash: string;
  userId: number;
  url?: string;
  channelId?: number | null;
  overrides?: Record<string, unknown>;
  secret?: string;
  expiresInSeconds?: number;
}

export interface TokenExchangeResult {
  status: number;
  body: Record<string, unknown>;
}

const CALLBACK_TIMEOUT_MS = 5000;
const MAX_CALLBACK_LOG = 200;

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url').replace(/[-_]/g, '').toLowerCase();
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class AppLifecycle {
  /** The Dev Portal account that registered the app: the same for every store. */
  readonly accountUuid = randomUUID();
  private readonly pendingCallbacks = new Set<http.ClientRequest>();
  private apiAccountSeq = 0;

  constructor(
    private readonly ctx: ModelContext,
    readonly app: AppRegistration,
    private readonly authCodeTtlMs = 5 * 60_000,
  ) {}

  get grantedScope(): string {
    return (this.app.scopes ?? DEFAULT_APP_SCOPES).join(' ');
  }

  private user(store: Store, userId: number | undefined): StoreUser {
    const user = store.users.get(userId ?? store.ownerId);
    if (!user) throw new SandboxInputError(`user ${userId} is not a user of store ${store.hash}`, 404);
    return user;
  }

  /** Step 1 of an install: what the control panel loads in the iframe. */
  beginInstall(storeHash: string, userId?: number): { code: string; authCallbackUrl: string; user: StoreUser } {
    const store = requireStore(this.ctx.state, storeHash);
    const user = this.user(store, userId);
    if (user.role === 'user') throw new SandboxInputError(`user ${user.id} may not install apps (only the owner and authorized users)`, 403);
    const code = randomToken(12);
    this.ctx.state.authCodes.set(code, {
      code,
      storeHash,
      clientId: this.app.clientId,
      userId: user.id,
      scope: this.grantedScope,
      expiresAt: this.ctx.now() + this.authCodeTtlMs,
      used: false,
    });
    const url = new URL(this.app.authCallbackUrl);
    url.searchParams.set('code', code);
    url.searchParams.set('scope', this.grantedScope);
    url.searchParams.set('context', `stores/${storeHash}`);
    url.searchParams.set('account_uuid', this.accountUuid);
    return { code, authCallbackUrl: url.toString(), user };
  }

  /** POST /oauth2/token. */
  exchangeCode(body: Record<string, unknown>): TokenExchangeResult {
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    const clientId = field('client_id');
    const clientSecret = field('client_secret');
    if (!clientId || !clientSecret || clientId !== this.app.clientId || !safeEqual(clientSecret, this.app.clientSecret)) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client id or client secret.' } };
    }
    const missing = ['code', 'grant_type', 'redirect_uri'].filter((f) => !field(f));
    if (missing.length) return { status: 400, body: { error: 'invalid_request', error_description: `Missing: ${missing.join(', ')}` } };
    if (field('grant_type') !== 'authorization_code') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant_type must be authorization_code.' } };
    }
    const record = this.ctx.state.authCodes.get(field('code')!);
    if (!record || record.used || record.clientId !== clientId || record.expiresAt < this.ctx.now()) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'The authorization code is invalid, expired or already used.' } };
    }
    if (field('redirect_uri') !== this.app.authCallbackUrl) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'redirect_uri does not match the auth callback URL registered for the app.' } };
    }
    const context = field('context');
    if (context !== undefined && context !== `stores/${record.storeHash}`) {
      return { status: 400, body: { error: 'invalid_grant', error_description: `context does not match the code (stores/${record.storeHash}).` } };
    }
    const store = this.ctx.state.stores.get(record.storeHash);
    const user = store?.users.get(record.userId);
    if (!store || !user) return { status: 400, body: { error: 'invalid_grant', error_description: 'The store or user no longer exists.' } };

    record.used = true;
    this.ctx.state.authCodes.delete(record.code);
    // A new token replaces the client's previous one for this store (re-install, scope change).
    this.revokeTokens(store.hash, clientId);
    const token = this.issueToken(store.hash, clientId, record.scope, user.id);
    store.app = { installed: true, scope: record.scope, installedAt: this.ctx.now(), installedByUserId: user.id };
    const owner = store.users.get(store.ownerId);
    return {
      status: 200,
      body: {
        access_token: token.token,
        scope: record.scope,
        user: { id: user.id, username: user.username, email: user.email },
        owner: { id: owner?.id ?? store.ownerId, username: owner?.username ?? '', email: owner?.email ?? '' },
        context: `stores/${store.hash}`,
        account_uuid: this.accountUuid,
      },
    };
  }

  private issueToken(storeHash: string, clientId: string, scope: string, userId: number): AccessToken {
    const token: AccessToken = { token: randomToken(24), storeHash, clientId, scope, userId, createdAt: this.ctx.now(), revoked: false };
    this.ctx.state.tokens.set(token.token, token);
    return token;
  }

  private revokeTokens(storeHash: string, clientId: string): void {
    for (const token of this.ctx.state.tokens.values()) {
      if (token.storeHash === storeHash && token.clientId === clientId) token.revoked = true;
    }
  }

  /** A store-level API account token (no OAuth dance): for tests and benchmarks of API clients. */
  createApiAccount(storeHash: string, input: { clientId?: string; scope?: string }): AccessToken {
    const store = requireStore(this.ctx.state, storeHash);
    const clientId = input.clientId ?? `sandbox-api-account-${++this.apiAccountSeq}`;
    return this.issueToken(store.hash, clientId, input.scope ?? this.grantedScope, store.ownerId);
  }

  /** The token record if it is valid for this store. */
  authenticate(token: string | undefined, storeHash: string): AccessToken | null {
    if (!token) return null;
    const record = this.ctx.state.tokens.get(token);
    if (!record || record.revoked || record.storeHash !== storeHash) return null;
    return record;
  }

  signPayloadJwt(input: SignedPayloadInput): string {
    const store = requireStore(this.ctx.state, input.storeHash);
    const overrideUser = input.overrides?.user;
    const user = store.users.get(input.userId);
    if (!user && overrideUser === undefined) throw new SandboxInputError(`user ${input.userId} is not a user of store ${store.hash}`, 404);
    const owner = store.users.get(store.ownerId);
    const iat = Math.floor(this.ctx.now() / 1000);
    const claims: Record<string, unknown> = {
      aud: this.app.clientId,
      iss: 'bc',
      iat,
      // Every real example has nbf = iat − 5 s (the docs' prose says equal; the examples win).
      nbf: iat - 5,
      exp: iat + (input.expiresInSeconds ?? 86_400),
      jti: randomUUID(),
      sub: `stores/${store.hash}`,
      user: user ? { id: user.id, email: user.email, locale: user.locale } : undefined,
      owner: { id: owner?.id ?? store.ownerId, email: owner?.email ?? '' },
      url: input.url ?? '/',
      channel_id: input.channelId ?? null,
      ...input.overrides,
    };
    // jsonwebtoken keeps the iat we set (it only fills iat when absent).
    return jwt.sign(claims, input.secret ?? this.app.clientSecret, { algorithm: 'HS256' });
  }

  /** Step "Open": the URL the control panel puts in the iframe. */
  loadUrl(storeHash: string, userId: number | undefined, url?: string, channelId?: number | null): string {
    const store = requireStore(this.ctx.state, storeHash);
    const user = this.user(store, userId);
    if (!store.app.installed) throw new SandboxInputError(`${this.app.name} is not installed on store ${store.hash}`, 422);
    const target = new URL(this.app.loadCallbackUrl);
    target.searchParams.set(
      'signed_payload_jwt',
      this.signPayloadJwt({ storeHash, userId: user.id, ...(url ? { url } : {}), ...(channelId !== undefined ? { channelId } : {}) }),
    );
    return target.toString();
  }

  /** Uninstall: revoke tokens, delete the client's hooks, then tell the app (best effort). */
  async uninstall(storeHash: string, userId?: number): Promise<CallbackResult> {
    const store = requireStore(this.ctx.state, storeHash);
    const user = this.user(store, userId);
    if (user.role === 'user') throw new SandboxInputError(`user ${user.id} may not uninstall apps`, 403);
    if (!store.app.installed) throw new SandboxInputError(`${this.app.name} is not installed on store ${store.hash}`, 422);
    const jwtToken = this.signPayloadJwt({ storeHash, userId: user.id });
    this.revokeTokens(store.hash, this.app.clientId);
    for (const [id, hook] of store.hooks) if (hook.clientId === this.app.clientId) store.hooks.delete(id);
    store.app = { ...store.app, installed: false, uninstalledAt: this.ctx.now() };
    return this.callApp('uninstall', store.hash, user.id, this.app.uninstallCallbackUrl, jwtToken);
  }

  addUser(storeHash: string, input: { email: string; username?: string; locale?: string; role?: UserRole }): StoreUser {
    const store = requireStore(this.ctx.state, storeHash);
    if (input.role === 'owner') throw new SandboxInputError('a store has exactly one owner', 422);
    if ([...store.users.values()].some((u) => u.email === input.email)) throw new SandboxInputError(`user ${input.email} already exists`, 409);
    const user: StoreUser = {
      id: ++this.ctx.state.ids.user,
      email: input.email,
      username: input.username ?? input.email,
      locale: input.locale ?? 'en-US',
      role: input.role ?? 'user',
    };
    store.users.set(user.id, user);
    return user;
  }

  /** Removes a user; when the app is installed, BigCommerce calls remove_user for them. */
  async removeUser(storeHash: string, userId: number): Promise<CallbackResult | null> {
    const store = requireStore(this.ctx.state, storeHash);
    const user = this.user(store, userId);
    if (user.id === store.ownerId) throw new SandboxInputError('the store owner cannot be removed', 422);
    const jwtToken = store.app.installed ? this.signPayloadJwt({ storeHash, userId: user.id }) : null;
    store.users.delete(user.id);
    if (!jwtToken) return null;
    return this.callApp('remove_user', store.hash, user.id, this.app.removeUserCallbackUrl, jwtToken);
  }

  /** store/app/uninstalled: production fires it when the store is cancelled, not on app uninstall. */
  cancelStore(storeHash: string): void {
    const store = requireStore(this.ctx.state, storeHash);
    this.ctx.emit(store.hash, 'store/app/uninstalled', { type: 'store' });
  }

  private callApp(kind: CallbackResult['kind'], storeHash: string, userId: number, callbackUrl: string, payload: string): Promise<CallbackResult> {
    const url = new URL(callbackUrl);
    url.searchParams.set('signed_payload_jwt', payload);
    const result: CallbackResult = { at: this.ctx.now(), storeHash, kind, url: callbackUrl, userId, status: null };
    pushBounded(this.ctx.state.callbacks, result, MAX_CALLBACK_LOG);
    return new Promise((resolve) => {
      const request = (url.protocol === 'https:' ? https : http).get(url, { agent: false, headers: { Accept: 'application/json' } });
      this.pendingCallbacks.add(request);
      const timer = setTimeout(() => request.destroy(new Error(`timeout after ${CALLBACK_TIMEOUT_MS} ms`)), CALLBACK_TIMEOUT_MS);
      const done = (status: number | null, error?: string) => {
        clearTimeout(timer);
        this.pendingCallbacks.delete(request);
        result.status = status;
        if (error) result.error = error;
        resolve(result);
      };
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? null));
        response.on('error', (error) => done(response.statusCode ?? null, error.message));
      });
      request.on('error', (error) => done(null, error.message));
    });
  }

  stop(): void {
    for (const request of this.pendingCallbacks) request.destroy(new Error('sandbox stopped'));
    this.pendingCallbacks.clear();
  }
}

/** Scope families the REST routes need, read (`read`) or write. */
export type ScopeFamily = 'orders' | 'transactions' | 'customers' | 'products' | 'inventory' | 'information';

export function scopeNames(family: ScopeFamily, access: 'read' | 'write'): string[] {
  const base = family === 'inventory' ? 'store_inventory' : `store_v2_${family}`;
  return access === 'write' ? [base] : [base, `${base}_read_only`];
}

/** True when the space-separated `granted` scope list allows any of the accepted (family, access) pairs. */
export function scopeAllows(granted: string, accepted: readonly (readonly [ScopeFamily, 'read' | 'write'])[]): boolean {
  const have = new Set(granted.split(/\s+/).filter(Boolean));
  return accepted.some(([family, access]) => scopeNames(family, access).some((name) => have.has(name)));
}

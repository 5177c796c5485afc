/**
 * Intuit's OAuth 2.0 semantics (reference §1): single-use authorization codes (10 minutes, bound to the
 * redirect_uri; a second exchange fails with invalid_grant and also revokes what the first one issued, as
 * Intuit staff describe), bearer access tokens with a TTL, rolling refresh tokens with configurable rotation
 * (a superseded, revoked or expired refresh token → 400 invalid_grant), revocation of the whole grant, and an
 * optional RS256 id_token verifiable through the sandbox's JWKS. Tokens are opaque random strings.
 */
import crypto from 'node:crypto';
import type { Now } from './clock';

export type RotationPolicy = 'always' | 'daily' | 'never';

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  rotateRefreshTokens: RotationPolicy;
  codeTtlSeconds: number;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  realmId: string | undefined;
  scope: string;
  expiresAt: number;
  used: boolean;
  grantId?: string;
}

export interface Grant {
  id: string;
  realmId: string | undefined;
  scope: string;
  createdAt: number;
  revoked: boolean;
  refreshToken: string;
  refreshIssuedAt: number;
  refreshExpiresAt: number;
  refreshCount: number;
}

export interface AccessTokenRecord {
  grantId: string;
  realmId: string | undefined;
  expiresAt: number;
}

export interface TokenResponse {
  status: number;
  body: Record<string, string | number>;
}

const ISSUER = 'https://oauth.platform.intuit.com/op/v1';
const DAY_MS = 86_400_000;

const randomToken = (prefix: string, bytes = 32) => `${prefix}${crypto.randomBytes(bytes).toString('base64url')}`;

export class OAuthServer {
  readonly codes = new Map<string, AuthCode>();
  readonly grants = new Map<string, Grant>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  /** Every refresh token ever issued → its grant, and whether a newer one replaced it. */
  readonly refreshTokens = new Map<string, { grantId: string; superseded: boolean }>();
  private signingKey: { kid: string; privateKey: crypto.KeyObject; jwk: crypto.JsonWebKey } | undefined;
  private issued = 0;

  constructor(
    readonly config: OAuthConfig,
    private readonly now: Now,
  ) {}

  isKnownClient(clientId: string | null): boolean {
    return clientId === this.config.clientId;
  }

  isAllowedRedirect(uri: string | null): boolean {
    return uri !== null && this.config.redirectUris.includes(uri);
  }

  /** Issues a code after consent. `realmId` only for accounting/payment scopes, like Intuit. */
  issueCode(redirectUri: string, scope: string, realmId: string | undefined): string {
    const code = randomToken('AB11', 24);
    const wantsRealm = /com\.intuit\.quickbooks\.(accounting|payment)/.test(scope);
    this.codes.set(code, {
      clientId: this.config.clientId,
      redirectUri,
      realmId: wantsRealm ? realmId : undefined,
      scope,
      expiresAt: this.now() + this.config.codeTtlSeconds * 1000,
      used: false,
    });
    return code;
  }

  /** Client authentication: HTTP Basic (what intuit-oauth and node-quickbooks send) or body credentials. */
  authenticateClient(authorization: string | undefined, body: Record<string, string>): boolean {
    let id = body.client_id;
    let secret = body.client_secret;
    if (authorization?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, i));
      secret = decodeURIComponent(decoded.slice(i + 1));
    }
    if (id === undefined || secret === undefined) return false;
    const expected = Buffer.from(`${this.config.clientId}\n${this.config.clientSecret}`);
    const given = Buffer.from(`${id}\n${secret}`);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }

  token(body: Record<string, string>, authorization: string | undefined): TokenResponse {
    if (!this.authenticateClient(authorization, body)) return { status: 401, body: { error: 'invalid_client' } };
    this.sweep();
    const grantType = body.grant_type;
    if (grantType === 'authorization_code') return this.exchangeCode(body);
    if (grantType === 'refresh_token') return this.refresh(body.refresh_token);
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  private exchangeCode(body: Record<string, string>): TokenResponse {
    const code = body.code ? this.codes.get(body.code) : undefined;
    if (!code) return { status: 400, body: { error: 'invalid_grant' } };
    if (code.used) {
      // Replaying a code poisons the grant it produced (reference §1.4 / trap 8).
      if (code.grantId) this.revokeGrant(code.grantId);
      return { status: 400, body: { error: 'invalid_grant', error_description: 'authorization code already used' } };
    }
    if (code.expiresAt <= this.now()) return { status: 400, body: { error: 'invalid_grant', error_description: 'authorization code expired' } };
    if (body.redirect_uri !== code.redirectUri) return { status: 400, body: { error: 'invalid_grant', error_description: 'redirect_uri mismatch' } };
    code.used = true;
    const now = this.now();
    const grant: Grant = {
      id: crypto.randomUUID(),
      realmId: code.realmId,
      scope: code.scope,
      createdAt: now,
      revoked: false,
      refreshToken: randomToken('RT1-'),
      refreshIssuedAt: now,
      refreshExpiresAt: now + this.config.refreshTokenTtlSeconds * 1000,
      refreshCount: 0,
    };
    code.grantId = grant.id;
    this.grants.set(grant.id, grant);
    this.refreshTokens.set(grant.refreshToken, { grantId: grant.id, superseded: false });
    return this.tokenResponse(grant, true, now);
  }

  private refresh(refreshToken: string | undefined): TokenResponse {
    const record = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    const grant = record ? this.grants.get(record.grantId) : undefined;
    if (!record || !grant) return { status: 400, body: { error: 'invalid_grant', error_description: 'Incorrect or invalid refresh token' } };
    if (grant.revoked) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token revoked' } };
    if (record.superseded) return { status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token not found (superseded by a newer one)' } };
    const now = this.now();
    if (grant.refreshExpiresAt <= now) return { status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token expired' } };
    const policy = this.config.rotateRefreshTokens;
    const rotate = policy === 'always' || (policy === 'daily' && now - grant.refreshIssuedAt >= DAY_MS);
    if (rotate) {
      record.superseded = true;
      grant.refreshToken = randomToken('RT1-');
      grant.refreshIssuedAt = now;
      this.refreshTokens.set(grant.refreshToken, { grantId: grant.id, superseded: false });
    }
    // Rolling lifetime: every successful refresh restarts the refresh token's clock.
    grant.refreshExpiresAt = now + this.config.refreshTokenTtlSeconds * 1000;
    grant.refreshCount += 1;
    return this.tokenResponse(grant, false, now);
  }

  /** `now` is the instant the grant was (re)issued, so expires_in values are exact. */
  private tokenResponse(grant: Grant, withIdToken: boolean, now: number): TokenResponse {
    const accessToken = randomToken('eyJ.sandbox.', 48);
    this.accessTokens.set(accessToken, { grantId: grant.id, realmId: grant.realmId, expiresAt: now + this.config.accessTokenTtlSeconds * 1000 });
    this.issued += 1;
    const body: Record<string, string | number> = {
      token_type: 'bearer',
      access_token: accessToken,
      expires_in: this.config.accessTokenTtlSeconds,
      refresh_token: grant.refreshToken,
      x_refresh_token_expires_in: Math.max(0, Math.floor((grant.refreshExpiresAt - now) / 1000)),
    };
    if (withIdToken && grant.scope.split(/\s+/).includes('openid')) body.id_token = this.idToken(grant);
    return { status: 200, body };
  }

  /** `POST /v2/oauth2/tokens/revoke`: either token of a grant revokes the whole grant. Unknown tokens → 200 too. */
  revoke(token: string | undefined, authorization: string | undefined, body: Record<string, string>): TokenResponse {
    if (!this.authenticateClient(authorization, body)) return { status: 401, body: { error: 'invalid_client' } };
    if (!token) return { status: 400, body: { error: 'invalid_request', error_description: 'token is required' } };
    const grantId = this.refreshTokens.get(token)?.grantId ?? this.accessTokens.get(token)?.grantId;
    if (grantId) this.revokeGrant(grantId);
    return { status: 200, body: {} };
  }

  /** Checks a bearer token for a v3 call on `realmId`. */
  checkAccess(authorization: string | undefined, realmId: string): { ok: true; record: AccessTokenRecord } | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'revoked' | 'wrong-realm' } {
    if (!authorization?.toLowerCase().startsWith('bearer ')) return { ok: false, reason: 'missing' };
    const record = this.accessTokens.get(authorization.slice(7).trim());
    if (!record) return { ok: false, reason: 'invalid' };
    const grant = this.grants.get(record.grantId);
    if (!grant || grant.revoked) return { ok: false, reason: 'revoked' };
    if (record.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    if (record.realmId !== realmId) return { ok: false, reason: 'wrong-realm' };
    return { ok: true, record };
  }

  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  /** Test hook: the user disconnected the app in QBO. */
  revokeRealm(realmId: string): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.realmId === realmId && !grant.revoked) {
        grant.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  /** Test hook: every access token of the realm (or one token) expires now; refresh tokens stay valid. */
  expireAccessTokens(realmId: string): number {
    let count = 0;
    const now = this.now();
    for (const record of this.accessTokens.values()) {
      if (record.realmId === realmId && record.expiresAt > now) {
        record.expiresAt = now;
        count += 1;
      }
    }
    return count;
  }

  expireAccessToken(token: string): boolean {
    const record = this.accessTokens.get(token);
    if (!record) return false;
    record.expiresAt = Math.min(record.expiresAt, this.now());
    return true;
  }

  /** Test hook: refresh tokens of the realm are past their (100-day / 5-year) lifetime. */
  expireRefreshTokens(realmId: string): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.realmId === realmId) {
        grant.refreshExpiresAt = this.now();
        count += 1;
      }
    }
    return count;
  }

  jwks(): { keys: crypto.JsonWebKey[] } {
    const key = this.key();
    return { keys: [{ ...key.jwk, kid: key.kid, use: 'sig', alg: 'RS256' }] };
  }

  /** Grant behind an access token (userinfo). */
  grantForAccessToken(token: string): Grant | undefined {
    const record = this.accessTokens.get(token);
    if (!record || record.expiresAt <= this.now()) return undefined;
    const grant = this.grants.get(record.grantId);
    return grant && !grant.revoked ? grant : undefined;
  }

  private idToken(grant: Grant): string {
    const key = this.key();
    const now = Math.floor(this.now() / 1000);
    const header = { alg: 'RS256', kid: key.kid, typ: 'JWT' };
    const payload = { sub: `sandbox-user-${grant.realmId ?? 'none'}`, aud: [this.config.clientId], realmid: grant.realmId, auth_time: now, iss: ISSUER, exp: now + 3600, iat: now };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode(header)}.${encode(payload)}`;
    const signature = crypto.sign('RSA-SHA256', Buffer.from(input), key.privateKey).toString('base64url');
    return `${input}.${signature}`;
  }

  /** RSA key generated on first use only (≈50 ms), so sandboxes without openid start instantly. */
  private key() {
    if (!this.signingKey) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.signingKey = { kid: crypto.randomUUID(), privateKey, jwk: publicKey.export({ format: 'jwk' }) };
    }
    return this.signingKey;
  }

  /** Drops expired codes and access tokens now and then, so long benchmark runs keep memory flat. */
  private sweep(): void {
    if (this.issued % 200 !== 0 && this.codes.size + this.accessTokens.size < 5000) return;
    const now = this.now();
    for (const [code, record] of this.codes) if (record.expiresAt + 3_600_000 < now) this.codes.delete(code);
    for (const [token, record] of this.accessTokens) if (record.expiresAt + 3_600_000 < now) this.accessTokens.delete(token);
  }
}

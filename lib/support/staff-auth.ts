/**
 * Support staff sign-in, session check and sign-out (cookie format: lib/support/support-session.ts).
 *
 * Sign-in: the attempt is counted against the username and the client IP first (at most LOGIN_LIMITS.maxFailures
 * per window each → SupportLoginThrottledError, 429 with Retry-After), then the password is checked with scrypt and
 * a constant-time comparison. An unknown username is checked against a dummy hash, so it costs the same time and
 * gets the same answer as a wrong password. Success gives the attempts back, creates the server-side session and
 * returns the signed cookie value. Every outcome is written to the staff audit.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { ThrottleLimits } from '@/lib/firestore/support-repository';
import { hashPassword, parsePasswordHash, verifyPassword, DEFAULT_SCRYPT_PARAMS } from './password-hash';
import type { SupportDeps } from './support-deps';
import { SupportInvalidCredentialsError, SupportLoginThrottledError, SupportUnauthenticatedError } from './support-errors';
import { newSessionId, signSessionId, supportSessionKey, verifySessionCookie } from './support-session';
import { recordStaffAction, type StaffActor } from './staff-audit';

export const LOGIN_LIMITS: ThrottleLimits = { maxFailures: 5, windowMs: 15 * 60_000 };

const USERNAME = /^[a-z0-9._@-]{1,64}$/;

export const LoginInput = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1024),
});

export interface StaffSession {
  username: string;
  sessionId: string;
  expiresAt: number;
}

export interface LoginResult {
  username: string;
  cookieValue: string;
  expiresAt: number;
  maxAgeSeconds: number;
}

// An unknown username is checked against this, with the configured hashes' cost, so timing does not tell.
let dummy: { params: string; hash: Promise<string> } | undefined;
function dummyHash(deps: SupportDeps): Promise<string> {
  const first = deps.config.support.staff.values().next().value;
  const parsed = first ? parsePasswordHash(first) : undefined;
  const params = parsed ? { N: parsed.N, r: parsed.r, p: parsed.p } : DEFAULT_SCRYPT_PARAMS;
  const key = `${params.N}:${params.r}:${params.p}`;
  if (dummy?.params !== key) dummy = { params: key, hash: hashPassword(newSessionId(), params) };
  return dummy.hash;
}

/** The username as the audit may show it: never free text (a password typed into the wrong field). */
function auditableUsername(username: string): string {
  return USERNAME.test(username) ? username : '(not a valid username)';
}

export async function loginStaff(
  deps: SupportDeps,
  body: unknown,
  client: { ip: string; userAgent?: string },
): Promise<LoginResult> {
  const input = LoginInput.parse(body);
  const username = input.username.toLowerCase();
  const actor: StaffActor = { username: auditableUsername(username), ip: client.ip };
  const nowMs = deps.clock();
  // Warm the dummy hash while the throttle is checked: the first unknown username costs no extra time either.
  const fallbackHash = dummyHash(deps);

  const decision = await deps.support.reserveAttempt(
    [
      { kind: 'username', value: username },
      { kind: 'ip', value: client.ip },
    ],
    LOGIN_LIMITS,
    nowMs,
  );
  if (!decision.allowed) {
    await recordStaffAction(deps.support, actor, 'login_throttled', {}, nowMs);
    throw new SupportLoginThrottledError(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  }

  const stored = deps.config.support.staff.get(username);
  const matches = await verifyPassword(input.password, stored ?? (await fallbackHash));
  if (!stored || !matches) {
    await recordStaffAction(deps.support, actor, 'login_failed', { detail: { reason: stored ? 'wrong_password' : 'unknown_username' } }, nowMs);
    throw new SupportInvalidCredentialsError();
  }

  await deps.support.releaseAttempt(username, client.ip);
  const ttlSeconds = deps.config.support.sessionTtlSeconds;
  const sessionId = newSessionId();
  const expiresAt = nowMs + ttlSeconds * 1000;
  await deps.support.createSession(sessionId, {
    username,
    createdAt: Timestamp.fromMillis(nowMs),
    expiresAt: Timestamp.fromMillis(expiresAt),
    ip: client.ip,
    ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 300) } : {}),
  });
  await recordStaffAction(deps.support, actor, 'login', {}, nowMs);
  return {
    username,
    cookieValue: signSessionId(sessionId, supportSessionKey(deps.config.session.secret)),
    expiresAt,
    maxAgeSeconds: ttlSeconds,
  };
}

/** The signed-in staff member behind a cookie value, or SupportUnauthenticatedError. */
export async function authenticateStaff(deps: SupportDeps, cookieValue: string | undefined): Promise<StaffSession> {
  const sessionId = verifySessionCookie(cookieValue, supportSessionKey(deps.config.session.secret));
  if (!sessionId) throw new SupportUnauthenticatedError(cookieValue ? 'cookie not signed by us' : 'no cookie');
  const record = await deps.support.getSession(sessionId);
  if (!record) throw new SupportUnauthenticatedError('session unknown or signed out');
  if (record.expiresAt.toMillis() <= deps.clock()) throw new SupportUnauthenticatedError('session expired');
  // Removing someone from SUPPORT_STAFF ends their sessions at the next request.
  if (!deps.config.support.staff.has(record.username)) {
    await deps.support.deleteSession(sessionId);
    throw new SupportUnauthenticatedError('no longer a staff member');
  }
  return { username: record.username, sessionId, expiresAt: record.expiresAt.toMillis() };
}

/** Revokes the session server-side (the cookie alone is worthless afterwards). */
export async function logoutStaff(deps: SupportDeps, session: StaffSession, ip: string): Promise<void> {
  await deps.support.deleteSession(session.sessionId);
  await recordStaffAction(deps.support, { username: session.username, ip }, 'logout', {}, deps.clock());
}

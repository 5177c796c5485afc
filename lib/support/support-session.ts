/**
 * The support view's session cookie. The support pages are top-level pages on the app's own origin (never in the
 * control-panel iframe, never framed), so unlike the app they can use a cookie:
 *
 *   name   `__Host-qbo_support` over https (`qbo_support` on plain-http dev): Path=/, no Domain
 *   value  `{session id}.{HMAC-SHA256(session id)}`: 256 random bits, signed with a key derived (HKDF) from
 *          APP_SESSION_SECRET, so a forged or altered cookie is refused before Firestore is asked
 *   flags  HttpOnly; SameSite=Strict; Secure when APP_URL is https; Max-Age = SUPPORT_SESSION_TTL_SECONDS
 *
 * The server keeps supportSessions/{sha256(id)} (lib/firestore/support-repository.ts) with the username and
 * expiry: logout deletes it, and a session only counts while that document lives and has not expired.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const COOKIE = 'qbo_support';
const SECURE_COOKIE = `__Host-${COOKIE}`;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

/** A key for this purpose only: a support cookie MAC can never double as an app session token signature. */
export function supportSessionKey(appSessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSessionSecret, 'qbo-sync', 'support-session-cookie v1', 32));
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

function mac(sessionId: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(sessionId).digest();
}

export function signSessionId(sessionId: string, key: Buffer): string {
  return `${sessionId}.${mac(sessionId, key).toString('base64url')}`;
}

/** The session id of a cookie value we signed, or undefined (malformed, forged, altered, other key). */
export function verifySessionCookie(value: string | undefined, key: Buffer): string | undefined {
  if (!value || value.length > 200) return undefined;
  const [sessionId, signature, extra] = value.split('.');
  if (extra !== undefined || !sessionId || !signature || !SESSION_ID.test(sessionId) || !MAC.test(signature)) return undefined;
  // Compare the text, not decoded bytes: base64url's last character has spare bits, so decoding would also accept
  // variants of a valid signature.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(mac(sessionId, key).toString('base64url'), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? sessionId : undefined;
}

export function isHttpsAppUrl(appUrl: string): boolean {
  return appUrl.startsWith('https://');
}

export function sessionCookieName(appUrl: string): string {
  return isHttpsAppUrl(appUrl) ? SECURE_COOKIE : COOKIE;
}

function attributes(appUrl: string, maxAgeSeconds: number): string {
  return ['Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(isHttpsAppUrl(appUrl) ? ['Secure'] : [])].join('; ');
}

export function sessionCookieHeader(appUrl: string, value: string, maxAgeSeconds: number): string {
  return `${sessionCookieName(appUrl)}=${value}; ${attributes(appUrl, maxAgeSeconds)}`;
}

export function clearedSessionCookieHeader(appUrl: string): string {
  return `${sessionCookieName(appUrl)}=; ${attributes(appUrl, 0)}`;
}

/** One cookie's value from a Cookie header (the first, if repeated). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

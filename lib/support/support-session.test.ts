import {
  clearedSessionCookieHeader,
  newSessionId,
  readCookie,
  sessionCookieHeader,
  sessionCookieName,
  signSessionId,
  supportSessionKey,
  verifySessionCookie,
} from './support-session';
import { clientIp } from './client-ip';

const key = supportSessionKey('x'.repeat(48));

describe('support session cookie', () => {
  it('verifies a value it signed and returns the session id', () => {
    const id = newSessionId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifySessionCookie(signSessionId(id, key), key)).toBe(id);
  });

  it('refuses forged, altered, foreign-key and malformed values', () => {
    const id = newSessionId();
    const value = signSessionId(id, key);
    const [, mac] = value.split('.');
    const otherKey = supportSessionKey('y'.repeat(48));
    const flipped = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${mac}`;
    for (const bad of [
      flipped,
      `${id}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`,
      signSessionId(id, otherKey),
      id,
      `${value}.extra`,
      '',
      'a.b',
      `${'A'.repeat(43)}.${'A'.repeat(43)}`,
      'x'.repeat(500),
    ]) {
      expect(verifySessionCookie(bad, key)).toBeUndefined();
    }
    expect(verifySessionCookie(undefined, key)).toBeUndefined();
  });

  it('derives a key of its own from the app secret (not the secret itself)', () => {
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.from('x'.repeat(48)).subarray(0, 32))).toBe(false);
    expect(supportSessionKey('x'.repeat(48)).equals(key)).toBe(true);
  });

  it('sets HttpOnly, SameSite=Strict, Path=/ and, over https, Secure with the __Host- prefix', () => {
    const secure = sessionCookieHeader('https://app.example.com', 'v', 28_800);
    expect(secure).toBe('__Host-qbo_support=v; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict; Secure');
    const local = sessionCookieHeader('http://localhost:3000', 'v', 60);
    expect(local).toBe('qbo_support=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(clearedSessionCookieHeader('https://app.example.com')).toMatch(/^__Host-qbo_support=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict; Secure$/);
    expect(sessionCookieName('https://a.example')).toBe('__Host-qbo_support');
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; qbo_support=abc.def; b=2', 'qbo_support')).toBe('abc.def');
    expect(readCookie('xqbo_support=1', 'qbo_support')).toBeUndefined();
    expect(readCookie(undefined, 'qbo_support')).toBeUndefined();
  });
});

describe('client address', () => {
  it('takes the entry the trusted proxies vouch for, not what the client wrote further left', () => {
    expect(clientIp('6.6.6.6, 203.0.113.9', '10.0.0.1', 1)).toBe('203.0.113.9');
    expect(clientIp('6.6.6.6, 203.0.113.9, 10.0.0.7', '10.0.0.1', 2)).toBe('203.0.113.9');
    expect(clientIp(['6.6.6.6', '203.0.113.9'], '10.0.0.1', 1)).toBe('203.0.113.9');
  });

  it('uses the socket address without trusted proxies or without the header', () => {
    expect(clientIp('6.6.6.6', '::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientIp(undefined, '::1', 1)).toBe('::1');
    expect(clientIp('not an address', '127.0.0.1', 1)).toBe('127.0.0.1');
    expect(clientIp(undefined, undefined, 1)).toBe('unknown');
  });
});

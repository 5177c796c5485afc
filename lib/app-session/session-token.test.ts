import jwt from 'jsonwebtoken';
import {
  InvalidAppSessionError,
  signAppSessionToken,
  verifyAppSessionToken,
} from './session-token';

const secret = 'a'.repeat(40);

describe('app session token', () => {
  it('round-trips store and user', () => {
    const { token, expiresAt } = signAppSessionToken({ storeHash: 'abc123', userId: 7 }, { secret, ttlSeconds: 600 });
    expect(verifyAppSessionToken(token, { secret })).toEqual({ storeHash: 'abc123', userId: 7 });
    expect(expiresAt).toBeGreaterThan(Date.now() + 590_000);
  });

  it('rejects a token signed with another secret', () => {
    const { token } = signAppSessionToken({ storeHash: 'abc123', userId: 7 }, { secret: 'b'.repeat(40), ttlSeconds: 600 });
    expect(() => verifyAppSessionToken(token, { secret })).toThrow(InvalidAppSessionError);
  });

  it('rejects an expired token', () => {
    const token = jwt.sign({ uid: 7, exp: Math.floor(Date.now() / 1000) - 5 }, secret, {
      subject: 'abc123',
      issuer: 'qbo-sync',
      audience: 'qbo-sync-app',
    });
    expect(() => verifyAppSessionToken(token, { secret })).toThrow(/expired/);
  });

  it('rejects a BigCommerce JWT replayed as an app session (wrong audience and issuer)', () => {
    const token = jwt.sign({ sub: 'stores/abc123', uid: 7 }, secret, { issuer: 'bc', audience: 'client' });
    expect(() => verifyAppSessionToken(token, { secret })).toThrow(InvalidAppSessionError);
  });

  it('rejects alg none', () => {
    const unsigned = jwt.sign({ uid: 7 }, '', { algorithm: 'none', subject: 'abc123', issuer: 'qbo-sync', audience: 'qbo-sync-app' });
    expect(() => verifyAppSessionToken(unsigned, { secret })).toThrow(InvalidAppSessionError);
  });
});

import jwt from 'jsonwebtoken';
import { InvalidSignedPayloadError, verifySignedPayloadJwt } from './signed-payload';

const clientId = 'client-abc';
const clientSecret = 'secret-0123456789-0123456789-0123456789';
const options = { clientId, clientSecret };
const now = Math.floor(Date.now() / 1000);

const claims = (overrides: Record<string, unknown> = {}) => ({
  aud: clientId,
  iss: 'bc',
  iat: now,
  nbf: now - 5,
  exp: now + 86_400,
  jti: 'c5f0bcf5-a504-4ae6-8dcc-0e40eaa5a070',
  sub: 'stores/z4zn3wo',
  user: { id: 9876543, email: 'user@example.com', locale: 'en-US' },
  owner: { id: 7654321, email: 'owner@example.com' },
  url: '/settings?tab=tax',
  channel_id: null,
  ...overrides,
});

const sign = (payload: object, secret = clientSecret) => jwt.sign(payload, secret, { algorithm: 'HS256' });

describe('verifySignedPayloadJwt', () => {
  it('accepts a genuine BigCommerce payload and reads the store from sub', () => {
    expect(verifySignedPayloadJwt(sign(claims()), options)).toEqual({
      storeHash: 'z4zn3wo',
      user: { id: 9876543, email: 'user@example.com', locale: 'en-US' },
      owner: { id: 7654321, email: 'owner@example.com' },
      url: '/settings?tab=tax',
      channelId: null,
    });
  });

  it('tolerates up to 10 s of clock skew on nbf and exp', () => {
    expect(() => verifySignedPayloadJwt(sign(claims({ nbf: now + 8 })), options)).not.toThrow();
    expect(() => verifySignedPayloadJwt(sign(claims({ exp: now - 8 })), options)).not.toThrow();
  });

  const forgeries: Array<[string, () => string]> = [
    ['signed with the wrong secret', () => sign(claims(), 'not-the-client-secret-at-all-0000000')],
    ['alg none', () => jwt.sign(claims(), '', { algorithm: 'none' })],
    ['HS512 with the right secret', () => jwt.sign(claims(), clientSecret, { algorithm: 'HS512' })],
    ['expired beyond the skew', () => sign(claims({ exp: now - 15 }))],
    ['not yet valid beyond the skew', () => sign(claims({ nbf: now + 15 }))],
    ['for another app (aud)', () => sign(claims({ aud: 'someone-else' }))],
    ['from another issuer', () => sign(claims({ iss: 'evil' }))],
    [
      'with a tampered sub',
      () => {
        const [header, , signature] = sign(claims()).split('.');
        const body = Buffer.from(JSON.stringify(claims({ sub: 'stores/victim1' }))).toString('base64url');
        return `${header}.${body}.${signature}`;
      },
    ],
    ['with a malformed sub', () => sign(claims({ sub: 'stores/../../x' }))],
    ['without a user', () => sign(claims({ user: undefined }))],
    [
      'without exp',
      () => {
        const { exp: _exp, ...rest } = claims();
        return sign(rest);
      },
    ],
    ['truncated', () => sign(claims()).slice(0, -10)],
    ['garbage', () => 'not.a.jwt'],
    ['empty', () => ''],
    ['oversized', () => 'a'.repeat(10_000)],
  ];

  it.each(forgeries)('rejects a token %s', (_name, forge) => {
    expect(() => verifySignedPayloadJwt(forge(), options)).toThrow(InvalidSignedPayloadError);
  });

  it('rejects non-string input', () => {
    expect(() => verifySignedPayloadJwt(['a', 'b'], options)).toThrow(InvalidSignedPayloadError);
    expect(() => verifySignedPayloadJwt(undefined, options)).toThrow(InvalidSignedPayloadError);
  });
});

import { ConfigError, loadConfig } from '@/lib/env';

const base = {
  APP_URL: 'https://app.example.com',
  BC_CLIENT_ID: 'id',
  BC_CLIENT_SECRET: 'secret',
  APP_SESSION_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
  QBO_CLIENT_ID: 'qbo-id',
  QBO_CLIENT_SECRET: 'qbo-secret',
};
const HASH = 'scrypt:1024:8:1:c2FsdHNhbHRzYWx0c2FsdA:aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

function problems(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('support configuration', () => {
  it('defaults to no staff, 8-hour sessions and one trusted proxy', () => {
    const { support } = loadConfig(base);
    expect(support.staff.size).toBe(0);
    expect(support.sessionTtlSeconds).toBe(28_800);
    expect(support.trustedProxyHops).toBe(1);
  });

  it('reads username:hash entries, usernames in lower case', () => {
    const { support } = loadConfig({ ...base, SUPPORT_STAFF: ` Alice:${HASH} , bob@example.com:${HASH.replaceAll(':', '$')}` });
    expect([...support.staff.keys()]).toEqual(['alice', 'bob@example.com']);
    expect(support.staff.get('alice')).toBe(HASH);
  });

  it('names bad entries without echoing any hash', () => {
    const message = problems({ SUPPORT_STAFF: `alice:not-a-hash,${HASH},al ice:${HASH},bob:${HASH},bob:${HASH}` });
    expect(message).toContain('the hash for "alice" is not a scrypt hash');
    expect(message).toContain('each entry must be username:hash');
    expect(message).toContain('"bob" is listed twice');
    expect(message).not.toContain(HASH.split(':')[5]!);
    expect(message).not.toContain('not-a-hash');
  });

  it('bounds the session lifetime and proxy hops', () => {
    expect(problems({ SUPPORT_SESSION_TTL_SECONDS: '10' })).toContain('SUPPORT_SESSION_TTL_SECONDS');
    expect(problems({ SUPPORT_TRUSTED_PROXY_HOPS: '-1' })).toContain('SUPPORT_TRUSTED_PROXY_HOPS');
  });
});

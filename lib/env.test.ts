import { ConfigError, loadConfig } from './env';

const key = Buffer.alloc(32, 7).toString('base64');
const valid = {
  APP_URL: 'https://app.example.com/',
  BC_CLIENT_ID: 'id',
  BC_CLIENT_SECRET: 'secret',
  APP_SESSION_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEYS: `k1:${key}`,
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
  QBO_CLIENT_ID: 'qbo-id',
  QBO_CLIENT_SECRET: 'qbo-secret',
};

describe('loadConfig', () => {
  it('derives callback URLs and defaults', () => {
    const config = loadConfig(valid);
    expect(config.appUrl).toBe('https://app.example.com');
    expect(config.bigcommerce.authCallbackUrl).toBe('https://app.example.com/api/bigcommerce/auth');
    expect(config.bigcommerce.loginUrl).toBe('https://login.bigcommerce.com');
    expect(config.encryption.activeKeyId).toBe('k1');
    expect(config.firestore.projectId).toBe('demo-qbo-sync');
    expect(config.quickbooks.redirectUri).toBe('https://app.example.com/api/quickbooks/callback');
    expect(config.quickbooks.environment).toBe('production');
  });

  it('lists every missing variable at once', () => {
    try {
      loadConfig({});
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { message } = error as ConfigError;
      for (const name of ['APP_URL', 'BC_CLIENT_ID', 'BC_CLIENT_SECRET', 'APP_SESSION_SECRET', 'ENCRYPTION_KEYS', 'FIREBASE_PROJECT_ID', 'QBO_CLIENT_ID', 'QBO_CLIENT_SECRET']) {
        expect(message).toContain(name);
      }
    }
  });

  it('treats empty strings as unset', () => {
    expect(() => loadConfig({ ...valid, BC_CLIENT_ID: '' })).toThrow(/BC_CLIENT_ID/);
  });

  it.each([
    ['a short session secret', { APP_SESSION_SECRET: 'short' }, /APP_SESSION_SECRET/],
    ['a 16-byte encryption key', { ENCRYPTION_KEYS: `k1:${Buffer.alloc(16).toString('base64')}` }, /32 bytes/],
    ['an unknown active key', { ENCRYPTION_ACTIVE_KEY_ID: 'k9' }, /ENCRYPTION_ACTIVE_KEY_ID/],
    ['a non-URL app URL', { APP_URL: 'app.example.com' }, /APP_URL/],
  ])('rejects %s', (_name, override, pattern) => {
    expect(() => loadConfig({ ...valid, ...override })).toThrow(pattern);
  });

  it('supports key rotation: several keys, one active', () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({ ...valid, ENCRYPTION_KEYS: `old:${key},new:${other}`, ENCRYPTION_ACTIVE_KEY_ID: 'new' });
    expect(config.encryption.activeKeyId).toBe('new');
    expect([...config.encryption.keys.keys()]).toEqual(['old', 'new']);
  });
});

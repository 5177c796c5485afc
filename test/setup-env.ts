/**
 * jest setupFiles: fixed, obviously-fake values for the app's environment, so every test file can load the
 * config and results don't depend on the developer's shell. Values already set win (CI can override).
 * BC_LOGIN_URL / BC_API_URL stay unset: tests that start the BigCommerce sandbox point them at it.
 */
const TEST_ENV: Record<string, string> = {
  APP_URL: 'http://127.0.0.1:3999',
  BC_CLIENT_ID: 'test-client-id',
  BC_CLIENT_SECRET: 'test-client-secret-0123456789abcdef',
  APP_SESSION_SECRET: '7RJMd49Plsa953Aadml2ATB4ztIJyR0sblJOZC/G+0lY4dhL',
  // 32 fixed bytes, base64: a real-size AES-256 key that only ever protects test data.
  ENCRYPTION_KEYS: 'k1:ShzkFmLcgFoG/dwMYQ1AaMIDj9PiYLfVzk051SpwDbA=',
  ENCRYPTION_ACTIVE_KEY_ID: 'k1',
};

for (const [name, value] of Object.entries(TEST_ENV)) {
  if (!process.env[name]) process.env[name] = value;
}

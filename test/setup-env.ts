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
  QBO_CLIENT_ID: 'test-qbo-client-id',
  QBO_CLIENT_SECRET: 'test-qbo-client-secret-0123456789',
  QBO_ENVIRONMENT: 'sandbox',
};

for (const [name, value] of Object.entries(TEST_ENV)) {
  if (!process.env[name]) process.env[name] = value;
}

// Test files in different jest workers run at the same time against one emulator: give each worker its own
// project (the emulator keeps projects apart) so "nothing was written" checks see only their own file's writes.
if (process.env.JEST_WORKER_ID && process.env.FIREBASE_PROJECT_ID && !process.env.FIREBASE_PROJECT_ID.includes('-w')) {
  process.env.FIREBASE_PROJECT_ID = `${process.env.FIREBASE_PROJECT_ID}-w${process.env.JEST_WORKER_ID}`;
}

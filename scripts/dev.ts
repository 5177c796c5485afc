/**
 * `npm run dev`: one command for local development.
 *  - No BigCommerce credentials in the environment or .env → fully offline: Firestore emulator (data kept
 *    in .data/firestore across restarts), the built-in BigCommerce sandbox, and the app wired to both.
 *  - Credentials present → the app against real BigCommerce (expose it over HTTPS, see README), with the
 *    Firestore emulator unless FIREBASE_PROJECT_ID points at a real project.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadEnvConfig } from '@next/env';
import { bigCommerceCallbackUrls } from '../lib/bigcommerce/callback-urls';
import { hashPassword } from '../lib/support/password-hash';
import { startBigCommerceSandbox, type BigCommerceSandbox } from '../sandboxes/bigcommerce/bigcommerce-sandbox';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '../sandboxes/quickbooks/quickbooks-sandbox';
import { startFirestoreEmulator, type FirestoreEmulator } from './firestore-emulator';

const root = path.resolve(__dirname, '..');
// DEV_DATA_DIR: somewhere else than .data/ (the browser tests run a throwaway copy of the whole app).
const dataDir = process.env.DEV_DATA_DIR ? path.resolve(process.env.DEV_DATA_DIR) : path.join(root, '.data');

interface DevSecrets {
  BC_CLIENT_SECRET: string;
  QBO_CLIENT_SECRET: string;
  APP_SESSION_SECRET: string;
  ENCRYPTION_KEYS: string;
  /** The offline dev support account's password (user DEV_SUPPORT_USER); only its hash reaches the app. */
  SUPPORT_DEV_PASSWORD: string;
}

const DEV_SUPPORT_USER = 'support';

/** Offline secrets are generated once and kept, so data sealed in the emulator stays readable. */
function offlineSecrets(): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const secrets: DevSecrets = {
    BC_CLIENT_SECRET: saved.BC_CLIENT_SECRET ?? randomBytes(24).toString('base64url'),
    QBO_CLIENT_SECRET: saved.QBO_CLIENT_SECRET ?? randomBytes(24).toString('base64url'),
    APP_SESSION_SECRET: saved.APP_SESSION_SECRET ?? randomBytes(48).toString('base64url'),
    ENCRYPTION_KEYS: saved.ENCRYPTION_KEYS ?? `dev1:${randomBytes(32).toString('base64')}`,
    SUPPORT_DEV_PASSWORD: saved.SUPPORT_DEV_PASSWORD ?? randomBytes(12).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main() {
  process.env.NEXT_IGNORE_INCORRECT_LOCKFILE ??= '1';
  // Offline means offline: no anonymous usage reports to Vercel from dev runs.
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  loadEnvConfig(root, true);
  const offline = !process.env.BC_CLIENT_ID;
  const offlineQuickBooks = !process.env.QBO_CLIENT_ID;
  const appPort = Number(process.env.PORT ?? 3000);
  const stops: Array<() => Promise<void>> = [];

  let emulator: FirestoreEmulator | undefined;
  if (!process.env.FIRESTORE_EMULATOR_HOST && !process.env.FIREBASE_PROJECT_ID) {
    emulator = await startFirestoreEmulator({ dataDir: path.join(dataDir, 'firestore') });
    stops.push(() => emulator!.stop());
    process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
    process.env.FIREBASE_PROJECT_ID = emulator.projectId;
    // Against the emulator, stop Google's client libraries probing a cloud metadata server that isn't there.
    process.env.METADATA_SERVER_DETECTION ??= 'none';
  }

  let sandbox: BigCommerceSandbox | undefined;
  let devSupportLogin = false;
  if (offline) {
    // localhost (app) and 127.0.0.1 (control panel) are different origins: the iframe is cross-origin, as in production.
    const appUrl = process.env.APP_URL ?? `http://localhost:${appPort}`;
    const { SUPPORT_DEV_PASSWORD, ...secrets } = offlineSecrets();
    Object.assign(process.env, secrets, { APP_URL: appUrl, BC_CLIENT_ID: 'sandbox-app-client-id' });
    // Sandbox stores only: a dev support account, unless SUPPORT_STAFF names real staff. The app sees the hash only.
    if (!process.env.SUPPORT_STAFF) {
      process.env.SUPPORT_STAFF = `${DEV_SUPPORT_USER}:${await hashPassword(SUPPORT_DEV_PASSWORD)}`;
      devSupportLogin = true;
    }
    sandbox = await startBigCommerceSandbox({
      port: Number(process.env.BC_SANDBOX_PORT ?? 3100),
      app: {
        name: 'QuickBooks Sync',
        clientId: process.env.BC_CLIENT_ID!,
        clientSecret: process.env.BC_CLIENT_SECRET!,
        ...bigCommerceCallbackUrls(appUrl),
      },
    });
    stops.unshift(() => sandbox!.stop());
    Object.assign(process.env, {
      BC_LOGIN_URL: sandbox.loginUrl,
      BC_API_URL: sandbox.apiUrl,
      BC_SDK_URL: `${sandbox.url}/jssdk/bc-sdk.js`,
      BC_CONTROL_PANEL_ORIGINS: sandbox.url,
    });
  }

  let qbo: QuickBooksSandbox | undefined;
  if (offlineQuickBooks) {
    const appUrl = process.env.APP_URL ?? `http://localhost:${appPort}`;
    const { QBO_CLIENT_SECRET } = offlineSecrets();
    Object.assign(process.env, { QBO_CLIENT_ID: 'sandbox-qbo-client-id', QBO_CLIENT_SECRET });
    qbo = await startQuickBooksSandbox({
      port: Number(process.env.QBO_SANDBOX_PORT ?? 3200),
      clientId: process.env.QBO_CLIENT_ID!,
      clientSecret: QBO_CLIENT_SECRET,
      redirectUris: [`${appUrl}/api/quickbooks/callback`],
    });
    stops.unshift(() => qbo!.stop());
    Object.assign(process.env, {
      QBO_ENVIRONMENT: 'sandbox',
      QBO_AUTHORIZE_URL: qbo.authorizeUrl,
      QBO_TOKEN_URL: qbo.tokenUrl,
      QBO_REVOKE_URL: qbo.revokeUrl,
      QBO_API_BASE_URL: qbo.apiBaseUrl.replace(/\/+$/, ''),
    });
  }

  const next: ChildProcess = spawn(
    process.execPath,
    [require.resolve('next/dist/bin/next'), 'dev', '--port', String(appPort), '--hostname', 'localhost'],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  stops.unshift(async () => {
    if (next.exitCode === null) {
      next.kill('SIGTERM');
      await new Promise((resolve) => next.once('exit', resolve));
    }
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops) await stop().catch((error: unknown) => console.error('shutdown step failed:', error));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  next.on('exit', (code) => void shutdown(code ?? 0));

  const lines = [
    '',
    offline ? 'QuickBooks Sync is running OFFLINE (no credentials in .env):' : 'QuickBooks Sync is running against real BigCommerce:',
    `  App:                      ${process.env.APP_URL ?? `http://localhost:${appPort}`}`,
    ...(sandbox ? [`  BigCommerce control panel: ${sandbox.controlPanelUrl()}   ← open this, then Install and Open the app`] : []),
    ...(qbo ? [`  QuickBooks sandbox:       ${qbo.url} (company realm ${qbo.realmId})`] : []),
    ...(devSupportLogin
      ? [`  Support view:             ${process.env.APP_URL}/support   (user "${DEV_SUPPORT_USER}", password: SUPPORT_DEV_PASSWORD in ${path.relative(root, path.join(dataDir, 'dev-secrets.json'))})`]
      : []),
    ...(emulator ? [`  Firestore emulator:       ${emulator.host} (data kept in .data/firestore)`] : []),
    'Press Ctrl+C to stop everything.',
    '',
  ];
  console.log(lines.join('\n'));
  // DEV_READY_JSON=1: one machine-readable line for programs that drive the app (test/browser/app-under-test.ts).
  if (process.env.DEV_READY_JSON === '1') {
    const ready = {
      appUrl: process.env.APP_URL ?? `http://localhost:${appPort}`,
      controlPanelUrl: sandbox?.controlPanelUrl() ?? null,
      bigCommerceSandboxUrl: sandbox?.url ?? null,
      storeHash: sandbox?.storeHash ?? null,
      quickBooksSandboxUrl: qbo?.url ?? null,
      quickBooksRealmId: qbo?.realmId ?? null,
      supportUser: devSupportLogin ? DEV_SUPPORT_USER : null,
      secretsFile: path.join(dataDir, 'dev-secrets.json'),
    };
    console.log(`DEV_READY ${JSON.stringify(ready)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

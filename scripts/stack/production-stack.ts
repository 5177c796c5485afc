/**
 * The app as production runs it, on loopback, for the benchmark (scripts/bench) and the fault suite
 * (test/faults): `next start` on the production build, its own Firestore emulator (restartable), the
 * BigCommerce and QuickBooks sandboxes in this process (so the driver reads their state directly), with
 * simulated latency and the real limits unless told otherwise.
 *
 * The app is a child process in its own process group: kill('SIGKILL') takes it down mid-work like a crashed
 * instance, start() brings a fresh one up against the same Firestore and sandboxes. provisionStore() does
 * what a merchant does, over HTTP: install, open, connect QuickBooks (consent page), accept the defaults,
 * pick a start date, go live, and waits for the go-live catch-up to finish.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bigCommerceCallbackUrls } from '../../lib/bigcommerce/callback-urls';
import { startBigCommerceSandbox, type BigCommerceSandbox } from '../../sandboxes/bigcommerce/bigcommerce-sandbox';
import type { WebhookMode } from '../../sandboxes/bigcommerce/webhook-dispatcher';
import { startQuickBooksSandbox, type QuickBooksSandbox } from '../../sandboxes/quickbooks/quickbooks-sandbox';
import { decideConsent } from '../../sandboxes/quickbooks/sandbox-client';
import { findFreePort, startFirestoreEmulator, type FirestoreEmulator } from '../firestore-emulator';
import { groupMembers, signalGroup } from '../process-group';

const ROOT = path.resolve(__dirname, '../..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const READY_TIMEOUT_MS = 60_000;
const CATCH_UP_TIMEOUT_MS = 60_000;

/** What the production build is made from: newer files than the build mean it must be rebuilt. */
const BUILD_INPUTS = ['pages', 'components', 'lib', 'public', 'instrumentation.ts', 'instrumentation-node.ts', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/**
 * Runs `next build` into distDir (default .next; NEXT_DIST_DIR, see next.config.js) unless it holds a build
 * newer than every source file.
 */
export function ensureProductionBuild(log: (line: string) => void, distDir = '.next'): { built: boolean; seconds: number } {
  const buildId = path.join(ROOT, distDir, 'BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sourcesAt = Math.max(...BUILD_INPUTS.map((entry) => newestMtime(path.join(ROOT, entry))));
  if (builtAt > sourcesAt) return { built: false, seconds: 0 };
  log('Building the app for production (next build)…');
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_IGNORE_INCORRECT_LOCKFILE: '1', NEXT_DIST_DIR: distDir },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
  return { built: true, seconds: (Date.now() - started) / 1000 };
}

export interface StackOptions {
  bigcommerce?: {
    latencyMs?: number;
    /** Default: BigCommerce's 150 requests per 30 s per store. */
    rateLimit?: { quota: number; windowMs: number };
    webhookMode?: Partial<WebhookMode>;
    /** Webhook retry schedule (default the sandbox's [1000, 3000, 5000]); the hook is deactivated after the last. */
    webhookRetryDelaysMs?: number[];
  };
  quickbooks?: {
    latencyMs?: number;
    /** Default: 500 per minute and 10 concurrent per company. */
    limits?: { perMinute: number; concurrent: number; batchPerMinute: number };
    accessTokenTtlSeconds?: number;
  };
  /** Extra environment for the app (e.g. SYNC_OPTIMIZATIONS=off). */
  appEnv?: Record<string, string>;
  /** The app's output goes here (appended). */
  logFile: string;
  /** The production build to serve (default .next; see ensureProductionBuild). */
  distDir?: string;
}

export interface AppProcess {
  pid(): number | undefined;
  /** Starts the app (again), optionally with changed environment; resolves once it answers. */
  start(env?: Record<string, string>): Promise<void>;
  /** Ends the app's process group with `signal` and waits for it (SIGKILL: a crash mid-work). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Pauses (SIGSTOP) or resumes (SIGCONT) the whole process group. */
  pause(): void;
  resume(): void;
  /** Resident memory of the app's process group now, in bytes. */
  rssBytes(): number;
}

export interface ProvisionedStore {
  storeHash: string;
  realmId: string;
  ownerId: number;
  /** The app session token of the owner (Authorization: Bearer). */
  token: string;
}

export interface ProductionStack {
  appUrl: string;
  bc: BigCommerceSandbox;
  qbo: QuickBooksSandbox;
  firestore: { host: string; projectId: string };
  app: AppProcess;
  /** Stops the emulator (its data exported) and starts it again on the same port; the app is paused meanwhile. */
  restartFirestore(): Promise<{ downMs: number }>;
  /** A new store with the app installed, QuickBooks connected to a new company, defaults accepted, live. */
  provisionStore(input?: { store?: Record<string, unknown>; startDate?: string }): Promise<ProvisionedStore>;
  /** GET/POST the app's API as the store's owner. */
  api(path: string, token: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (child?.pid !== undefined) signalGroup(child.pid, signal);
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function waitUntilAnswering(url: string, isAlive: () => boolean, logTail: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!isAlive()) throw new Error(`the app exited during start-up\n${logTail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer within ${READY_TIMEOUT_MS / 1000} s\n${logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export async function startProductionStack(options: StackOptions): Promise<ProductionStack> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => console.error('stack shutdown step failed:', error));
  };
  try {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qbo-sync-stack-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const projectId = `demo-stack-${randomBytes(4).toString('hex')}`;
    const emulatorPort = await findFreePort();
    let emulator: FirestoreEmulator = await startFirestoreEmulator({ port: emulatorPort, projectId, dataDir: path.join(dataDir, 'firestore'), quiet: true });
    stops.push(() => emulator.stop());

    const appPort = await findFreePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const secrets = {
      BC_CLIENT_ID: 'stack-bc-client',
      BC_CLIENT_SECRET: randomBytes(24).toString('base64url'),
      QBO_CLIENT_ID: 'stack-qbo-client',
      QBO_CLIENT_SECRET: randomBytes(24).toString('base64url'),
      APP_SESSION_SECRET: randomBytes(48).toString('base64url'),
      ENCRYPTION_KEYS: `stack1:${randomBytes(32).toString('base64')}`,
    };

    const bc = await startBigCommerceSandbox({
      app: { name: 'QuickBooks Sync', clientId: secrets.BC_CLIENT_ID, clientSecret: secrets.BC_CLIENT_SECRET, ...bigCommerceCallbackUrls(appUrl) },
      latencyMs: options.bigcommerce?.latencyMs ?? 0,
      rateLimit: options.bigcommerce?.rateLimit ?? { quota: 150, windowMs: 30_000 },
      ...(options.bigcommerce?.webhookMode ? { webhookMode: options.bigcommerce.webhookMode } : {}),
      ...(options.bigcommerce?.webhookRetryDelaysMs ? { webhookRetryDelaysMs: options.bigcommerce.webhookRetryDelaysMs } : {}),
      seed: false,
    });
    stops.push(() => bc.stop());
    const qbo = await startQuickBooksSandbox({
      clientId: secrets.QBO_CLIENT_ID,
      clientSecret: secrets.QBO_CLIENT_SECRET,
      redirectUris: [`${appUrl}/api/quickbooks/callback`],
      latencyMs: options.quickbooks?.latencyMs ?? 0,
      ...(options.quickbooks?.limits ? { limits: options.quickbooks.limits } : {}),
      ...(options.quickbooks?.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.quickbooks.accessTokenTtlSeconds } : {}),
    });
    stops.push(() => qbo.stop());

    // Only what the app needs: a developer's .env or shell must not point a benchmark at real services.
    const baseEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_IGNORE_INCORRECT_LOCKFILE: '1',
      METADATA_SERVER_DETECTION: 'none',
      FIRESTORE_EMULATOR_HOST: emulator.host,
      FIREBASE_PROJECT_ID: projectId,
      APP_URL: appUrl,
      ...secrets,
      BC_LOGIN_URL: bc.loginUrl,
      BC_API_URL: bc.apiUrl,
      BC_SDK_URL: `${bc.url}/jssdk/bc-sdk.js`,
      BC_CONTROL_PANEL_ORIGINS: bc.url,
      QBO_ENVIRONMENT: 'sandbox',
      QBO_AUTHORIZE_URL: qbo.authorizeUrl,
      QBO_TOKEN_URL: qbo.tokenUrl,
      QBO_REVOKE_URL: qbo.revokeUrl,
      QBO_API_BASE_URL: qbo.apiBaseUrl.replace(/\/+$/, ''),
      SYNC_WORKER: 'on',
      SUPPORT_STAFF: '',
      NEXT_DIST_DIR: options.distDir ?? '.next',
      ...options.appEnv,
    };

    mkdirSync(path.dirname(options.logFile), { recursive: true });
    writeFileSync(options.logFile, '');
    const tail: string[] = [];
    const logTail = () => tail.slice(-40).join('');
    let child: ChildProcess | undefined;
    let alive = false;
    let appEnv = baseEnv;
    const app: AppProcess = {
      pid: () => child?.pid,
      async start(extraEnv) {
        if (alive) throw new Error('the app is already running');
        if (extraEnv) appEnv = { ...appEnv, ...extraEnv };
        const started = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(appPort), '--hostname', '127.0.0.1'], {
          cwd: ROOT,
          env: appEnv as NodeJS.ProcessEnv,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = started;
        alive = true;
        started.once('exit', () => {
          if (child === started) alive = false;
        });
        const onData = (chunk: Buffer) => {
          appendFileSync(options.logFile, chunk);
          tail.push(chunk.toString('utf8'));
          if (tail.length > 200) tail.splice(0, tail.length - 200);
        };
        started.stdout?.on('data', onData);
        started.stderr?.on('data', onData);
        await waitUntilAnswering(`${appUrl}/api/bc-sdk`, () => alive, logTail);
      },
      async kill(signal = 'SIGTERM') {
        const dying = child;
        if (!dying || !alive) return;
        const exited = new Promise<void>((resolve) => dying.once('exit', () => resolve()));
        killGroup(dying, signal);
        const grace = setTimeout(() => killGroup(dying, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(grace);
        // Workers of the group may outlive the leader for a moment.
        killGroup(dying, 'SIGKILL');
      },
      pause: () => killGroup(child, 'SIGSTOP'),
      resume: () => killGroup(child, 'SIGCONT'),
      rssBytes: () => (child?.pid !== undefined && alive ? groupMembers(child.pid).reduce((sum, pid) => sum + rssOf(pid), 0) : 0),
    };
    const onExit = () => killGroup(child, 'SIGKILL');
    process.once('exit', onExit);
    stops.push(async () => {
      app.resume();
      await app.kill('SIGTERM');
      process.removeListener('exit', onExit);
    });
    await app.start();

    const api: ProductionStack['api'] = async (pathname, token, init = {}) => {
      const response = await fetch(`${appUrl}${pathname}`, {
        ...init,
        redirect: 'manual',
        headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
      });
      const text = await response.text();
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { text };
      }
      return { status: response.status, body };
    };
    const expectOk = (what: string, result: { status: number; body: unknown }) => {
      if (result.status >= 300) throw new Error(`${what} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
    };

    const stack: ProductionStack = {
      appUrl,
      bc,
      qbo,
      firestore: { host: emulator.host, projectId },
      app,
      async restartFirestore() {
        // The emulator keeps data only through an export at stop: acknowledged writes must not happen between
        // that export and the restart (real Firestore never loses them), so the app is paused meanwhile. To the
        // app this is Firestore going away (its connections break) and coming back with its data.
        app.pause();
        const started = Date.now();
        try {
          await emulator.stop();
          // The port can stay taken for a moment after the old emulator is gone (seen on a loaded 2-core
          // machine): the app must find Firestore where it was, so wait for it (bounded) rather than move.
          for (let attempt = 1; ; attempt += 1) {
            try {
              emulator = await startFirestoreEmulator({ port: emulatorPort, projectId, dataDir: path.join(dataDir, 'firestore'), quiet: true });
              break;
            } catch (error) {
              if (!/already in use/.test((error as Error).message) || attempt >= 60) throw error;
              await new Promise((resolve) => setTimeout(resolve, 250));
            }
          }
        } finally {
          app.resume();
        }
        return { downMs: Date.now() - started };
      },
      async provisionStore(input = {}) {
        const store = bc.admin.createStore((input.store ?? {}) as Parameters<typeof bc.admin.createStore>[0]);
        const installed = bc.admin.install(store.hash);
        const auth = await fetch(installed.authCallbackUrl, { redirect: 'manual' });
        await auth.arrayBuffer();
        const exchange = new URL(auth.headers.get('location') ?? '', appUrl).searchParams.get('exchange');
        if (!exchange) throw new Error(`install of ${store.hash}: the app answered ${auth.status} without a session exchange`);
        const session = await fetch(`${appUrl}/api/app/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: exchange }),
        });
        const sessionBody = (await session.json()) as { token?: string };
        if (session.status !== 200 || !sessionBody.token) throw new Error(`session exchange for ${store.hash} answered ${session.status}`);
        const token = sessionBody.token;

        const company = qbo.addCompany({ country: 'US', automatedSalesTax: true });
        const connect = await api('/api/app/quickbooks/connect', token, { method: 'POST', body: JSON.stringify({ allowCompanySwitch: false }) });
        expectOk('connect QuickBooks', connect);
        const back = await decideConsent(qbo, String(connect.body.authorizeUrl), { realmId: company.realmId });
        const callback = await fetch(back.toString(), { redirect: 'manual' });
        await callback.arrayBuffer();
        if (callback.status >= 400) throw new Error(`QuickBooks callback for ${store.hash} answered ${callback.status}`);

        const onboarding = (body: Record<string, unknown>) => api('/api/app/onboarding', token, { method: 'POST', body: JSON.stringify(body) });
        expectOk('accept defaults', await onboarding({ action: 'accept-defaults' }));
        expectOk('start date', await onboarding({ action: 'start-date', startDate: input.startDate ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) }));
        expectOk('go live', await onboarding({ action: 'go-live' }));
        // Going live starts a catch-up of the orders since the start date: let it finish, as a merchant would see
        // it do, so it does not sweep up (and read again) the first orders the caller places.
        const catchUpDeadline = Date.now() + CATCH_UP_TIMEOUT_MS;
        for (;;) {
          const progress = await api('/api/app/backfill', token);
          expectOk('backfill progress', progress);
          const status = (progress.body.backfill as { status?: string } | null)?.status;
          if (status !== 'running') break;
          if (Date.now() > catchUpDeadline) throw new Error(`the catch-up of ${store.hash} did not finish within ${CATCH_UP_TIMEOUT_MS / 1000} s`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return { storeHash: store.hash, realmId: company.realmId, ownerId: store.ownerId, token };
      },
      api,
      stop: stopAll,
    };
    return stack;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The whole app as a newcomer runs it (`npm run dev` = scripts/dev.ts): the BigCommerce and QuickBooks sandboxes
 * and `next dev`, started as one child process on free loopback ports, against the jest run's Firestore emulator
 * (its own project id, so no second emulator and no shared data) and a throwaway data directory. The child gets
 * a clean environment, not jest's: a developer's .env or shell can't point the browser suite at real services.
 *
 * Ready = dev.ts printed its DEV_READY line and `next dev` answers; the log tail is in every start-up error.
 * stop() ends the child's whole process group (tsx, dev.ts, next dev and its workers), also when a test failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;
const LOG_LINES_KEPT = 200;

export interface AppUnderTest {
  /** http://localhost:PORT (the iframe's origin; the control panel is on 127.0.0.1, so it is cross-origin). */
  appUrl: string;
  controlPanelUrl: string;
  storeHash: string;
  /** http://127.0.0.1:PORT of each sandbox: their JSON admin APIs live under /__sandbox. */
  bigCommerceUrl: string;
  quickBooksUrl: string;
  quickBooksRealmId: string;
  /** The offline dev support login (user from dev.ts, password from the data dir's dev-secrets.json). */
  support: { username: string; password: string };
  /** The generated offline secrets (QBO_CLIENT_SECRET lets a test read the sandbox company as a second app would). */
  secrets: Record<string, string>;
  /** The last lines the app printed, less the routine successful GETs (for failure messages). */
  logTail(lines?: number): string;
  /** GETs each path once, all at once, so `next dev` compiles them before the browser needs them. */
  warm(paths: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

interface ReadyLine {
  appUrl: string;
  controlPanelUrl: string | null;
  bigCommerceSandboxUrl: string | null;
  storeHash: string | null;
  quickBooksSandboxUrl: string | null;
  quickBooksRealmId: string | null;
  supportUser: string | null;
  secretsFile: string;
}

/** A port nobody listens on right now (loopback). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: 'localhost', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export interface AppUnderTestOptions {
  /** Everything the app prints goes here too (overwritten at start). */
  logFile?: string;
}

/** `next dev`'s access lines for answered GETs: noise in a failure message (the log file keeps them). */
const ROUTINE = /^\s*GET \S+ [23]\d\d in \d+ms$/;

export async function startAppUnderTest(options: AppUnderTestOptions = {}): Promise<AppUnderTest> {
  const emulatorHost = process.env.FIRESTORE_EMULATOR_HOST;
  if (!emulatorHost) throw new Error('FIRESTORE_EMULATOR_HOST is not set: run the browser suite through jest (test/global-setup.ts starts the emulator)');
  const appPort = await freePort();
  const appUrl = `http://localhost:${appPort}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qbo-sync-browser-'));
  const projectId = `demo-browser-${randomBytes(4).toString('hex')}`;

  // Only what a shell needs, plus the app's wiring. Empty BC_CLIENT_ID / QBO_CLIENT_ID / SUPPORT_STAFF are
  // "not set" to dev.ts and to the app, and stop @next/env filling them from a developer's .env.
  const wanted: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    LANG: process.env.LANG,
    TZ: process.env.TZ,
    CI: process.env.CI,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_IGNORE_INCORRECT_LOCKFILE: '1',
    METADATA_SERVER_DETECTION: 'none',
    FIRESTORE_EMULATOR_HOST: emulatorHost,
    FIREBASE_PROJECT_ID: projectId,
    PORT: String(appPort),
    APP_URL: appUrl,
    BC_SANDBOX_PORT: '0',
    QBO_SANDBOX_PORT: '0',
    DEV_DATA_DIR: dataDir,
    DEV_READY_JSON: '1',
    BC_CLIENT_ID: '',
    QBO_CLIENT_ID: '',
    SUPPORT_STAFF: '',
    SYNC_WORKER: 'on',
  };
  const env = Object.fromEntries(Object.entries(wanted).filter((entry): entry is [string, string] => entry[1] !== undefined));

  const tsxCli = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  // detached: the child leads its own process group, so stop() reaches next dev's workers too.
  const child = spawn(process.execPath, [tsxCli, 'scripts/dev.ts'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // `next dev` compiling the app is the heaviest thing in a test run: let the other jest worker's suites (30 s
  // timeouts) go first. Set before next dev starts its own workers, which inherit it.
  if (child.pid !== undefined) {
    try {
      os.setPriority(child.pid, 10);
    } catch {
      // Not allowed here: run at normal priority.
    }
  }
  // If jest's worker goes away without afterAll, take the app down with it.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    writeFileSync(options.logFile, '');
  }
  const lines: string[] = [];
  let ready: ReadyLine | undefined;
  let partial = '';
  const onData = (chunk: Buffer) => {
    if (options.logFile) appendFileSync(options.logFile, chunk);
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!ROUTINE.test(line)) lines.push(line);
      if (line.startsWith('DEV_READY ')) ready = JSON.parse(line.slice('DEV_READY '.length)) as ReadyLine;
    }
    if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve();
    }),
  );
  const logTail = (count = 60) => [...lines, partial].filter(Boolean).slice(-count).join('\n');

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exitCode === undefined) {
      killGroup(child, 'SIGTERM');
      const grace = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(grace);
    }
    // next dev's own workers may outlive the leader for a moment.
    killGroup(child, 'SIGKILL');
    process.removeListener('exit', onExit);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const started = Date.now();
    while (!ready || !(await portAnswers(appPort))) {
      if (exitCode !== undefined) throw new Error(`scripts/dev.ts exited (code ${exitCode}) before it was ready`);
      if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`scripts/dev.ts was not ready after ${READY_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!ready.controlPanelUrl || !ready.bigCommerceSandboxUrl || !ready.storeHash || !ready.quickBooksSandboxUrl || !ready.quickBooksRealmId || !ready.supportUser) {
      throw new Error(`scripts/dev.ts did not start both sandboxes and the dev support login: ${JSON.stringify(ready)}`);
    }
    const secrets = JSON.parse(readFileSync(ready.secretsFile, 'utf8')) as Record<string, string>;
    const supportPassword = secrets.SUPPORT_DEV_PASSWORD;
    if (!supportPassword) throw new Error(`no SUPPORT_DEV_PASSWORD in ${ready.secretsFile}`);

    return {
      appUrl: ready.appUrl,
      controlPanelUrl: ready.controlPanelUrl,
      storeHash: ready.storeHash,
      bigCommerceUrl: ready.bigCommerceSandboxUrl,
      quickBooksUrl: ready.quickBooksSandboxUrl,
      quickBooksRealmId: ready.quickBooksRealmId,
      support: { username: ready.supportUser, password: supportPassword },
      secrets,
      logTail,
      async warm(paths) {
        await Promise.all(
          paths.map(async (pathname) => {
            const response = await fetch(`${ready!.appUrl}${pathname}`, { redirect: 'manual', signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
            await response.arrayBuffer();
            if (response.status >= 500) throw new Error(`warming ${pathname}: HTTP ${response.status}\n${logTail()}`);
          }),
        );
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- app log (last lines) ---\n${logTail()}`);
  }
}

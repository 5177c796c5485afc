/**
 * Google's Firestore emulator for tests and offline dev: find it, start it on a free loopback port, wait until
 * it answers, and stop it together with the Java process it wraps.
 *
 * Persistence (dataDir) goes through the emulator's REST API, not its `--import-data` / `--export-on-exit`
 * flags: in emulator 1.19.x `--export-on-exit` never fires on SIGTERM and fails on /shutdown ("Database name
 * projects/x/databases/ has invalid trailing /"), and `--import-data` seeds the data into every project id.
 * The REST endpoints work the same under gcloud, the bare binary and firebase-tools (same jar underneath).
 *
 * CLI: tsx scripts/firestore-emulator.ts [--port N] [--data DIR] [--project ID] [--verbose]
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { groupMembers, signalGroup } from './process-group';

export const DEFAULT_PROJECT_ID = 'demo-qbo-sync';
const LOOPBACK = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const TRANSFER_TIMEOUT_MS = 60_000;
const OUTPUT_LINES_KEPT = 40;
/** Same name firebase-tools uses, so a firebase-tools export dir can be imported as is. */
const EXPORT_NAME = 'firestore_export';
const EMULATOR_COMPONENT_DIR = path.join('platform', 'cloud-firestore-emulator');

export interface FirestoreEmulator {
  /** '127.0.0.1:PORT', the value for FIRESTORE_EMULATOR_HOST. */
  host: string;
  projectId: string;
  /** Exports to dataDir (when set), then ends the emulator's whole process group. Safe to call twice. */
  stop(): Promise<void>;
  /** Settles when the emulator process exits for any reason (the CLI uses it to notice a crash). */
  exited: Promise<void>;
}

export interface StartFirestoreEmulatorOptions {
  /** 0 or undefined: a free loopback port. */
  port?: number;
  /** Defaults to 'demo-qbo-sync' (a demo- project can never reach production). */
  projectId?: string;
  /** When set: import from it on start if it holds an export, export to it on stop. */
  dataDir?: string;
  /** No status lines on stderr (warnings still print). */
  quiet?: boolean;
  /** Forward the emulator's own output to stderr. */
  verbose?: boolean;
}

export type FirestoreEmulatorKind = 'gcloud' | 'firebase-tools' | 'binary';

export interface EmulatorLaunch {
  /** Bind address only ('127.0.0.1'), no port. */
  address: string;
  port: number;
  projectId: string;
  /** firebase-tools only: a generated firebase.json that pins the ports. */
  configPath: string;
}

export interface FoundFirestoreEmulator {
  kind: FirestoreEmulatorKind;
  command: string;
  args(launch: EmulatorLaunch): string[];
  env: Record<string, string>;
  /** Where it was found, for messages. */
  source: string;
}

export const EMULATOR_INSTALL_HINT = [
  'No Firestore emulator found. Install one of:',
  '  - Google Cloud CLI with its Firestore emulator component, plus Java 17+ (gcloud asks for 21+ after release 528):',
  '      gcloud components install cloud-firestore-emulator',
  '      (apt/yum installs of the CLI: install the package google-cloud-cli-firestore-emulator instead)',
  '      apt-get install openjdk-17-jre-headless   # or any JDK/JRE 17+ on PATH or in JAVA_HOME',
  '  - firebase-tools (also needs Java): npm install -g firebase-tools',
  'or point FIRESTORE_EMULATOR_COMMAND at an emulator (gcloud, firebase or cloud_firestore_emulator; a command',
  'containing {host}, {port}, {project} placeholders is used as is).',
].join('\n');

// ---------- finding the emulator ----------

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function whichOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function findJava(): string | undefined {
  const javaHome = process.env.JAVA_HOME;
  if (javaHome && isExecutableFile(path.join(javaHome, 'bin', 'java'))) return path.join(javaHome, 'bin', 'java');
  return whichOnPath('java');
}

function cloudSdkRoots(gcloud: string | undefined): string[] {
  const roots: string[] = [];
  if (process.env.CLOUDSDK_ROOT_DIR) roots.push(process.env.CLOUDSDK_ROOT_DIR);
  if (gcloud) {
    try {
      // /usr/bin/gcloud -> /usr/lib/google-cloud-sdk/bin/gcloud
      roots.push(path.dirname(path.dirname(realpathSync(gcloud))));
    } catch {
      // a dangling symlink: fall through to the usual places
    }
  }
  roots.push(
    '/usr/lib/google-cloud-sdk',
    '/usr/share/google-cloud-sdk',
    '/opt/google-cloud-sdk',
    path.join(homedir(), 'google-cloud-sdk'),
  );
  return [...new Set(roots)];
}

function firestoreComponentBinary(roots: string[]): string | undefined {
  for (const root of roots) {
    const dir = path.join(root, EMULATOR_COMPONENT_DIR);
    const script = path.join(dir, 'cloud_firestore_emulator');
    if (isExecutableFile(script) && existsSync(path.join(dir, 'cloud-firestore-emulator.jar'))) return script;
  }
  return undefined;
}

const binaryArgs = ({ address, port }: EmulatorLaunch) => ['start', `--host=${address}`, `--port=${port}`];
const gcloudArgs = ({ address, port }: EmulatorLaunch) => ['emulators', 'firestore', 'start', `--host-port=${address}:${port}`];
const firebaseArgs = ({ projectId, configPath }: EmulatorLaunch) => [
  'emulators:start',
  '--only',
  'firestore',
  '--project',
  projectId,
  '--config',
  configPath,
];
// gcloud must never stop to ask a question: nobody is there to answer.
const GCLOUD_ENV = { CLOUDSDK_CORE_DISABLE_PROMPTS: '1' };

/** Splits a command line on whitespace, honouring '…' and "…" quoting (no shell involved). */
function splitCommandLine(line: string): string[] {
  const tokens: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  return tokens;
}

function kindFromExecutable(executable: string): FirestoreEmulatorKind {
  const base = path.basename(executable).replace(/\.(cmd|exe|js)$/, '');
  if (base === 'gcloud') return 'gcloud';
  if (base === 'firebase') return 'firebase-tools';
  return 'binary';
}

function fromOverride(raw: string): FoundFirestoreEmulator {
  const [command, ...extra] = splitCommandLine(raw);
  if (!command) throw new Error('FIRESTORE_EMULATOR_COMMAND is set but empty');
  const kind = kindFromExecutable(command);
  const templated = /\{(host|port|project|config)\}/.test(raw);
  const standard = { gcloud: gcloudArgs, 'firebase-tools': firebaseArgs, binary: binaryArgs }[kind];
  return {
    kind,
    command,
    args: (launch) =>
      templated
        ? extra.map((token) =>
            token
              .replaceAll('{host}', launch.address)
              .replaceAll('{port}', String(launch.port))
              .replaceAll('{project}', launch.projectId)
              .replaceAll('{config}', launch.configPath),
          )
        : [...extra, ...standard(launch)],
    env: kind === 'gcloud' ? GCLOUD_ENV : {},
    source: 'FIRESTORE_EMULATOR_COMMAND',
  };
}

/**
 * Order: FIRESTORE_EMULATOR_COMMAND; the Cloud SDK's emulator binary run directly (what gcloud would exec, minus
 * ~0.8 s of Python start-up, and it needs no writable ~/.config/gcloud); gcloud itself (when the binary can't be
 * run directly, e.g. Java isn't on PATH/JAVA_HOME and gcloud knows better); firebase-tools.
 */
export function findFirestoreEmulator(): FoundFirestoreEmulator | null {
  const override = process.env.FIRESTORE_EMULATOR_COMMAND?.trim();
  if (override) return fromOverride(override);

  const gcloud = whichOnPath('gcloud');
  const binary = firestoreComponentBinary(cloudSdkRoots(gcloud));
  const java = findJava();
  if (binary && java) {
    // The wrapper script honours $JAVA, so JAVA_HOME wins over whatever `java` is first on PATH.
    return { kind: 'binary', command: binary, args: binaryArgs, env: { JAVA: java }, source: binary };
  }
  if (gcloud && binary) {
    return { kind: 'gcloud', command: gcloud, args: gcloudArgs, env: GCLOUD_ENV, source: gcloud };
  }

  const localFirebase = [process.cwd(), path.resolve(__dirname, '..')]
    .map((dir) => path.join(dir, 'node_modules', '.bin', 'firebase'))
    .find(isExecutableFile);
  const firebase = whichOnPath('firebase') ?? localFirebase;
  if (firebase) return { kind: 'firebase-tools', command: firebase, args: firebaseArgs, env: {}, source: firebase };
  return null;
}

// ---------- small helpers ----------

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port the OS picked'));
      });
    });
  });
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
  });
}

interface HttpResult {
  status: number;
  body: string;
}

/** node:http with no keep-alive agent, so no pooled socket outlives the call (jest watches open handles). */
function httpRequest(method: string, url: string, body: unknown, timeoutMs: number): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent: false,
        timeout: timeoutMs,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** True when an emulator answers GET / with "Ok" on host. */
export async function isFirestoreEmulatorUp(host: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await httpRequest('GET', `http://${host}/`, undefined, timeoutMs);
    return res.status === 200 && res.body.trim() === 'Ok';
  } catch {
    return false;
  }
}

function databaseName(projectId: string): string {
  return `projects/${projectId}/databases/(default)`;
}

/** Deletes every document of the project's default database (emulator only). */
export async function clearFirestoreEmulator(host: string, projectId: string): Promise<void> {
  const url = `http://${host}/emulator/v1/${databaseName(projectId)}/documents`;
  const res = await httpRequest('DELETE', url, undefined, TRANSFER_TIMEOUT_MS);
  if (res.status !== 200) throw new Error(`clearing the Firestore emulator failed: HTTP ${res.status} ${res.body}`);
}

/** The overall_export_metadata file of the export in dataDir, if there is one. */
export function findExportMetadata(dataDir: string): string | undefined {
  const exportDir = path.join(dataDir, EXPORT_NAME);
  const preferred = path.join(exportDir, `${EXPORT_NAME}.overall_export_metadata`);
  if (existsSync(preferred)) return preferred;
  try {
    const other = readdirSync(exportDir).find((name) => name.endsWith('.overall_export_metadata'));
    return other ? path.join(exportDir, other) : undefined;
  } catch {
    return undefined;
  }
}

async function importData(host: string, projectId: string, metadataFile: string): Promise<void> {
  // The emulator wants the metadata file itself here (a directory is rejected), and imports into the
  // project named in the URL whatever project the export came from.
  const res = await httpRequest(
    'POST',
    `http://${host}/emulator/v1/projects/${projectId}:import`,
    { database: databaseName(projectId), export_directory: metadataFile },
    TRANSFER_TIMEOUT_MS,
  );
  if (res.status !== 200) throw new Error(`HTTP ${res.status} ${res.body}`);
}

/**
 * Exports next to the previous export, then swaps directories, so a failed or interrupted export never
 * leaves dataDir without a readable export.
 */
async function exportData(host: string, projectId: string, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const staging = await mkdtemp(path.join(dataDir, '.export-'));
  try {
    const res = await httpRequest(
      'POST',
      `http://${host}/emulator/v1/projects/${projectId}:export`,
      { database: databaseName(projectId), export_directory: staging, export_name: EXPORT_NAME },
      TRANSFER_TIMEOUT_MS,
    );
    if (res.status !== 200) throw new Error(`HTTP ${res.status} ${res.body}`);
    if (!findExportMetadata(staging)) throw new Error('the emulator answered 200 but wrote no export metadata');
    const target = path.join(dataDir, EXPORT_NAME);
    const previous = path.join(staging, 'previous');
    if (existsSync(target)) await rename(target, previous);
    await rename(path.join(staging, EXPORT_NAME), target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

// ---------- process group ----------

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** SIGTERM the whole group (gcloud → bash → java), give it time to close its sockets, then SIGKILL. */
async function endGroup(pgid: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntil(() => groupMembers(pgid).length === 0, STOP_GRACE_MS)) return;
  signalGroup(pgid, 'SIGKILL');
  if (await waitUntil(() => groupMembers(pgid).length === 0, 5_000)) return;
  throw new Error(`Firestore emulator processes ${groupMembers(pgid).join(', ')} survived SIGKILL`);
}

// ---------- start / stop ----------

class PortTakenError extends Error {}

async function writeFirebaseConfig(dir: string, port: number): Promise<string> {
  // firebase-tools reads ports from firebase.json only; pin every port it would open so two runs never collide.
  const configPath = path.join(dir, 'firebase.json');
  const config = {
    emulators: {
      firestore: { host: LOOPBACK, port, websocketPort: await findFreePort() },
      hub: { host: LOOPBACK, port: await findFreePort() },
      logging: { host: LOOPBACK, port: await findFreePort() },
      ui: { enabled: false },
    },
  };
  await writeFile(configPath, JSON.stringify(config, null, 2));
  return configPath;
}

async function launch(
  found: FoundFirestoreEmulator,
  port: number,
  projectId: string,
  dataDir: string | undefined,
  options: StartFirestoreEmulatorOptions,
): Promise<FirestoreEmulator> {
  const host = `${LOOPBACK}:${port}`;
  const log = (message: string) => {
    if (!options.quiet) process.stderr.write(`[firestore-emulator] ${message}\n`);
  };
  const scratch = found.kind === 'firebase-tools' ? await mkdtemp(path.join(tmpdir(), 'firestore-emulator-')) : undefined;
  const configPath = scratch ? await writeFirebaseConfig(scratch, port) : '';
  const args = found.args({ address: LOOPBACK, port, projectId, configPath });

  const startedAt = performance.now();
  log(`starting ${found.kind} (${found.source}) on ${host}`);
  // detached: its own process group, so stop() reaches the Java grandchild and a Ctrl-C in the terminal
  // reaches only us (we export first, then stop it).
  const child = spawn(found.command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...found.env },
  });

  const lastLines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (options.verbose) process.stderr.write(`[firestore] ${line}\n`);
        lastLines.push(line);
        if (lastLines.length > OUTPUT_LINES_KEPT) lastLines.shift();
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const output = () => lastLines.filter((line) => line.trim() !== '').join('\n');

  let exitDescription: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      exitDescription ??= `could not run ${found.command}: ${error.message}`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exitDescription ??= signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });

  const pgid = child.pid;
  // Last resort when the parent exits without calling stop() (uncaught error, process.exit): no export then.
  const killOnExit = () => {
    if (pgid !== undefined) signalGroup(pgid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  const cleanUp = async () => {
    process.removeListener('exit', killOnExit);
    if (pgid !== undefined) await endGroup(pgid);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (exitDescription !== undefined) {
        const message = `Firestore emulator (${found.kind}) ${exitDescription} before it answered on ${host}`;
        const text = output();
        if (/address already in use|BindException|failed to bind/i.test(text)) throw new PortTakenError(`${message}\n${text}`);
        throw new Error(`${message}. Its last output:\n${text || '(none)'}`);
      }
      if (await isFirestoreEmulatorUp(host, 1_000)) break;
      if (Date.now() > deadline) {
        throw new Error(
          `Firestore emulator (${found.kind}) did not answer on http://${host}/ within ${READY_TIMEOUT_MS / 1000} s. ` +
            `Its last output:\n${output() || '(none)'}`,
        );
      }
      await Promise.race([sleep(100), exited]);
    }
    log(`ready on ${host} after ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);

    const metadata = dataDir ? findExportMetadata(dataDir) : undefined;
    if (metadata) {
      try {
        await importData(host, projectId, metadata);
      } catch (error) {
        // Refuse to start empty: the next stop() would export over the data we failed to load.
        throw new Error(`importing ${metadata} into the Firestore emulator failed: ${(error as Error).message}`);
      }
      log(`imported ${metadata}`);
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    const stoppedAt = performance.now();
    if (dataDir && exitDescription === undefined) {
      try {
        await exportData(host, projectId, dataDir);
        log(`exported to ${path.join(dataDir, EXPORT_NAME)}`);
      } catch (error) {
        process.stderr.write(
          `[firestore-emulator] warning: export to ${dataDir} failed, the previous export is kept: ${(error as Error).message}\n`,
        );
      }
    }
    await cleanUp();
    log(`stopped after ${((performance.now() - stoppedAt) / 1000).toFixed(1)} s`);
  };
  return {
    host,
    projectId,
    exited,
    stop: () => (stopping ??= stop()),
  };
}

export async function startFirestoreEmulator(options: StartFirestoreEmulatorOptions = {}): Promise<FirestoreEmulator> {
  const found = findFirestoreEmulator();
  if (!found) {
    const binary = firestoreComponentBinary(cloudSdkRoots(undefined));
    throw new Error(
      binary
        ? `The Firestore emulator is installed (${binary}) but no Java runtime was found: install Java 17+ ` +
            '(apt-get install openjdk-17-jre-headless) or set JAVA_HOME.'
        : EMULATOR_INSTALL_HINT,
    );
  }
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (options.port) {
    // Otherwise another emulator already on that port would answer "Ok" and pass for ours.
    if (!(await isPortFree(options.port))) throw new Error(`port ${options.port} on ${LOOPBACK} is already in use`);
    return launch(found, options.port, projectId, dataDir, options);
  }
  // A free port can be taken between our probe and the emulator's bind: pick another and retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(found, await findFreePort(), projectId, dataDir, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
}

// ---------- CLI ----------

interface CliOptions {
  port?: number;
  dataDir?: string;
  projectId?: string;
  verbose: boolean;
}

function parseCli(argv: string[]): CliOptions {
  const options: CliOptions = { verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    // --port 8080 and --port=8080 both work.
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('--port must be 0..65535');
      options.port = port;
    } else if (flag === '--data') options.dataDir = value();
    else if (flag === '--project') options.projectId = value();
    else if (flag === '--verbose') options.verbose = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        'Usage: tsx scripts/firestore-emulator.ts [--port N] [--data DIR] [--project ID] [--verbose]\n' +
          '  --port N      listen on 127.0.0.1:N (default: a free port)\n' +
          '  --data DIR    import DIR/firestore_export on start, export there on Ctrl-C / SIGTERM\n' +
          `  --project ID  project id (default ${DEFAULT_PROJECT_ID})\n` +
          "  --verbose     show the emulator's own output\n",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return options;
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const emulator = await startFirestoreEmulator({
    port: cli.port,
    dataDir: cli.dataDir,
    projectId: cli.projectId,
    verbose: cli.verbose,
  });
  process.stdout.write(`FIRESTORE_EMULATOR_HOST=${emulator.host}\nFIREBASE_PROJECT_ID=${emulator.projectId}\n`);

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      // Second Ctrl-C: the user wants out now; the 'exit' hook kills the group without exporting.
      process.exit(130);
    }
    process.stderr.write(`[firestore-emulator] ${signal}: stopping${cli.dataDir ? ' (exporting first)' : ''}…\n`);
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[firestore-emulator] ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await emulator.exited;
  if (signals === 0) {
    process.stderr.write('[firestore-emulator] the emulator exited on its own\n');
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  clearFirestoreEmulator,
  findExportMetadata,
  findFirestoreEmulator,
  isFirestoreEmulatorUp,
  startFirestoreEmulator,
  type FirestoreEmulator,
} from './firestore-emulator';
import { connectToFirestoreEmulator } from '@/test/firestore-test-helpers';

const PROJECT_ID = 'demo-emulator-script-test';
const ROOT = path.resolve(__dirname, '..');

/** Command lines of live processes that were started for this port (binary, gcloud or firebase-tools form). */
function processesForPort(port: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter(
    (line) => !line.trimStart().startsWith('Z') && (line.includes(`--port=${port}`) || line.includes(`127.0.0.1:${port}`)),
  );
}

function portOf(emulator: FirestoreEmulator): string {
  return emulator.host.split(':')[1] ?? '';
}

describe('startFirestoreEmulator', () => {
  let dataDir = '';
  const started: FirestoreEmulator[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'firestore-emulator-test-'));
  });

  afterAll(async () => {
    // Only matters when a test failed half-way; stop() is idempotent.
    await Promise.all(started.map((emulator) => emulator.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds an emulator on this machine', () => {
    expect(findFirestoreEmulator()).not.toBeNull();
  });

  it('keeps data across restarts through dataDir, clears it, and leaves nothing running after stop()', async () => {
    const first = await startFirestoreEmulator({ dataDir, projectId: PROJECT_ID, quiet: true });
    started.push(first);
    expect(first.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(first.host).not.toBe(process.env.FIRESTORE_EMULATOR_HOST);

    const writer = connectToFirestoreEmulator(first.host, PROJECT_ID, 'emulator-test-writer');
    await writer.db.doc('stores/abc123/jobs/order-100').set({ kind: 'order', total: '12.34' });
    await writer.close();
    await first.stop();
    expect(findExportMetadata(dataDir)).toBeDefined();
    expect(await isFirestoreEmulatorUp(first.host)).toBe(false);

    const second = await startFirestoreEmulator({ dataDir, projectId: PROJECT_ID, quiet: true });
    started.push(second);
    const reader = connectToFirestoreEmulator(second.host, PROJECT_ID, 'emulator-test-reader');
    try {
      const restored = await reader.db.doc('stores/abc123/jobs/order-100').get();
      expect(restored.data()).toEqual({ kind: 'order', total: '12.34' });

      await clearFirestoreEmulator(second.host, PROJECT_ID);
      expect((await reader.db.doc('stores/abc123/jobs/order-100').get()).exists).toBe(false);
      expect(await reader.db.listCollections()).toEqual([]);
    } finally {
      await reader.close();
    }

    await second.stop();
    expect(await isFirestoreEmulatorUp(second.host)).toBe(false);
    expect(processesForPort(portOf(first))).toEqual([]);
    expect(processesForPort(portOf(second))).toEqual([]);
  }, 120_000);

  it('refuses a port that is already taken instead of passing another emulator off as its own', async () => {
    // The run's shared emulator (test/global-setup.ts) holds this port.
    const port = Number(process.env.FIRESTORE_EMULATOR_HOST?.split(':')[1]);
    expect(port).toBeGreaterThan(0);
    await expect(startFirestoreEmulator({ port, quiet: true })).rejects.toThrow(/already in use/);
  });
});

/** PUT/GET against the emulator's REST API without the Admin SDK's "Bearer owner", i.e. as a browser client would. */
function clientRequest(method: string, url: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, agent: false, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('shipped Firestore config', () => {
  it('firebase.json points at rules and indexes files that exist and parse', () => {
    const firebase = JSON.parse(readFileSync(path.join(ROOT, 'firebase.json'), 'utf8')) as {
      firestore: { rules: string; indexes: string };
    };
    const indexes = JSON.parse(readFileSync(path.join(ROOT, firebase.firestore.indexes), 'utf8')) as unknown;
    expect(indexes).toEqual(expect.objectContaining({ indexes: expect.any(Array), fieldOverrides: expect.any(Array) }));
    expect(readFileSync(path.join(ROOT, firebase.firestore.rules), 'utf8')).toContain("rules_version = '2'");
  });

  it('firestore.rules compile and deny every client read and write', async () => {
    // Rules are per project in the emulator, so this project doesn't affect other suites on the shared emulator.
    const host = process.env.FIRESTORE_EMULATOR_HOST ?? '';
    const project = 'demo-rules-test';
    const content = readFileSync(path.join(ROOT, 'firestore.rules'), 'utf8');
    const loaded = await clientRequest('PUT', `http://${host}/emulator/v1/projects/${project}:securityRules`, {
      rules: { files: [{ name: 'firestore.rules', content }] },
    });
    expect(loaded).toEqual({ status: 200, body: expect.any(String) });

    const documents = `http://${host}/v1/projects/${project}/databases/(default)/documents`;
    const write = await clientRequest('PATCH', `${documents}/stores/abc123`, { fields: { name: { stringValue: 'x' } } });
    const read = await clientRequest('GET', `${documents}/stores/abc123`);
    const list = await clientRequest('GET', `${documents}/oauthStates`);
    expect([write.status, read.status, list.status]).toEqual([403, 403, 403]);
  });
});

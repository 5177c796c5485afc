/**
 * Helpers for integration tests against the Firestore emulator that test/global-setup.ts starts.
 * They refuse to run without FIRESTORE_EMULATOR_HOST, so a test can never touch a real project.
 */
import { deleteApp, initializeApp } from 'firebase-admin/app';
import {
  DocumentReference,
  Timestamp,
  getFirestore,
  type CollectionReference,
  type DocumentSnapshot,
  type Firestore,
} from 'firebase-admin/firestore';
import { getFirestoreDb } from '@/lib/firestore/firestore-client';
import { DEFAULT_PROJECT_ID, clearFirestoreEmulator } from '@/scripts/firestore-emulator';

function requireEmulatorHost(): string {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) {
    throw new Error('FIRESTORE_EMULATOR_HOST is not set: Firestore test helpers only talk to the emulator (jest globalSetup starts one)');
  }
  return host;
}

function testProjectId(): string {
  return process.env.FIREBASE_PROJECT_ID || DEFAULT_PROJECT_ID;
}

/** The app's own Firestore instance (same settings as production code), pointed at the emulator. */
export function getTestDb(): Firestore {
  requireEmulatorHost();
  return getFirestoreDb();
}

/**
 * Deletes every document of the test project. Jest runs test files in parallel workers against the same
 * emulator and project, so this also wipes data other files are using: prefer unique ids (store hashes) per test
 * and assert with a prefix; call this only where nothing else can be running.
 */
export async function clearFirestore(): Promise<void> {
  await clearFirestoreEmulator(requireEmulatorHost(), testProjectId());
}

/**
 * A Firestore client for an emulator other than FIRESTORE_EMULATOR_HOST (e.g. a second emulator a test starts).
 * @google-cloud/firestore lets FIRESTORE_EMULATOR_HOST override settings({ host }), both in the constructor and
 * in settings(), so the variable is hidden while the client is built; once built, the client never reads it again.
 */
export function connectToFirestoreEmulator(
  host: string,
  projectId: string,
  appName: string,
): { db: Firestore; close: () => Promise<void> } {
  const app = initializeApp({ projectId }, appName);
  const saved = process.env.FIRESTORE_EMULATOR_HOST;
  delete process.env.FIRESTORE_EMULATOR_HOST;
  try {
    const db = getFirestore(app);
    db.settings({ host, ssl: false });
    return {
      db,
      close: async () => {
        await db.terminate();
        await deleteApp(app);
      },
    };
  } finally {
    if (saved !== undefined) process.env.FIRESTORE_EMULATOR_HOST = saved;
  }
}

/** Path of a collection or document, without leading/trailing slashes; '' for the root. */
function normalisePath(path: string | undefined): string {
  return (path ?? '').replace(/^\/+|\/+$/g, '');
}

async function walkCollection(db: Firestore, collection: CollectionReference, found: DocumentSnapshot[]): Promise<void> {
  // listDocuments() also returns "missing" documents (never written, or deleted) that still have subcollections;
  // a query would skip them and everything beneath them.
  const refs = await collection.listDocuments();
  if (refs.length === 0) return;
  const snapshots = await db.getAll(...refs);
  found.push(...snapshots.filter((snapshot) => snapshot.exists));
  await Promise.all(refs.map((ref) => walkDocument(db, ref, found, false)));
}

async function walkDocument(db: Firestore, ref: DocumentReference, found: DocumentSnapshot[], includeSelf: boolean): Promise<void> {
  if (includeSelf) {
    const snapshot = await ref.get();
    if (snapshot.exists) found.push(snapshot);
  }
  const subcollections = await ref.listCollections();
  await Promise.all(subcollections.map((collection) => walkCollection(db, collection, found)));
}

/** Every existing document at or below `prefix` (a collection or document path; default: the whole database). */
async function allDocuments(prefix: string | undefined, db: Firestore): Promise<DocumentSnapshot[]> {
  const root = normalisePath(prefix);
  const found: DocumentSnapshot[] = [];
  if (root === '') {
    const collections = await db.listCollections();
    await Promise.all(collections.map((collection) => walkCollection(db, collection, found)));
  } else if (root.split('/').length % 2 === 1) {
    await walkCollection(db, db.collection(root), found);
  } else {
    await walkDocument(db, db.doc(root), found, true);
  }
  return found;
}

/**
 * Paths of every existing document at or below `prefix`, through every subcollection, sorted. A "missing" parent
 * (no data of its own, only subcollections) is not listed itself, but everything beneath it is.
 * E.g. after uninstall: expect(await listAllDocumentPaths(`stores/${storeHash}`)).toEqual([]).
 */
export async function listAllDocumentPaths(prefix?: string, db: Firestore = getTestDb()): Promise<string[]> {
  const documents = await allDocuments(prefix, db);
  return documents.map((snapshot) => snapshot.ref.path).sort();
}

/**
 * Every document (path and data) at or below each prefix, as one comparable string: take it before and after a
 * request that must write nothing. Scope it to what the code under test could touch — the emulator project is
 * shared by every suite of a jest worker, so the whole database grows with the run.
 */
export async function documentsFingerprint(prefixes: readonly string[], db: Firestore = getTestDb()): Promise<string> {
  const documents = (await Promise.all(prefixes.map((prefix) => allDocuments(prefix, db)))).flat();
  const entries = documents.map((snapshot) => [snapshot.ref.path, searchableJson(snapshot.data() ?? null)] as const);
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Top-level collections other than `stores` (realms, support data, …), for fingerprints next to one store's subtree. */
export async function sharedCollectionIds(db: Firestore = getTestDb()): Promise<string[]> {
  return (await db.listCollections()).map((collection) => collection.id).filter((id) => id !== 'stores');
}

/** JSON with Firestore types spelled out, so references and bytes are searchable too. */
function searchableJson(data: unknown): string {
  return JSON.stringify(data, function (this: unknown, key: string, value: unknown) {
    // `value` has already been through toJSON(); the holder still has the original.
    const original = (this as Record<string, unknown>)[key];
    if (original instanceof DocumentReference) return `ref:${original.path}`;
    if (original instanceof Timestamp) return original.toDate().toISOString();
    if (original instanceof Uint8Array) {
      const bytes = Buffer.from(original);
      return { bytesBase64: bytes.toString('base64'), bytesUtf8: bytes.toString('utf8') };
    }
    return value;
  });
}

/**
 * Paths of every document whose data (field names and values, JSON-stringified) contains `value`, sorted.
 * E.g. expect(await findDocumentsMentioning(plaintextAccessToken)).toEqual([]).
 */
export async function findDocumentsMentioning(value: string, db: Firestore = getTestDb()): Promise<string[]> {
  if (value === '') throw new Error('findDocumentsMentioning needs a non-empty value');
  // Look for the value as it appears inside a JSON string (quotes, backslashes escaped), so a `"` in the value
  // can't match the JSON's own delimiters.
  const needle = JSON.stringify(value).slice(1, -1);
  const documents = await allDocuments(undefined, db);
  return documents
    .filter((snapshot) => searchableJson(snapshot.data()).includes(needle))
    .map((snapshot) => snapshot.ref.path)
    .sort();
}

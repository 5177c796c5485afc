import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { findDocumentsMentioning, getTestDb, listAllDocumentPaths } from './firestore-test-helpers';

// Unique ids per run: other test files share this emulator and project while this one runs.
const storeHash = `helpers-${randomUUID().slice(0, 8)}`;
const store = `stores/${storeHash}`;

describe('listAllDocumentPaths', () => {
  beforeAll(async () => {
    const db = getTestDb();
    // stores/{hash} and its jobs/order-1 are never written: "missing" parents that only have subcollections.
    await db.doc(`${store}/jobs/order-1/attempts/1`).set({ status: 'failed' });
    await db.doc(`${store}/settings/current`).set({});
    await db.doc(`realms/${storeHash}-realm`).set({ storeHash });
  });

  it('finds a document two subcollections below parents that have no data of their own', async () => {
    expect(await listAllDocumentPaths(store)).toEqual([`${store}/jobs/order-1/attempts/1`, `${store}/settings/current`]);
    expect((await getTestDb().doc(store).get()).exists).toBe(false);
  });

  it('walks from a collection path, a document path or the whole database', async () => {
    expect(await listAllDocumentPaths(`${store}/jobs`)).toEqual([`${store}/jobs/order-1/attempts/1`]);
    expect(await listAllDocumentPaths(`/${store}/settings/current/`)).toEqual([`${store}/settings/current`]);
    expect(await listAllDocumentPaths(`${store}/nothing-here`)).toEqual([]);
    expect(await listAllDocumentPaths()).toEqual(
      expect.arrayContaining([`${store}/jobs/order-1/attempts/1`, `${store}/settings/current`, `realms/${storeHash}-realm`]),
    );
  });

  it('reports nothing once the store is deleted recursively', async () => {
    const other = `stores/${storeHash}-deleted`;
    await getTestDb().doc(`${other}/users/7/sessions/s1`).set({ at: Timestamp.now() });
    expect(await listAllDocumentPaths(other)).toHaveLength(1);
    await getTestDb().recursiveDelete(getTestDb().doc(other));
    expect(await listAllDocumentPaths(other)).toEqual([]);
  });
});

describe('findDocumentsMentioning', () => {
  it('finds a value anywhere in document data, including nested fields, bytes and escaped strings', async () => {
    const db = getTestDb();
    const token = `plaintext-token-${randomUUID()}`;
    await db.doc(`${store}/quickbooks/connection`).set({ tokens: { refresh: { value: token } } });
    await db.doc(`${store}/log/bytes`).set({ raw: Buffer.from(`prefix ${token} suffix`, 'utf8') });
    await db.doc(`${store}/log/quoted`).set({ note: `said "${token}"`, ref: db.doc(`${store}/settings/current`) });
    await db.doc(`${store}/log/unrelated`).set({ at: Timestamp.now(), ref: db.doc(store) });

    expect(await findDocumentsMentioning(token)).toEqual([
      `${store}/log/bytes`,
      `${store}/log/quoted`,
      `${store}/quickbooks/connection`,
    ]);
    expect(await findDocumentsMentioning(`"${token}"`)).toEqual([`${store}/log/quoted`]);
    expect(await findDocumentsMentioning(`ref:${store}/settings/current`)).toEqual([`${store}/log/quoted`]);
    expect(await findDocumentsMentioning(`never-stored-${randomUUID()}`)).toEqual([]);
  });
});

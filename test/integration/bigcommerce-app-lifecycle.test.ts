/**
 * The app's BigCommerce lifecycle end to end: real route handlers over loopback HTTP, the BigCommerce
 * sandbox (OAuth, REST, hooks, server-side callbacks) and the Firestore emulator.
 */
import jwt from 'jsonwebtoken';
import { WEBHOOK_SCOPES, WEBHOOK_SECRET_HEADER } from '@/lib/bigcommerce/webhook-registration';
import { documentsFingerprint, findDocumentsMentioning, getTestDb, listAllDocumentPaths, sharedCollectionIds } from '@/test/firestore-test-helpers';
import { startAppHarness, type AppHarness } from '@/test/app-harness';

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness();
});

afterAll(async () => {
  await harness?.stop();
});

/** Every document path and its data: "nothing written" means this does not change. */
async function firestoreSnapshot(): Promise<string> {
  return documentsFingerprint(['stores', ...(await sharedCollectionIds())]);
}

describe('install (auth callback)', () => {
  it('stores the store sealed, adds the installer, registers webhooks and leads into the app', async () => {
    const store = await harness.createStore();
    const install = await harness.install(store.hash);

    expect(install.status).toBe(302);
    expect(install.location).toMatch(/^\/welcome\?exchange=/);

    const snapshot = await getTestDb().doc(`stores/${store.hash}`).get();
    expect(snapshot.exists).toBe(true);
    expect(snapshot.get('facts.name')).toBe(store.name);
    expect(snapshot.get('accessToken.kid')).toBe(process.env.ENCRYPTION_ACTIVE_KEY_ID);
    // The token BigCommerce issued appears nowhere in Firestore in plaintext.
    const issued = harness.accessTokensOf(store.hash);
    expect(issued.length).toBeGreaterThan(0);
    for (const token of issued) expect(await findDocumentsMentioning(token)).toEqual([]);

    const owner = await getTestDb().doc(`stores/${store.hash}/users/${store.ownerId}`).get();
    expect(owner.get('role')).toBe('owner');

    const hooks = harness.hooksOf(store.hash);
    expect(hooks.map((hook) => hook.scope).sort()).toEqual([...WEBHOOK_SCOPES].sort());
    const secrets = new Set(hooks.map((hook) => hook.headers?.[WEBHOOK_SECRET_HEADER]));
    expect(secrets.size).toBe(1);
    const [secret] = [...secrets];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await findDocumentsMentioning(secret!)).toEqual([]);
    expect(hooks.every((hook) => hook.destination === `${harness.appUrl}/api/webhooks/bigcommerce` && hook.is_active)).toBe(true);
    expect(snapshot.get('webhooks.status')).toBe('ok');

    // The welcome page's code redeems once for a working session.
    const session = await harness.redeem(install.code!);
    expect(session.status).toBe(200);
    const overview = await harness.api('/api/app/store', session.body.token);
    expect(overview.status).toBe(200);
    expect(overview.body.store).toMatchObject({ hash: store.hash, name: store.name });
    expect((await harness.redeem(install.code!)).status).toBe(403);
  });

  it('reinstalling does not duplicate webhooks and repairs a deactivated one', async () => {
    const store = await harness.createStore();
    await harness.install(store.hash);
    const first = harness.hooksOf(store.hash);
    harness.deactivateHook(store.hash, first[0]!.id);

    await harness.install(store.hash); // re-auth, e.g. after a scope change
    const second = harness.hooksOf(store.hash);
    expect(second).toHaveLength(WEBHOOK_SCOPES.length);
    expect(second.map((hook) => hook.id).sort()).toEqual(first.map((hook) => hook.id).sort());
    expect(second.every((hook) => hook.is_active)).toBe(true);

    await harness.uninstall(store.hash);
    await harness.install(store.hash);
    expect(harness.hooksOf(store.hash)).toHaveLength(WEBHOOK_SCOPES.length);
  });

  it('refuses a forged or reused install code and writes nothing', async () => {
    const store = await harness.createStore();
    const before = await firestoreSnapshot();
    const forged = await harness.get(`/api/bigcommerce/auth?code=forged&scope=store_v2_orders&context=stores/${store.hash}`);
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('could not be completed');
    const malformed = await harness.get('/api/bigcommerce/auth?code=x&scope=y&context=../../etc');
    expect(malformed.status).toBe(400);
    expect(await firestoreSnapshot()).toBe(before);
  });
});

describe('load callback', () => {
  it('opens the app at the deep link for the owner', async () => {
    const store = await harness.createStore();
    await harness.install(store.hash);
    const load = await harness.load(store.hash, store.ownerId, '/welcome?tab=tax');
    expect(load.status).toBe(302);
    expect(load.location).toMatch(/^\/welcome\?tab=tax&exchange=/);
    expect((await harness.redeem(load.code!)).status).toBe(200);
  });

  it('never redirects off the app, whatever the deep link says', async () => {
    const store = await harness.createStore();
    await harness.install(store.hash);
    for (const url of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/api/bigcommerce/uninstall']) {
      const load = await harness.load(store.hash, store.ownerId, url);
      expect(load.location).toMatch(/^\/\?exchange=/);
    }
  });

  it('adds a second user on first open and removes them on remove_user', async () => {
    const store = await harness.createStore();
    await harness.install(store.hash);
    const staff = await harness.addUser(store.hash, 'staff@example.com');
    expect((await getTestDb().doc(`stores/${store.hash}/users/${staff.id}`).get()).exists).toBe(false);

    const load = await harness.load(store.hash, staff.id);
    expect(load.status).toBe(302);
    const user = await getTestDb().doc(`stores/${store.hash}/users/${staff.id}`).get();
    expect(user.get('role')).toBe('user');
    expect(user.get('email')).toBe('staff@example.com');
    const session = await harness.redeem(load.code!);
    expect((await harness.api('/api/app/store', session.body.token)).status).toBe(200);

    await harness.removeUser(store.hash, staff.id);
    expect((await getTestDb().doc(`stores/${store.hash}/users/${staff.id}`).get()).exists).toBe(false);
    expect((await getTestDb().doc(`stores/${store.hash}/users/${store.ownerId}`).get()).exists).toBe(true);
    // The removed user's still-unexpired session stops working at once.
    expect((await harness.api('/api/app/store', session.body.token)).status).toBe(403);
  });

  it('shows a clear page for a store that has not installed the app', async () => {
    const store = await harness.createStore();
    const load = await harness.load(store.hash, store.ownerId);
    expect(load.status).toBe(302);
    expect(load.location).toBe(`/not-installed?store=${store.hash}`);
    expect(await listAllDocumentPaths(`stores/${store.hash}`)).toEqual([]);
  });

  describe('refuses every forgery with 401 and writes nothing', () => {
    const secret = () => process.env.BC_CLIENT_SECRET!;
    const base = (hash: string, userId: number) => {
      const now = Math.floor(Date.now() / 1000);
      return {
        aud: process.env.BC_CLIENT_ID,
        iss: 'bc',
        iat: now,
        nbf: now - 5,
        exp: now + 86_400,
        jti: `jti-${now}`,
        sub: `stores/${hash}`,
        user: { id: userId, email: 'intruder@example.com', locale: 'en' },
        owner: { id: userId, email: 'intruder@example.com' },
        url: '/',
        channel_id: null,
      };
    };
    const forgeries: Array<[string, (hash: string, userId: number) => string]> = [
      ['wrong secret', (h, u) => jwt.sign(base(h, u), 'some-other-secret-0123456789abcdef')],
      ['alg none', (h, u) => jwt.sign(base(h, u), '', { algorithm: 'none' })],
      ['expired', (h, u) => jwt.sign({ ...base(h, u), exp: Math.floor(Date.now() / 1000) - 60 }, secret())],
      ['not yet valid', (h, u) => jwt.sign({ ...base(h, u), nbf: Math.floor(Date.now() / 1000) + 60 }, secret())],
      ['wrong aud', (h, u) => jwt.sign({ ...base(h, u), aud: 'another-app' }, secret())],
      ['wrong iss', (h, u) => jwt.sign({ ...base(h, u), iss: 'not-bc' }, secret())],
      [
        'tampered sub',
        (h, u) => {
          const [header, , signature] = jwt.sign(base('othershop', u), secret()).split('.');
          return `${header}.${Buffer.from(JSON.stringify(base(h, u))).toString('base64url')}.${signature}`;
        },
      ],
    ];

    it.each(forgeries)('%s', async (_name, forge) => {
      const store = await harness.createStore();
      await harness.install(store.hash);
      const intruderId = 999_000 + Math.floor(Math.random() * 1000);
      const token = forge(store.hash, intruderId);
      const before = await firestoreSnapshot();
      for (const callback of ['load', 'uninstall', 'remove-user']) {
        const response = await harness.get(`/api/bigcommerce/${callback}?signed_payload_jwt=${encodeURIComponent(token)}`);
        expect(response.status).toBe(401);
      }
      expect(await firestoreSnapshot()).toBe(before);
    });
  });
});

describe('uninstall callback', () => {
  it('leaves no document of the store anywhere in Firestore', async () => {
    const store = await harness.createStore();
    await harness.install(store.hash);
    const staff = await harness.addUser(store.hash, 'helper@example.com');
    const load = await harness.load(store.hash, staff.id); // a second user and an unredeemed session code
    expect(load.status).toBe(302);
    expect((await listAllDocumentPaths(`stores/${store.hash}`)).length).toBeGreaterThan(2);

    await harness.uninstall(store.hash);

    expect(await listAllDocumentPaths(`stores/${store.hash}`)).toEqual([]);
    expect(await findDocumentsMentioning(store.hash)).toEqual([]);
  });
});

describe('app API isolation', () => {
  it("a session for store A never reads store B, and a forged session is refused", async () => {
    const a = await harness.createStore();
    const b = await harness.createStore();
    await harness.install(a.hash);
    await harness.install(b.hash);
    const sessionA = await harness.redeem((await harness.load(a.hash, a.ownerId)).code!);

    const overview = await harness.api('/api/app/store', sessionA.body.token);
    expect(overview.body.store.hash).toBe(a.hash);
    expect(JSON.stringify(overview.body)).not.toContain(b.hash);

    // Re-pointing A's token at B without the signing key fails verification.
    const [header, payload, signature] = String(sessionA.body.token).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: b.hash })).toString('base64url')}.${signature}`;
    expect((await harness.api('/api/app/store', tampered)).status).toBe(401);

    // A correctly signed session naming store B for a user who is not B's member is refused too.
    const crossStore = jwt.sign({ uid: a.ownerId }, process.env.APP_SESSION_SECRET!, {
      subject: b.hash,
      issuer: 'qbo-sync',
      audience: 'qbo-sync-app',
      expiresIn: 60,
    });
    if (a.ownerId !== b.ownerId) expect((await harness.api('/api/app/store', crossStore)).status).toBe(403);

    expect((await harness.api('/api/app/store', undefined)).status).toBe(401);
    expect((await harness.api('/api/app/store', 'garbage')).status).toBe(401);
  });
});

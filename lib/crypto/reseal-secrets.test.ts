import { randomBytes } from 'node:crypto';
import { getTestDb } from '@/test/firestore-test-helpers';
import { resealSecrets } from './reseal-secrets';
import { openSecret, sealSecret, type KeyRing } from './secret-box';

describe('resealSecrets (Firestore emulator)', () => {
  it('re-seals boxes from retired keys with the active key and leaves current ones alone', async () => {
    const db = getTestDb();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before: KeyRing = { activeKeyId: 'old', keys: new Map([['old', oldKey]]) };
    const after: KeyRing = { activeKeyId: 'new', keys: new Map([['old', oldKey], ['new', newKey]]) };
    const hash = `reseal${Date.now().toString(36)}`;
    const path = `stores/${hash}`;
    await db.doc(path).set({
      storeHash: hash,
      accessToken: sealSecret('bc-token', `${path}#accessToken`, before),
      webhookSecret: sealSecret('hook-secret', `${path}#webhookSecret`, after),
    });

    const report = await resealSecrets(db, after);
    // Other suites' stores share the emulator and are sealed with keys this ring lacks: judge only ours.
    expect(report.failed.filter((failure) => failure.path === path)).toEqual([]);
    expect(report.resealed).toBeGreaterThanOrEqual(1);

    const stored = (await db.doc(path).get()).data()!;
    expect(stored.accessToken.kid).toBe('new');
    expect(openSecret(stored.accessToken, `${path}#accessToken`, { activeKeyId: 'new', keys: new Map([['new', newKey]]) })).toBe('bc-token');
    expect(stored.webhookSecret.kid).toBe('new');
    expect(openSecret(stored.webhookSecret, `${path}#webhookSecret`, after)).toBe('hook-secret');

    // A second run finds nothing of ours left to do.
    const again = await resealSecrets(db, after);
    const ours = (await db.doc(path).get()).data()!;
    expect(ours.accessToken).toEqual(stored.accessToken);
    expect(again.failed.filter((failure) => failure.path === path)).toEqual([]);
  });
});

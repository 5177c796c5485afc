/**
 * The app home over real HTTP: the onboarding checklist from a fresh install to live (each step refused
 * until its prerequisites hold, with the reason), going live catching up the orders placed since the start
 * date, and the dashboard's figures (today's counts, 30-day volume, recent activity, webhook health)
 * reflecting what really reached the QuickBooks sandbox.
 */
import { getAppDeps } from '@/lib/app-deps';
import type { StoreDashboard } from '@/lib/dashboard/store-dashboard';
import { startAppHarness, type AppHarness } from '@/test/app-harness';
import { drainQueue } from '@/test/queue-test-helpers';

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness({ quickbooks: { companies: [{ country: 'US', name: 'Dashboard Books LLC' }] } });
});

afterAll(async () => {
  await harness?.stop();
});

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('onboarding to live, and the dashboard', () => {
  it('walks connect → defaults → start date → go live, catches up earlier orders, and counts what was posted', async () => {
    const { store, token } = await harness.openNewStore();
    const dashboard = async () => {
      const response = await harness.api('/api/app/dashboard', token);
      expect(response.status).toBe(200);
      return response.body as StoreDashboard;
    };

    const fresh = await dashboard();
    expect(fresh.onboarding).toEqual({
      complete: false,
      steps: [
        { id: 'connect', done: false },
        { id: 'review', done: false },
        { id: 'start-date', done: false },
        { id: 'go-live', done: false },
      ],
    });
    expect(fresh.connection.status).toBe('not_connected');
    expect(fresh.volume).toHaveLength(30);
    expect(fresh.volume.every((point) => point.posted === 0)).toBe(true);
    expect(fresh.recent).toEqual([]);

    // Each step refuses until its prerequisite holds, saying which.
    let answer = await harness.api('/api/app/onboarding', token, post({ action: 'go-live' }));
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toBe('Connect QuickBooks before going live.');
    expect((await harness.connectQuickBooks(token)).callback.status).toBe(200);
    answer = await harness.api('/api/app/onboarding', token, post({ action: 'go-live' }));
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/^Pick the date to start from/);
    expect((await getAppDeps().sync.settings.get(store.hash)).live).toBe(false);

    expect((await harness.api('/api/app/onboarding', token, post({ action: 'accept-defaults' }))).status).toBe(200);
    for (const bad of [{ action: 'start-date', startDate: '2026-02-30' }, { action: 'start-date' }, { action: 'launch' }, 'go-live']) {
      expect((await harness.api('/api/app/onboarding', token, post(bad))).status).toBe(400);
    }
    expect((await harness.api('/api/app/onboarding', token, post({ action: 'start-date', startDate: daysAgo(2) }))).status).toBe(200);
    expect((await dashboard()).onboarding.steps.map((step) => step.done)).toEqual([true, true, true, false]);

    // An order placed while the app was not live yet: looked at, skipped.
    const early = harness.sandbox.admin.createOrder(store.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }], status_id: 11 });
    await drainQueue(harness, store.hash);
    expect(harness.qbo.state.entities('SalesReceipt', harness.qbo.realmId)).toEqual([]);

    answer = await harness.api('/api/app/onboarding', token, post({ action: 'go-live' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ live: true, startDate: daysAgo(2), catchUp: { status: 'running', dryRun: false } });
    await drainQueue(harness, store.hash, 10);
    const receipts = () => (harness.qbo.state.entities('SalesReceipt', harness.qbo.realmId) as Array<{ DocNumber: string }>).map((doc) => doc.DocNumber);
    expect(receipts()).toEqual([`BC-${early.id}`]);

    // Live: the next order posts from its webhook.
    const later = harness.sandbox.admin.createOrder(store.hash, { customer_id: 1, lines: [{ product_id: 111, quantity: 2 }], status_id: 11 });
    await drainQueue(harness, store.hash);
    expect(receipts().sort()).toEqual([`BC-${early.id}`, `BC-${later.id}`].sort());

    const live = await dashboard();
    expect(live.onboarding.complete).toBe(true);
    expect(live.sync.live).toBe(true);
    expect(live.connection).toMatchObject({ status: 'connected', companyName: 'Dashboard Books LLC' });
    expect(live.today).toMatchObject({ posted: 2, pending: 0, needsAttention: 0 });
    expect(live.volume.at(-1)).toEqual({ day: live.today.day, posted: 2 });
    expect(live.volume.reduce((sum, point) => sum + point.posted, 0)).toBe(2);
    expect(live.webhooks.lastReceivedAt).toBeDefined();
    expect(live.webhooks.quiet).toBe(false);
    expect(live.recent.map((item) => [item.orderId, item.status, item.document?.docNumber])).toEqual(
      expect.arrayContaining([
        [early.id, 'done', `BC-${early.id}`],
        [later.id, 'done', `BC-${later.id}`],
      ]),
    );

    expect((await harness.api('/api/app/onboarding', token, post({ action: 'pause' }))).body).toMatchObject({ live: false });
    expect((await dashboard()).onboarding.steps.at(-1)).toEqual({ id: 'go-live', done: false });
  });

  it('answers 401 without a session and 405 for other methods', async () => {
    expect((await harness.api('/api/app/dashboard', undefined)).status).toBe(401);
    expect((await harness.api('/api/app/onboarding', 'forged.token.value', post({ action: 'pause' }))).status).toBe(401);
    const { token } = await harness.openNewStore();
    expect((await harness.api('/api/app/dashboard', token, { method: 'DELETE' })).status).toBe(405);
  });
});

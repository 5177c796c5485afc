/**
 * The client against the BigCommerce sandbox's fixed-window quota (X-Rate-Limit-* headers): several jobs of one
 * store reading at once must share the quota without collecting 429s.
 */
import { startBigCommerceSandbox, type BigCommerceSandbox } from '@/sandboxes/bigcommerce/bigcommerce-sandbox';
import { FULL_SCOPE } from '@/sandboxes/bigcommerce/sandbox-test-kit';
import { BigCommerceClient } from './bigcommerce-client';

const app = {
  name: 'Client test',
  clientId: 'client-test',
  clientSecret: 'client-test-secret',
  authCallbackUrl: 'http://127.0.0.1:9/auth',
  loadCallbackUrl: 'http://127.0.0.1:9/load',
  uninstallCallbackUrl: 'http://127.0.0.1:9/uninstall',
  removeUserCallbackUrl: 'http://127.0.0.1:9/remove-user',
};

let bc: BigCommerceSandbox;

beforeAll(async () => {
  bc = await startBigCommerceSandbox({ app, rateLimit: { quota: 12, windowMs: 600 }, latencyMs: 5 });
});

afterAll(async () => {
  await bc?.stop();
});

describe('BigCommerceClient quota', () => {
  it('keeps four concurrent readers of one store inside the quota: every request answered, no 429 at all', async () => {
    const client = () =>
      new BigCommerceClient({ apiUrl: bc.apiUrl, storeHash: bc.storeHash, accessToken: bc.admin.createApiAccount(bc.storeHash, { scope: FULL_SCOPE }).accessToken });
    const started = Date.now();
    const reader = async () => {
      const mine = client();
      for (let i = 0; i < 9; i += 1) expect(await mine.get('/v2/store')).toMatchObject({ id: expect.anything() });
    };
    await Promise.all([reader(), reader(), reader(), reader()]);

    const stats = bc.state.stats.byStore[bc.storeHash]!;
    expect(stats.requests).toBe(36);
    expect(stats.rateLimited).toBe(0);
    // 36 requests at 12 per 600 ms window: at least two windows had to be waited out.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_200);
  });
});

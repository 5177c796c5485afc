import { spawn } from 'node:child_process';
import path from 'node:path';
import { startBigCommerceSandbox, type BigCommerceSandbox } from './bigcommerce-sandbox';
import { escapeHtml } from './control-panel-page';

const APP = {
  name: 'QuickBooks <Sync>',
  clientId: 'cp-client',
  clientSecret: 'cp-secret',
  authCallbackUrl: 'http://localhost:3999/api/bigcommerce/auth',
  loadCallbackUrl: 'http://localhost:3999/api/bigcommerce/load',
  uninstallCallbackUrl: 'http://localhost:3999/api/bigcommerce/uninstall',
  removeUserCallbackUrl: 'http://localhost:3999/api/bigcommerce/remove-user',
};

let sandbox: BigCommerceSandbox;

beforeAll(async () => {
  sandbox = await startBigCommerceSandbox({ app: APP, storeHash: 'a1b2c3d' });
});
afterAll(() => sandbox.stop());

describe('control panel page', () => {
  test('renders the store, acting users, the app with Install, the order form and an app iframe', async () => {
    const clerk = sandbox.admin.addUser('a1b2c3d', { email: 'clerk@example.com' });
    const res = await fetch(`${sandbox.controlPanelUrl()}&user=${clerk.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<iframe id="app-frame"');
    expect(html).toContain(escapeHtml(APP.name));
    expect(html).not.toContain('<Sync>');
    expect(html).toContain('data-action="install"');
    expect(html).toMatch(/data-action="install" disabled/); // the clerk may not install
    expect(html).toContain(`<option value="${clerk.id}" selected>`);
    expect(html).toContain('id="order-form"');
    expect(html).toContain('data-action="logout"');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/); // no external assets
  });

  test('after install it offers Open/Uninstall, lists orders with pay/refund/cancel, and shows deliveries', async () => {
    const store = sandbox.state.stores.get('a1b2c3d')!;
    store.app = { installed: true, scope: 'store_v2_orders_read_only' };
    const order = sandbox.admin.createOrder('a1b2c3d', { customer_id: 1, lines: [{ product_id: 111, quantity: 1 }] });
    const html = await (await fetch(sandbox.controlPanelUrl('a1b2c3d'))).text();
    expect(html).toContain('data-action="open"');
    expect(html).toContain('data-action="uninstall"');
    expect(html).toContain('id="deep-link"');
    for (const action of ['pay', 'refund', 'cancel', 'ship']) expect(html).toContain(`data-action="${action}" data-order-id="${order.id}"`);
    store.app = { installed: false, scope: '' };
  });

  test('control_panel_base_url deep links and the root redirect land on the page; unknown stores are 404', async () => {
    const info = sandbox.state.stores.get('a1b2c3d')!;
    expect(info.controlPanelBaseUrl).toBe(`${sandbox.url}/store-a1b2c3d`);
    const deep = await fetch(`${info.controlPanelBaseUrl}/manage/orders/100`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('/manage/orders/100');
    const root = await fetch(sandbox.url, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/manage']);
    expect((await fetch(`${sandbox.url}/manage?store=nope`)).status).toBe(404);
  });

  test('serves the control-panel SDK stand-in', async () => {
    const res = await fetch(`${sandbox.url}/jssdk/bc-sdk.js`);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const source = await res.text();
    // Run it against a fake window: init registers onLogout, bcAsyncInit is called, a logout message triggers it.
    const listeners: ((event: { data: unknown }) => void)[] = [];
    let loggedOut = 0;
    const fakeWindow: Record<string, unknown> = {
      addEventListener: (_: string, fn: (event: { data: unknown }) => void) => listeners.push(fn),
      removeEventListener: () => undefined,
      bcAsyncInit: () => (fakeWindow.Bigcommerce as { init(o: unknown): void }).init({ onLogout: () => (loggedOut += 1) }),
    };
    new Function('window', 'setTimeout', source)(fakeWindow, (fn: () => void) => fn());
    listeners.forEach((fn) => fn({ data: { type: 'something-else' } }));
    listeners.forEach((fn) => fn({ data: { type: 'logout' } }));
    expect(loggedOut).toBe(1);
  });

  test('listens on loopback only', async () => {
    await expect(startBigCommerceSandbox({ app: APP, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

describe('CLI', () => {
  test('starts from env vars, prints the control-panel URL and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'main.ts')], {
      env: { ...process.env, BC_SANDBOX_PORT: '0', BC_CLIENT_ID: 'cli-client', BC_CLIENT_SECRET: 'cli-secret', APP_URL: 'http://localhost:3999' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    while (!/control panel:\s+(http:\S+)/.test(output) && Date.now() - started < 20_000 && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /control panel:\s+(http:\S+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);
});

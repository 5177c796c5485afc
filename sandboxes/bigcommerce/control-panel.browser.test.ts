/**
 * Drives the control panel page in Debian's Chromium (DESIGN.md: `apt-get install chromium`): the app is
 * loaded in a cross-origin iframe for install and open, the SDK stand-in delivers logout, and the order
 * form and order buttons work. Needs Debian's Chromium (test/chromium.ts); it fails, never skips, without it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from '@/test/chromium';
import { startBigCommerceSandbox, type BigCommerceSandbox } from './bigcommerce-sandbox';

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
describe('control panel in a browser', () => {
  let browser: Browser;
  let sandbox: BigCommerceSandbox;
  let appServer: http.Server;
  let appOrigin = '';
  const events: string[] = [];

  beforeAll(async () => {
    // A tiny app on another origin ("localhost" vs the sandbox's 127.0.0.1): exchanges the code, renders HTML with the SDK.
    appServer = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', appOrigin);
      const page = (title: string) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<!doctype html><title>${title}</title><h1 id="title">${title}</h1>
          <script>window.bcAsyncInit = function () { Bigcommerce.init({ onLogout: function () { fetch('/logged-out'); } }); };</script>
          <script src="${sandbox.url}/jssdk/bc-sdk.js"></script>`);
      };
      if (url.pathname === '/auth') {
        events.push('auth');
        fetch(`${sandbox.loginUrl}/oauth2/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            client_id: 'browser-client',
            client_secret: 'browser-secret',
            code: url.searchParams.get('code'),
            context: url.searchParams.get('context'),
            scope: url.searchParams.get('scope'),
            grant_type: 'authorization_code',
            redirect_uri: `${appOrigin}/auth`,
          }),
        }).then((r) => {
          events.push(`token:${r.status}`);
          page('Installed');
        });
        return;
      }
      if (url.pathname === '/load') {
        events.push(url.searchParams.has('signed_payload_jwt') ? 'load:jwt' : 'load');
        return page('Loaded');
      }
      events.push(url.pathname.slice(1));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://localhost:${(appServer.address() as AddressInfo).port}`;
    sandbox = await startBigCommerceSandbox({
      app: {
        name: 'Browser App',
        clientId: 'browser-client',
        clientSecret: 'browser-secret',
        authCallbackUrl: `${appOrigin}/auth`,
        loadCallbackUrl: `${appOrigin}/load`,
        uninstallCallbackUrl: `${appOrigin}/uninstall`,
        removeUserCallbackUrl: `${appOrigin}/remove-user`,
      },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await new Promise<void>((resolve) => {
      appServer.close(() => resolve());
      appServer.closeAllConnections();
    });
  });

  test('install, open, log out, place/refund an order and uninstall through the page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(sandbox.controlPanelUrl());

    await page.click('[data-action="install"]');
    await page.frameLocator('#app-frame').locator('#title', { hasText: 'Installed' }).waitFor();
    expect(events).toEqual(['auth', 'token:200']);
    await page.locator('[data-action="open"]').waitFor(); // panels refresh after install

    await page.fill('#deep-link', '/orders/100');
    await page.click('[data-action="open"]');
    await page.frameLocator('#app-frame').locator('#title', { hasText: 'Loaded' }).waitFor();
    expect(events).toContain('load:jwt');

    await page.click('header [data-action="logout"]');
    await until(() => events.includes('logged-out'));

    await page.selectOption('select[name="customer"]', '1');
    await page.fill('input[name="coupon_code"]', 'SAVE5');
    await page.fill('input[name="coupon_amount"]', '5');
    await page.fill('input[name="tax_rate"]', '8.25');
    await page.click('#order-form button[type="submit"]');
    await page.locator('#orders-card td', { hasText: 'Awaiting Fulfillment' }).first().waitFor();
    const order = [...sandbox.state.stores.get(sandbox.storeHash)!.orders.values()][0]!;
    expect(order.coupons[0]?.code).toBe('SAVE5');

    page.once('dialog', (dialog) => void dialog.accept('10.00'));
    await page.click(`[data-action="refund"][data-order-id="${order.id}"]`);
    await page.locator('#orders-card td', { hasText: 'Partially Refunded' }).first().waitFor();
    expect(order.refundedTotal).toBe(100_000);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-action="uninstall"]');
    await page.locator('#status', { hasText: 'Uninstall callback → 200' }).waitFor();
    expect(events).toContain('uninstall');
    expect(errors).toEqual([]);
  }, 30_000);
});

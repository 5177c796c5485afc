/**
 * The merchant's and the support engineer's whole journey in a real browser (Debian's Chromium through
 * playwright-core), against the app started as `npm run dev` starts it (test/browser/app-under-test.ts):
 * install and open the app inside the BigCommerce sandbox's control panel (a cross-origin iframe, third-party
 * cookies refused), onboard, connect QuickBooks in the consent popup, map an item, place an order in the control
 * panel and watch it post with its QuickBooks number, refund it, preview an order, backfill older orders to
 * 100 %, then sign in to the support view and drill into the store. Every page is saved as a numbered screenshot
 * in test-results/screenshots. What the pages say is checked against the sandboxes' own state over HTTP.
 *
 * The steps are one ordered flow: each builds on the one before, and after a failure the rest report that
 * instead of failing on their own. Needs Chromium (fails, never skips, without it).
 */
import path from 'node:path';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { startAppUnderTest, type AppUnderTest } from './app-under-test';
import { launchBrowser } from './browser';
import { QuickBooksBooks, sandboxJson } from './sandbox-apis';
import { Screenshots } from './screenshots';

jest.setTimeout(120_000);

/** The app's whole output of the last run (gitignored, beside the screenshots). */
const APP_LOG = path.resolve(__dirname, '../../test-results/browser-app.log');
/** Pages and API routes the flow visits: compiled by `next dev` up front, all at once (one webpack pass). */
const WARM_PATHS = [
  '/welcome',
  '/',
  '/settings',
  '/activity',
  '/activity/1',
  '/backfill',
  '/support',
  '/support/stores/warm',
  '/api/bigcommerce/auth',
  '/api/bigcommerce/load',
  '/api/bc-sdk',
  '/api/app/session',
  '/api/app/store',
  '/api/app/dashboard',
  '/api/app/onboarding',
  '/api/app/quickbooks/connect',
  '/api/app/quickbooks/connection',
  '/api/app/quickbooks/items',
  '/api/app/settings',
  '/api/app/items',
  '/api/app/activity',
  '/api/app/activity/1',
  '/api/app/orders/1/preview',
  '/api/app/backfill',
  '/api/quickbooks/callback',
  '/api/webhooks/bigcommerce',
  '/api/support/login',
  '/api/support/session',
  '/api/support/stores',
  '/api/support/stores/warm/activity',
  '/api/support/stores/warm/orders/1',
];

const DAY_MS = 24 * 60 * 60 * 1000;
const utcDay = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

/** Orders the store took before the app was installed: what the backfill brings over (one is not paid yet). */
const HISTORY = [
  { daysAgo: 7, product_id: 113, quantity: 1, status_id: 11 },
  { daysAgo: 6, product_id: 114, quantity: 2, status_id: 11 },
  { daysAgo: 5, product_id: 114, quantity: 1, status_id: 7 },
  { daysAgo: 4, product_id: 113, quantity: 1, status_id: 10 },
  { daysAgo: 3, product_id: 114, quantity: 3, status_id: 11 },
];

let app: AppUnderTest;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let appFrame: Frame;
let books: QuickBooksBooks;
const shots = new Screenshots();
const pageErrors: string[] = [];

/** The running order of the flow, across tests. */
const flow: {
  orderId?: number;
  orderTotal?: string;
  terrariumsItemId?: string;
  history: Array<{ id: number; totalCents: number; posts: boolean }>;
} = { history: [] };

let unfinishedStep: string | undefined;

/** One step of the flow; after a failed (or timed-out) step the later ones say so instead of running. */
function step(name: string, run: () => Promise<void>, timeoutMs = 120_000): void {
  test(
    name,
    async () => {
      if (unfinishedStep) throw new Error(`not run: the earlier step "${unfinishedStep}" did not finish`);
      unfinishedStep = name;
      try {
        await run();
      } catch (error) {
        await shots.take(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`, appFrame).catch(() => undefined);
        throw new Error(`${(error as Error).message}\n--- app log (last lines) ---\n${app?.logTail(40) ?? ''}`);
      }
      unfinishedStep = undefined;
    },
    timeoutMs,
  );
}

/** Waits until `check` holds, doing `between` (e.g. pressing Refresh) before each new look. */
async function until(what: string, check: () => Promise<boolean>, between?: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await between?.();
  }
}

const text = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

async function openTab(name: string) {
  await appFrame.getByRole('tab', { name }).click();
  await appFrame.getByRole('heading', { level: 1, name }).waitFor();
}

beforeAll(async () => {
  shots.reset();
  const started = Date.now();
  // Chromium first: without it the suite fails at once (never skips), before any server is started.
  browser = await launchBrowser();
  app = await startAppUnderTest({ logFile: APP_LOG });
  books = new QuickBooksBooks(app);
  // The store's history, from before the app existed (no webhooks yet: nothing is installed).
  for (const order of HISTORY) {
    const created = await sandboxJson<{ id: number; total_inc_tax: string }>(app.bigCommerceUrl, 'POST', `/stores/${app.storeHash}/orders`, {
      customer_id: 2,
      lines: [{ product_id: order.product_id, quantity: order.quantity }],
      shipping: { cost: '8.00' },
      status_id: order.status_id,
      payment: { gateway: 'testgateway' },
      date_created: new Date(Date.now() - order.daysAgo * DAY_MS).toISOString(),
    });
    flow.history.push({ id: created.id, totalCents: Math.round(Number(created.total_inc_tax) * 100), posts: order.status_id !== 7 });
  }
  await app.warm(WARM_PATHS);
  console.log(`browser suite: app ready and compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(45_000);
  page.on('pageerror', (error) => pageErrors.push(`control panel: ${error.message}`));
  context.on('page', (opened) => opened.on('pageerror', (error) => pageErrors.push(`${opened.url()}: ${error.message}`)));
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  if (shots.saved.length) console.log(`browser suite: ${shots.saved.length} screenshots in test-results/screenshots\n  ${shots.saved.join('\n  ')}`);
}, 60_000);

describe('the embedded admin in the BigCommerce control panel, in Chromium', () => {
  step('installs from the control panel: the app answers inside the cross-origin iframe, without third-party cookies', async () => {
    await page.goto(app.controlPanelUrl);
    await page.getByRole('button', { name: 'Install' }).click();
    const frame = page.frame({ name: 'app-frame' });
    if (!frame) throw new Error('no app iframe in the control panel');
    appFrame = frame;
    await appFrame.getByText('QuickBooks Sync is installed').waitFor();
    await appFrame.getByText('Sandbox Coffee Co.').first().waitFor();
    expect(new URL(appFrame.url()).origin).toBe(app.appUrl);
    expect(new URL(page.url()).origin).not.toBe(app.appUrl);

    // The browser refuses cookies in the app's frame: the session lives in memory, not in a cookie.
    const cookieInFrame = await appFrame.evaluate(() => {
      document.cookie = 'third-party-probe=1; SameSite=None; Secure; path=/';
      return document.cookie;
    });
    expect(cookieInFrame).not.toContain('third-party-probe');
    expect(await context.cookies(app.appUrl)).toEqual([]);

    await page.getByRole('button', { name: 'Open' }).waitFor();
    await shots.take(page, 'installed-welcome', appFrame);
  });

  step('opens the app: the dashboard shows the onboarding checklist, QuickBooks not connected', async () => {
    await page.getByRole('button', { name: 'Open' }).click();
    await appFrame.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const checklist = appFrame.getByRole('list', { name: 'Onboarding steps' });
    await checklist.waitFor();
    expect(await text(checklist)).toContain('Connect QuickBooks');
    await appFrame.getByRole('button', { name: 'Connect to QuickBooks' }).waitFor();
    await appFrame.locator('#quickbooks-panel').getByText('Not connected', { exact: true }).waitFor();
    await shots.take(page, 'dashboard-before-onboarding', appFrame);
  });

  step('connects QuickBooks in the consent popup', async () => {
    const popupOpened = context.waitForEvent('page');
    await appFrame.getByRole('button', { name: 'Connect to QuickBooks' }).click();
    const popup = await popupOpened;
    await popup.waitForURL((url) => url.origin === app.quickBooksUrl, { timeout: 30_000 });
    const approve = popup.getByRole('button', { name: 'Approve' });
    await approve.waitFor();
    await shots.take(popup, 'quickbooks-consent-popup');
    const closed = popup.waitForEvent('close', { timeout: 45_000 });
    await approve.click();
    await closed;

    const company = appFrame.getByTestId('quickbooks-company-name');
    await company.waitFor();
    const state = await sandboxJson<{ companies: Array<{ realmId: string; name: string }> }>(app.quickBooksUrl, 'GET', '/state');
    const connected = state.companies.find((candidate) => candidate.realmId === app.quickBooksRealmId);
    expect(await text(company)).toBe(connected?.name);
    await appFrame.getByText('Orders, refunds and customers now post to this company.').waitFor();
    await shots.take(page, 'dashboard-quickbooks-connected', appFrame);
  });

  step('onboards: keeps the defaults, picks a start date and goes live', async () => {
    await appFrame.getByRole('button', { name: 'Keep the defaults' }).click();
    await appFrame.getByRole('button', { name: 'Keep the defaults' }).waitFor({ state: 'detached' });
    // Yesterday (UTC): today's orders post whatever the store's time zone; the history is older and waits for Backfill.
    await appFrame.getByLabel('Start date').fill(utcDay(DAY_MS));
    await appFrame.getByRole('button', { name: 'Save start date' }).click();
    const goLive = appFrame.getByRole('button', { name: 'Go live' });
    await until('Go live to be enabled', () => goLive.isEnabled());
    await shots.take(page, 'onboarding-ready-to-go-live', appFrame);
    await goLive.click();
    await appFrame.getByRole('list', { name: 'Onboarding steps' }).waitFor({ state: 'detached' });
    await shots.take(page, 'dashboard-live', appFrame);
  });

  step('settings: maps a SKU to the bookkeeper’s QuickBooks item and creates items for two more', async () => {
    // The bookkeeper already sells terrariums under their own item name in QuickBooks: no SKU, another name.
    const [income] = await books.query<{ Id: string; Name: string }>('Account', "Name = 'Sales of Product Income'");
    const terrariums = await books.create<{ Id: string; Name: string }>('Item', {
      Name: 'Terrariums',
      Type: 'NonInventory',
      IncomeAccountRef: { value: income!.Id },
    });

    await openTab('Settings & mappings');
    const items = appFrame.getByRole('table').filter({ hasText: 'QuickBooks item' }).first();
    await items.getByText('OTL', { exact: true }).waitFor();
    await shots.take(page, 'settings', appFrame);

    await appFrame.getByRole('button', { name: 'Map OTL to a QuickBooks item' }).click();
    const dialog = appFrame.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: 'Search QuickBooks products and services by name or SKU' }).fill('Terrar');
    await dialog.getByRole('searchbox', { name: 'Search QuickBooks products and services by name or SKU' }).press('Enter');
    await dialog.getByRole('button', { name: 'Choose Terrariums' }).click();
    await appFrame.getByText('OTL now posts to “Terrariums”.').waitFor();
    const otl = items.getByRole('row').filter({ has: appFrame.getByText('OTL', { exact: true }) });
    await otl.getByText('Terrariums').waitFor();
    await otl.getByText('Chosen', { exact: true }).waitFor();

    for (const sku of ['ABS', 'CC3C']) {
      // BigDesign draws its own box over the real (visually hidden) checkbox: click the checkbox itself.
      const checkbox = items.getByRole('row').filter({ has: appFrame.getByText(sku, { exact: true }) }).getByRole('checkbox');
      await checkbox.dispatchEvent('click');
      await until(`${sku} to be selected`, () => checkbox.isChecked());
    }
    await appFrame.getByRole('button', { name: 'Create 2 item(s) in QuickBooks' }).click();
    await appFrame.getByText('Done: created 2 item(s).').waitFor();
    for (const sku of ['ABS', 'CC3C']) {
      await items.getByRole('row').filter({ has: appFrame.getByText(sku, { exact: true }) }).getByText('Created', { exact: true }).waitFor();
    }
    const created = await books.query<{ Name: string; Sku?: string }>('Item', "Sku IN ('ABS', 'CC3C')");
    expect(created.map((item) => item.Sku).sort()).toEqual(['ABS', 'CC3C']);
    flow.terrariumsItemId = terrariums.Id;
    await shots.take(page, 'settings-items-mapped', appFrame);
  });

  step('places an order in the control panel and sees it posted in the activity table with its QuickBooks number', async () => {
    await page.locator('select[name="customer"]').selectOption('1');
    await page.getByRole('button', { name: 'Place order' }).click();
    const status = page.locator('#status');
    await until('the control panel to confirm the order', async () => /Order \d+ created/.test(await status.innerText()));
    const [, id, total] = /Order (\d+) created: total ([\d.]+)/.exec(await status.innerText()) ?? [];
    flow.orderId = Number(id);
    // The control panel shows BigCommerce's 4 decimals; the app and QuickBooks show cents.
    flow.orderTotal = Number(total).toFixed(2);

    await openTab('Sync activity');
    const row = appFrame.getByRole('row').filter({ has: appFrame.getByRole('link', { name: `Order ${flow.orderId}: open its timeline` }) });
    await until(
      `order ${flow.orderId} to show as synced`,
      async () => (await row.getByText('Synced', { exact: true }).count()) > 0,
      async () => {
        const refresh = appFrame.getByRole('button', { name: 'Refresh' });
        if (await refresh.isEnabled().catch(() => false)) await refresh.click().catch(() => undefined);
      },
    );
    const rowText = await text(row);
    expect(rowText).toContain(`Sales receipt BC-${flow.orderId}`);
    expect(rowText).toContain(`${flow.orderTotal} USD`);

    const receipts = await books.query('SalesReceipt');
    expect(receipts.map((receipt) => receipt.DocNumber)).toEqual([`BC-${flow.orderId}`]);
    expect(receipts[0]?.TotalAmt).toBe(Number(flow.orderTotal));
    // The terrarium line posted to the item chosen in Settings.
    const itemRefs = (receipts[0]?.Line ?? []).flatMap((line) => (line.SalesItemLineDetail?.ItemRef?.value ? [line.SalesItemLineDetail.ItemRef.value] : []));
    expect(itemRefs).toContain(flow.terrariumsItemId);
    await shots.take(page, 'activity-order-posted', appFrame);
  });

  step('shows the order’s timeline: where it stands, its QuickBooks document and every step', async () => {
    await appFrame.getByRole('link', { name: `Order ${flow.orderId}: open its timeline` }).click();
    await appFrame.getByRole('heading', { name: `Where order #${flow.orderId} stands` }).waitFor();
    const documents = appFrame.getByRole('table').filter({ hasText: 'QuickBooks id' });
    await documents.getByText(`Sales receipt BC-${flow.orderId}`).waitFor();
    expect(await text(documents.getByRole('row').filter({ hasText: `BC-${flow.orderId}` }))).toContain(`posted 1 ${flow.orderTotal} USD`);
    // Every step, oldest first (labels are upper-cased by CSS, so match the text itself).
    for (const label of ['Webhook received', 'Fetched from BigCommerce', 'Decided', 'Sent to QuickBooks', 'QuickBooks answered', 'Outcome']) {
      await appFrame.getByText(label, { exact: true }).first().waitFor();
    }
    await appFrame.getByText(`Posted BC-${flow.orderId}.`).waitFor();
    await shots.take(page, 'order-timeline', appFrame);
  });

  step('refunds the order in the control panel and sees the refund receipt', async () => {
    page.once('dialog', (dialog) => void dialog.accept(''));
    await page.locator(`[data-action="refund"][data-order-id="${flow.orderId}"]`).click();
    await until('the control panel to confirm the refund', async () => /Refund \d+ of/.test(await page.locator('#status').innerText()));
    await shots.take(page, 'control-panel-order-refunded', appFrame);

    await appFrame.getByRole('link', { name: '← All sync activity' }).click();
    await appFrame.getByRole('heading', { level: 1, name: 'Sync activity' }).waitFor();
    const link = appFrame.getByRole('link', { name: `Order ${flow.orderId}: open its timeline` });
    await link.click();
    const documents = appFrame.getByRole('table').filter({ hasText: 'QuickBooks id' });
    const refundRow = documents.getByRole('row').filter({ hasText: 'Refund receipt' });
    await until(
      'the refund receipt on the order’s timeline',
      async () => (await refundRow.count()) > 0,
      async () => {
        // The timeline only polls while the order is waiting; go back and forth to re-read it.
        await appFrame.getByRole('link', { name: '← All sync activity' }).click();
        await link.click();
        await appFrame.getByRole('heading', { name: `Where order #${flow.orderId} stands` }).waitFor();
      },
    );
    expect(await text(refundRow)).toContain(`${flow.orderTotal} USD`);

    const refunds = await books.query('RefundReceipt');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.TotalAmt).toBe(Number(flow.orderTotal));
    expect(await books.query('SalesReceipt')).toHaveLength(1);
    await shots.take(page, 'order-timeline-refunded', appFrame);
  });

  step('previews an order from before going live: the exact sales receipt it would become, nothing posted', async () => {
    const order = flow.history[1]!; // two Chemex coffeemakers, 6 days ago
    await openTab('Settings & mappings');
    const preview = appFrame.getByRole('textbox', { name: 'Order number', exact: true });
    await preview.fill(String(order.id));
    await appFrame.getByRole('button', { name: 'Preview', exact: true }).click();
    await appFrame.getByRole('heading', { name: `Sales receipt BC-${order.id} · order status Awaiting Fulfillment` }).waitFor();
    const lines = appFrame.getByRole('table').filter({ hasText: 'Unit price' });
    const product = lines.getByRole('row').filter({ hasText: 'Chemex Coffeemaker 3 Cup' }).first();
    // Qty, unit price and amount as QuickBooks would store them.
    expect(await text(product)).toContain('2 49.5 99');
    await appFrame.getByText(`Total ${(order.totalCents / 100).toFixed(2)} USD`).waitFor();
    await appFrame.getByRole('heading', { name: `Sales receipt BC-${order.id} · order status Awaiting Fulfillment` }).scrollIntoViewIfNeeded();
    await shots.take(page, 'settings-order-preview', appFrame);
    expect(await books.query('SalesReceipt', `DocNumber = 'BC-${order.id}'`)).toEqual([]);
  });

  step('backfills the orders from before going live: dry run, then posting, the progress bar reaching 100 %', async () => {
    await openTab('Backfill');
    // Going live already caught up from the start date (nothing was placed since); the history is older.
    await appFrame.getByRole('form', { name: 'Start a backfill' }).waitFor();
    const from = utcDay(10 * DAY_MS);
    const to = utcDay(2 * DAY_MS);
    await appFrame.getByRole('textbox', { name: 'From', exact: true }).fill(from);
    await appFrame.getByRole('textbox', { name: 'To', exact: true }).fill(to);
    await shots.take(page, 'backfill-start', appFrame);

    const posting = flow.history.filter((order) => order.posts);
    const postingTotal = (posting.reduce((sum, order) => sum + order.totalCents, 0) / 100).toFixed(2);
    await appFrame.getByRole('button', { name: 'Start dry run' }).click();
    const dryRun = appFrame.getByRole('region', { name: new RegExp(`^Dry run of orders placed ${from} to ${to}: finished`) });
    await dryRun.waitFor({ timeout: 60_000 });
    const dryRunText = await text(dryRun);
    expect(dryRunText).toContain(`Orders in range ${HISTORY.length}`);
    expect(dryRunText).toContain(`Would be posted ${posting.length}`);
    expect(dryRunText).toContain(`Skipped (not in a posting status) ${HISTORY.length - posting.length}`);
    expect(await text(dryRun.getByRole('list', { name: 'Totals by currency' }))).toBe(`${postingTotal} USD`);
    expect(await books.query('SalesReceipt')).toHaveLength(1);
    await shots.take(page, 'backfill-dry-run-summary', appFrame);

    // BigCommerce answers a little slower for this run, so the bar is seen on its way.
    await sandboxJson(app.bigCommerceUrl, 'POST', '/config', { latencyMs: 150 });
    try {
      const runningBar = appFrame.getByRole('region', { name: new RegExp(`^Posting orders placed ${from} to ${to}`) }).getByRole('progressbar');
      const finished = appFrame.getByRole('region', { name: new RegExp(`^Backfill of orders placed ${from} to ${to}: finished`) });
      const seen: number[] = [];
      await appFrame.getByRole('button', { name: `Post these ${posting.length} orders to QuickBooks` }).click();
      await until(
        'the backfill to finish',
        async () => {
          const value = await runningBar.getAttribute('aria-valuenow', { timeout: 250 }).catch(() => null);
          if (value !== null && seen.at(-1) !== Number(value)) {
            seen.push(Number(value));
            if (seen.length === 1) await shots.take(page, 'backfill-in-progress', appFrame);
          }
          return (await finished.count()) > 0;
        },
        undefined,
        90_000,
      );
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((value) => value < 100)).toBe(true);
      expect(await finished.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
      const finishedText = await text(finished);
      expect(finishedText).toContain(`Orders in range ${HISTORY.length}`);
      expect(finishedText).toContain(`Processed ${HISTORY.length}`);
      expect(finishedText).toContain(`Posted or already in QuickBooks ${posting.length}`);
      expect(finishedText).toContain('Need attention 0');
    } finally {
      await sandboxJson(app.bigCommerceUrl, 'POST', '/config', { latencyMs: 0 });
    }

    const receipts = await books.query('SalesReceipt');
    expect(receipts.map((receipt) => receipt.DocNumber).sort()).toEqual([flow.orderId!, ...posting.map((order) => order.id)].map((id) => `BC-${id}`).sort());
    await shots.take(page, 'backfill-finished-100', appFrame);

    // A backfilled order's timeline, opened the way a control-panel deep link opens the app (Open with a path).
    const first = posting[0]!;
    await page.getByRole('textbox', { name: /Deep link path/ }).fill(`/activity/${first.id}`);
    await page.getByRole('button', { name: 'Open' }).click();
    await appFrame.getByRole('heading', { level: 1, name: `Order #${first.id}` }).waitFor();
    const documents = appFrame.getByRole('table').filter({ hasText: 'QuickBooks id' });
    const receipt = documents.getByRole('row').filter({ hasText: `Sales receipt BC-${first.id}` });
    await receipt.waitFor();
    expect(await text(receipt)).toContain(`${(first.totalCents / 100).toFixed(2)} USD`);
    await shots.take(page, 'backfilled-order-timeline', appFrame);
  });

  step('the dashboard shows today’s posts, the 30-day volume and the recent activity', async () => {
    await openTab('Overview');
    const recent = appFrame.getByRole('table').filter({ hasText: 'QuickBooks' }).filter({ hasText: `#${flow.orderId}` });
    await recent.getByText(`Sales receipt BC-${flow.orderId}`).waitFor();
    await appFrame.getByText('Receiving', { exact: true }).waitFor();
    const volume = appFrame.getByText(/\d+ documents? posted in the last 30 days/);
    await volume.waitFor();
    expect(Number(/(\d+) document/.exec(await volume.innerText())?.[1])).toBeGreaterThan(0);
    await shots.take(page, 'dashboard-with-activity', appFrame);
  });

  step('support: staff sign in outside the iframe, see every store and drill into this one', async () => {
    const support = await context.newPage();
    support.setDefaultTimeout(45_000);
    await support.goto(`${app.appUrl}/support`);
    await support.getByRole('heading', { name: 'Support sign-in' }).waitFor();
    await support.getByLabel('Username').fill(app.support.username);
    await support.getByLabel('Password').fill(app.support.password);
    await shots.take(support, 'support-sign-in');
    await support.getByRole('button', { name: 'Sign in' }).click();
    await support.getByRole('heading', { level: 1, name: 'All stores' }).waitFor();
    const storeRow = support.getByRole('row').filter({ hasText: 'Sandbox Coffee Co.' });
    await storeRow.waitFor();
    // Badges are upper-cased by CSS: match their text, not what is drawn.
    await storeRow.getByText('Healthy', { exact: true }).waitFor();
    await storeRow.getByText('Connected', { exact: true }).waitFor();
    const state = await sandboxJson<{ companies: Array<{ realmId: string; name: string }> }>(app.quickBooksUrl, 'GET', '/state');
    expect(await text(storeRow)).toContain(state.companies.find((company) => company.realmId === app.quickBooksRealmId)!.name);
    expect(await text(storeRow)).toContain(app.storeHash);
    await shots.take(support, 'support-store-list');

    await storeRow.getByRole('link', { name: 'Sandbox Coffee Co.' }).click();
    await support.getByRole('heading', { level: 1, name: `Store ${app.storeHash}` }).waitFor();
    const orderRow = support.getByRole('row').filter({ hasText: `#${flow.orderId}` });
    await orderRow.getByText(`SalesReceipt BC-${flow.orderId}`).waitFor();
    await shots.take(support, 'support-store-drill-down');

    await orderRow.getByRole('button', { name: `Show the timeline of order ${flow.orderId}` }).click();
    const timeline = support.getByLabel(`Order ${flow.orderId} timeline`);
    await timeline.getByRole('cell', { name: `RefundReceipt BC-${flow.orderId}-R1`, exact: true }).waitFor();
    await timeline.getByRole('cell', { name: `SalesReceipt BC-${flow.orderId}`, exact: true }).waitFor();
    await shots.take(support, 'support-order-timeline');
    await support.close();
  });

  step('no script errors on any page', async () => {
    expect(pageErrors).toEqual([]);
  });
});

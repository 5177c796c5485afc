/**
 * @jest-environment jsdom
 */
/**
 * The settings page in a DOM, over a scripted API: loading, every section of a connected US company,
 * saving (only the form's fields are sent; a 422's field errors appear beside the fields and in a focused
 * summary), the not-connected state, tax mapping for a tax-code company, and the items section's actions.
 */
import '@testing-library/jest-dom';
import { theme } from '@bigcommerce/big-design-theme';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { ThemeProvider } from 'styled-components';
import type { ItemMappingsPage } from '@/lib/settings/item-mappings';
import type { SettingsView } from '@/lib/settings/settings-view';
import { defaultSyncSettings } from '@/lib/sync/sync-settings';
import { SettingsForm } from './settings-form';
import { TaxSection } from './tax-section';

jest.mock('@/lib/client/session-context', () => ({
  useSession: () => ({ state: { status: 'ready', session: { token: 'session-token', expiresAt: Date.now() + 3_600_000, storeHash: 'abc', userId: 1 } }, signOut: () => undefined }),
}));

const renderUi = (ui: ReactElement) =>
  render(
    <ThemeProvider theme={theme}>
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>{ui}</SWRConfig>
    </ThemeProvider>,
  );

function settingsView(patch: Partial<SettingsView['quickbooks']> = {}): SettingsView {
  const settings = { ...defaultSyncSettings(), live: true, startDate: '2026-01-01' };
  return {
    settings,
    defaults: defaultSyncSettings(),
    quickbooks: {
      status: 'connected',
      companyName: 'Craft Supplies LLC',
      facts: {
        companyName: 'Craft Supplies LLC',
        country: 'US',
        homeCurrency: 'USD',
        multiCurrency: false,
        taxModel: 'us-automated',
        usingSalesTax: true,
        classTracking: 'per-transaction',
        departmentTracking: false,
        shippingAllowed: true,
        discountAllowed: true,
        customTxnNumbers: true,
      },
      profileRefreshedAt: '2026-02-01T10:00:00.000Z',
      options: {
        incomeAccounts: [
          { value: '1', label: 'Sales of Product Income', active: true, detail: 'Income · SalesOfProductIncome' },
          { value: '10', label: 'Old Sales (inactive)', active: false },
        ],
        depositAccounts: [
          { value: '3', label: 'Checking', active: true },
          { value: '4', label: 'Undeposited Funds', active: true },
        ],
        liabilityAccounts: [{ value: '7', label: 'Gift cards', active: true }],
        discountAccounts: [{ value: '5', label: 'Discounts given', active: true }],
        paymentMethods: [{ value: '3', label: 'Visa', active: true }],
        taxCodes: [
          { value: '2', label: '20.0% S', active: true },
          { value: '4', label: 'Exempt', active: true },
        ],
        classes: [{ value: '100', label: 'Online Store', active: true }],
        departments: [],
      },
      items: [],
      ...patch,
    },
    bigcommerce: {
      orderStatuses: [
        { value: 0, label: 'Incomplete' },
        { value: 7, label: 'Awaiting Payment' },
        { value: 11, label: 'Awaiting Fulfillment' },
      ],
      customerGroups: [{ value: 2, label: 'Wholesale' }],
      channels: [{ value: 1, label: 'Default storefront (channel 1)' }],
      paymentMethods: [{ value: 'stripe', label: 'Stripe', kind: 'gateway' }],
      taxRates: [{ value: '1', label: 'VAT (20%)', enabled: true }],
      unavailable: [],
    },
    limits: { docNumberMax: 21, orderIdDigits: 10, docNumberPrefixMax: 10, displayNameMax: 100, roundingThresholdMaxCents: 100 },
  };
}

const itemsPage: ItemMappingsPage = {
  items: [
    { itemKey: 'sku:otl', sku: 'OTL', name: 'Orbit Terrarium', productName: 'Orbit Terrarium', productId: 111, type: 'physical' },
    {
      itemKey: 'sku:abs',
      sku: 'ABS',
      name: 'Able Brewing System',
      productName: 'Able Brewing System',
      productId: 113,
      type: 'physical',
      mapping: { itemId: '31', itemName: 'Able Brewer', source: 'matched' },
    },
  ],
  page: 1,
  limit: 25,
  total: 2,
  catalogTotal: 2,
  mappedCount: 1,
  unmappedCount: 1,
  truncated: false,
};

type Handler = (init: RequestInit | undefined) => { status: number; body: unknown };

function scriptFetch(routes: Record<string, Handler>) {
  const calls: Array<{ url: string; method: string; body?: unknown; auth?: string }> = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    calls.push({ url, method, ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}), auth: headers.get('Authorization') ?? undefined });
    const key = `${method} ${url.split('?')[0]}`;
    const handler = routes[key];
    const answer = handler ? handler(init) : { status: 404, body: { error: { message: `no route ${key}` } } };
    return { ok: answer.status < 400, status: answer.status, json: async () => answer.body } as Response;
  }) as typeof fetch;
  return calls;
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('SettingsForm', () => {
  it('loads, then shows every section of a connected company with the saved values', async () => {
    scriptFetch({ 'GET /api/app/settings': () => ({ status: 200, body: settingsView() }), 'GET /api/app/items': () => ({ status: 200, body: itemsPage }) });
    renderUi(<SettingsForm />);
    expect(document.querySelector('[role="progressbar"], svg')).toBeTruthy();
    expect(await screen.findByText('Documents and statuses')).toBeInTheDocument();
    for (const title of ['Numbering and guests', 'Accounts and payments', 'Tax', 'Classes and locations', 'Advanced', 'Items by SKU']) {
      expect(screen.getByText(title)).toBeInTheDocument();
    }
    expect(screen.getByText('QuickBooks Automated Sales Tax is on')).toBeInTheDocument();
    expect(screen.getByText(/posted with the tax BigCommerce charged the customer/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Document number prefix/)).toHaveValue('BC-');
    expect(screen.getByText(/Syncing is live for orders placed from 2026-01-01/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    expect(await screen.findByText('1 unmapped')).toBeInTheDocument();
  });

  it('saves only the form’s fields, and shows a 422’s field errors beside the field and in a focused summary', async () => {
    const calls = scriptFetch({
      'GET /api/app/settings': () => ({ status: 200, body: settingsView() }),
      'GET /api/app/items': () => ({ status: 200, body: itemsPage }),
      'PUT /api/app/settings': () => ({
        status: 422,
        body: {
          error: {
            code: 'invalid_settings',
            message: 'One choice needs your attention before the settings can be saved.',
            fields: [{ path: 'docNumberPrefix', message: 'Use only letters, digits and - _ # / . in the prefix.' }],
          },
        },
      }),
    });
    renderUi(<SettingsForm />);
    const prefix = await screen.findByLabelText(/Document number prefix/);
    fireEvent.change(prefix, { target: { value: 'WEB-' } });
    expect(screen.getByText('You have unsaved changes.')).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    });

    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.auth).toBe('Bearer session-token');
    expect(put.body).toMatchObject({ docNumberPrefix: 'WEB-', postingStatusIds: [11, 9, 8, 3, 2, 10] });
    expect(put.body).not.toHaveProperty('live');
    expect(put.body).not.toHaveProperty('startDate');

    const summary = await screen.findByText('One choice needs your attention before the settings can be saved.');
    expect(summary).toBeInTheDocument();
    expect(screen.getAllByText('Use only letters, digits and - _ # / . in the prefix.')).toHaveLength(2);
    await waitFor(() => expect(document.activeElement).toHaveAttribute('tabindex', '-1'));
  });

  it('confirms a save and is clean afterwards', async () => {
    const saved = { ...settingsView().settings, docNumberPrefix: 'WEB-' };
    scriptFetch({
      'GET /api/app/settings': () => ({ status: 200, body: settingsView() }),
      'GET /api/app/items': () => ({ status: 200, body: itemsPage }),
      'PUT /api/app/settings': () => ({ status: 200, body: { settings: saved } }),
    });
    renderUi(<SettingsForm />);
    fireEvent.change(await screen.findByLabelText(/Document number prefix/), { target: { value: 'WEB-' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    });
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(screen.getByLabelText(/Document number prefix/)).toHaveValue('WEB-');
  });

  it('asks to connect QuickBooks first and offers no form, but still lists the items', async () => {
    const view = settingsView();
    view.quickbooks = { status: 'not_connected', items: [] };
    scriptFetch({ 'GET /api/app/settings': () => ({ status: 200, body: view }), 'GET /api/app/items': () => ({ status: 200, body: itemsPage }) });
    renderUi(<SettingsForm />);
    expect(await screen.findByText('Connect QuickBooks first')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save settings' })).not.toBeInTheDocument();
    expect(await screen.findByText('Connect QuickBooks to match, map or create items.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Auto-match unmapped SKUs' })).toBeDisabled();
  });

  it('shows an error with a retry when the settings cannot be loaded', async () => {
    scriptFetch({ 'GET /api/app/settings': () => ({ status: 502, body: { error: { message: 'BigCommerce did not answer; please try again.' } } }) });
    renderUi(<SettingsForm />);
    expect(await screen.findByText('The settings could not be loaded')).toBeInTheDocument();
    expect(screen.getByText('BigCommerce did not answer; please try again.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('items section', () => {
  it('lists SKUs with their mapping, and runs auto-match at once', async () => {
    const calls = scriptFetch({
      'GET /api/app/settings': () => ({ status: 200, body: settingsView() }),
      'GET /api/app/items': () => ({ status: 200, body: itemsPage }),
      'POST /api/app/items': () => ({
        status: 200,
        body: { action: 'auto-match', matched: [{ sku: 'OTL', name: 'Orbit Terrarium', itemId: '40', itemName: 'Terrarium', reason: 'by SKU' }], unmatched: [], remaining: 0 },
      }),
    });
    renderUi(<SettingsForm />);
    const table = await screen.findByRole('table', { name: /SKUs/i }).catch(() => screen.findAllByRole('table').then((tables) => tables.at(-1)!));
    expect(await within(table).findByText('OTL')).toBeInTheDocument();
    expect(within(table).getByText('Able Brewer')).toBeInTheDocument();
    expect(within(table).getByText('Unmapped')).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Auto-match unmapped SKUs' }));
    });
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ action: 'auto-match' });
    expect(await screen.findByText(/Matched 1 SKU\(s\) to existing QuickBooks items/)).toBeInTheDocument();
  });
});

describe('TaxSection', () => {
  it('maps BigCommerce tax rates to QuickBooks tax codes for a tax-code company', () => {
    const view = settingsView();
    view.quickbooks.facts = { ...view.quickbooks.facts!, country: 'GB', taxModel: 'tax-codes' };
    const draft = { ...view.settings, tax: { rateToTaxCode: { '1': '2', '9': '4' } } };
    render(
      <ThemeProvider theme={theme}>
        <TaxSection view={view} draft={draft} update={() => undefined} errorFor={(path) => (path === 'tax.rateToTaxCode.9' ? 'The tax code is inactive.' : undefined)} />
      </ThemeProvider>,
    );
    expect(screen.getByText('VAT (20%)')).toBeInTheDocument();
    // A rate the settings map that BigCommerce no longer lists stays visible to fix.
    expect(screen.getByText('Tax rate 9 (not active in BigCommerce)')).toBeInTheDocument();
    expect(screen.getByText('The tax code is inactive.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Tax code for untaxed amounts' })).toBeInTheDocument();
    expect(screen.queryByText(/Automated Sales Tax is on/)).not.toBeInTheDocument();
  });
});

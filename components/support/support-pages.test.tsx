/**
 * @jest-environment jsdom
 */
/**
 * The support pages in a DOM with the support API faked at fetch: sign-in form (labels, generic error, throttle
 * message), the stores table with its states, and the drill-down with a timeline.
 */
import '@testing-library/jest-dom';
import { ThemeProvider } from 'styled-components';
import { theme } from '@bigcommerce/big-design-theme';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import type { SupportOverview, SupportStoreRow } from '@/lib/support/support-overview';
import { SupportGate } from './support-layout';
import { SupportStoresTable } from './support-stores-table';
import { SupportStoreActivity } from './support-store-activity';

type Handler = (url: string, init?: RequestInit) => { status: number; body?: unknown; headers?: Record<string, string> };

function fakeFetch(handler: Handler) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    const { status, body, headers } = handler(url, init);
    // jsdom has no fetch Response; this is the part of it supportFetch reads.
    const lower = Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    return {
      ok: status >= 200 && status < 300,
      status,
      headers: { get: (name: string) => lower[name.toLowerCase()] ?? null },
      json: async () => (body === undefined ? Promise.reject(new Error('no body')) : body),
    } as unknown as Response;
  }) as typeof fetch;
  return calls;
}

function renderUi(ui: ReactElement) {
  return render(
    <ThemeProvider theme={theme}>
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>{ui}</SWRConfig>
    </ThemeProvider>,
  );
}

const row: SupportStoreRow = {
  storeHash: 'abc123',
  name: 'Maple Crafts',
  domain: 'maple.example',
  installedAt: '2026-03-01T10:00:00.000Z',
  installState: 'installed',
  quickbooks: { status: 'needs_reconnect', reason: 'The refresh token was revoked.', since: '2026-03-09T10:00:00.000Z' },
  lastPostedAt: '2026-03-09T09:00:00.000Z',
  lastPostedDocument: 'SalesReceipt BC-101',
  failures24h: 2,
  webhooks: { health: 'ok', registered: 11, expected: 11, lastReceivedAt: '2026-03-10T09:00:00.000Z' },
  queue: { pending: 1, running: 0, parked: 3, needs_attention: 1, dead: 0 },
  doneTotal: 40,
  health: 'critical',
  attention: ['QuickBooks needs reconnecting: The refresh token was revoked.', '1 job needs attention.'],
};

describe('SupportGate and sign-in', () => {
  it('shows a labelled sign-in form when signed out and the content after signing in', async () => {
    let signedIn = false;
    const calls = fakeFetch((url) => {
      if (url === '/api/support/session') {
        return signedIn ? { status: 200, body: { username: 'alice', expiresAt: '2026-03-10T20:00:00Z' } } : { status: 401, body: { error: { code: 'unauthenticated', message: 'Sign in' } } };
      }
      if (url === '/api/support/login') {
        signedIn = true;
        return { status: 200, body: { username: 'alice' } };
      }
      return { status: 404 };
    });
    renderUi(<SupportGate title="All stores">{({ staff }) => <p>content for {staff.username}</p>}</SupportGate>);

    const username = await screen.findByLabelText(/Username/);
    const password = screen.getByLabelText(/Password/);
    expect(password).toHaveAttribute('type', 'password');
    expect(password).toHaveAttribute('autocomplete', 'current-password');
    fireEvent.change(username, { target: { value: 'alice' } });
    fireEvent.change(password, { target: { value: 'secret-password' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    });

    expect(await screen.findByText('content for alice')).toBeInTheDocument();
    expect(screen.getByText('alice')).toBeInTheDocument();
    const loginCall = calls.find((call) => call.url === '/api/support/login')!;
    expect(loginCall.init?.method).toBe('POST');
    expect(loginCall.init?.credentials).toBe('same-origin');
    expect(JSON.parse(String(loginCall.init?.body))).toEqual({ username: 'alice', password: 'secret-password' });
  });

  it('says "wrong username or password" on 401 and how long to wait on 429, clearing the password', async () => {
    let attempts = 0;
    fakeFetch((url) => {
      if (url === '/api/support/session') return { status: 401, body: { error: { code: 'unauthenticated', message: 'Sign in' } } };
      attempts += 1;
      return attempts === 1
        ? { status: 401, body: { error: { code: 'invalid_credentials', message: 'Wrong username or password.' } } }
        : { status: 429, body: { error: { code: 'too_many_attempts', message: 'Too many' } }, headers: { 'Retry-After': '600' } };
    });
    renderUi(<SupportGate title="All stores">{() => <p>never</p>}</SupportGate>);

    const password = await screen.findByLabelText(/Password/);
    fireEvent.change(screen.getByLabelText(/Username/), { target: { value: 'alice' } });
    fireEvent.change(password, { target: { value: 'nope' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    });
    expect(await screen.findByText('Wrong username or password.')).toBeInTheDocument();
    expect(password).toHaveValue('');

    fireEvent.change(password, { target: { value: 'nope again' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    });
    expect(await screen.findByText('Too many sign-in attempts. Try again in 10 minutes.')).toBeInTheDocument();
    expect(screen.queryByText('never')).not.toBeInTheDocument();
  });
});

describe('SupportStoresTable', () => {
  it('lists stores with health, QuickBooks state, failures, webhooks and queue, linking to the drill-down', async () => {
    const overview: SupportOverview = { generatedAt: '2026-03-10T12:00:00.000Z', totals: { stores: 1, needsReconnect: 1 }, stores: [row] };
    fakeFetch(() => ({ status: 200, body: overview }));
    renderUi(<SupportStoresTable onSessionEnded={() => undefined} />);

    const link = await screen.findByRole('link', { name: 'Maple Crafts' });
    expect(link).toHaveAttribute('href', '/support/stores/abc123');
    expect(screen.getByText('Needs reconnect')).toBeInTheDocument();
    expect(screen.getByText('The refresh token was revoked.')).toBeInTheDocument();
    expect(screen.getByText('1 job needs attention.')).toBeInTheDocument();
    expect(screen.getByText('SalesReceipt BC-101')).toBeInTheDocument();
    expect(screen.getByText('5 waiting')).toBeInTheDocument();
    expect(screen.getByText(/1 installed · 1 need QuickBooks reconnecting/)).toBeInTheDocument();
  });

  it('shows an empty state and reports an ended session', async () => {
    fakeFetch(() => ({ status: 200, body: { generatedAt: '2026-03-10T12:00:00.000Z', totals: { stores: 0, needsReconnect: 0 }, stores: [] } }));
    renderUi(<SupportStoresTable onSessionEnded={() => undefined} />);
    expect(await screen.findByText('No store has the app installed yet.')).toBeInTheDocument();

    const ended = jest.fn();
    fakeFetch(() => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'Sign in to the support view.' } } }));
    renderUi(<SupportStoresTable onSessionEnded={ended} />);
    await waitFor(() => expect(ended).toHaveBeenCalled());
    expect(await screen.findByText('Sign in to the support view.')).toBeInTheDocument();
  });
});

describe('SupportStoreActivity', () => {
  it('shows the store, its activity rows, applies filters and opens an order timeline', async () => {
    const calls = fakeFetch((url) => {
      if (url.includes('/orders/101')) {
        return {
          status: 200,
          body: {
            orderId: 101,
            documents: [{ key: 'order-101', entity: 'SalesReceipt', docNumber: 'BC-101', status: 'posted', qboId: '9', totalCents: 2599, currency: 'USD', updatedAt: '2026-03-09T09:00:00Z' }],
            timeline: [
              { at: '2026-03-09T08:59:59Z', type: 'webhook', summary: 'BigCommerce webhook store/order/created' },
              { at: '2026-03-09T09:00:00Z', type: 'quickbooks-response', summary: 'Created SalesReceipt BC-101', intuitTid: 'tid-7', detail: '{"Id":"9"}' },
            ],
          },
        };
      }
      return {
        status: 200,
        body: {
          store: row,
          activity: {
            items: [
              {
                jobId: 'order-101',
                kind: 'order',
                subjectId: '101',
                orderId: 101,
                status: 'needs_attention',
                attempts: 1,
                maxAttempts: 8,
                lastError: { class: 'permanent', message: 'SKU XYZ is not mapped to a QuickBooks item.', at: '2026-03-09T09:00:00Z' },
                coalesced: 0,
                createdAt: '2026-03-09T08:59:59Z',
                updatedAt: '2026-03-09T09:00:00Z',
              },
            ],
          },
        },
      };
    });
    renderUi(<SupportStoreActivity storeHash="abc123" onSessionEnded={() => undefined} />);

    expect(await screen.findByText('#101')).toBeInTheDocument();
    expect(screen.getByText('SKU XYZ is not mapped to a QuickBooks item.')).toBeInTheDocument();
    expect(screen.getByText('Maple Crafts')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/Order number/), { target: { value: '101' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    });
    await waitFor(() => expect(calls.some((call) => call.url.includes('order=101'))).toBe(true));

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Show the timeline of order 101' }));
    });
    expect(await screen.findByText('Created SalesReceipt BC-101')).toBeInTheDocument();
    expect(screen.getByText('intuit_tid tid-7')).toBeInTheDocument();
    expect(screen.getByText('25.99 USD')).toBeInTheDocument();
    expect(document.activeElement).toHaveAttribute('aria-label', 'Order 101 timeline');
  });
});

/**
 * @jest-environment jsdom
 */
/**
 * The order preview in a DOM, over a scripted API: existing QuickBooks items and the customer are shown by name,
 * records posting would create are marked new, and an item QuickBooks could not name falls back to its id.
 */
import '@testing-library/jest-dom';
import { theme } from '@bigcommerce/big-design-theme';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { ThemeProvider } from 'styled-components';
import type { OrderPreview } from '@/lib/sync/order-preview';
import { OrderPreviewPanel } from './order-preview-panel';

jest.mock('@/lib/client/session-context', () => ({
  useSession: () => ({ state: { status: 'ready', session: { token: 'session-token', expiresAt: Date.now() + 3_600_000, storeHash: 'abc', userId: 1 } }, signOut: () => undefined }),
}));

const line = (itemId: string, description: string, amount: number) => ({
  DetailType: 'SalesItemLineDetail',
  Amount: amount,
  Description: description,
  SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: amount, TaxCodeRef: { value: 'TAX' } },
});

function previewOf(patch: Partial<Extract<OrderPreview, { ok: true }>>): OrderPreview {
  return {
    ok: true,
    orderId: 120,
    orderStatus: 'Awaiting Fulfillment',
    entity: 'SalesReceipt',
    document: {
      DocNumber: 'BC-120',
      TxnDate: '2026-03-02',
      CustomerRef: { value: '58' },
      Line: [line('31', 'Orbit Terrarium - Large', 109), line('58', 'Chemex 3 Cup', 49.5), line('77', 'Gift box', 3), line('SHIPPING_ITEM_ID', 'Shipping', 7.5)],
    },
    expected: { totalCents: 16900, taxCents: 0, currency: 'USD' },
    wouldCreate: [],
    itemNames: { '31': 'Orbit Terrarium (QuickBooks)', '58': 'Chemex Coffeemaker' },
    customerName: 'Jane Doe',
    ...patch,
  };
}

function answerWith(preview: OrderPreview) {
  global.fetch = jest.fn(async () => ({ ok: true, status: 200, json: async () => preview }) as Response) as typeof fetch;
}

async function previewOrder(): Promise<HTMLElement> {
  render(
    <ThemeProvider theme={theme}>
      <OrderPreviewPanel />
    </ThemeProvider>,
  );
  fireEvent.change(screen.getByLabelText(/Order number/), { target: { value: '120' } });
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
  return screen.findByRole('table');
}

const itemColumn = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[2]!.textContent);

afterEach(() => {
  jest.restoreAllMocks();
});

describe('OrderPreviewPanel', () => {
  it('shows existing items and the customer by their QuickBooks names, not their ids', async () => {
    answerWith(previewOf({}));
    const table = await previewOrder();
    // Item 58 and customer 58 are different records: each is named from its own list.
    expect(itemColumn(table)).toEqual(['Orbit Terrarium (QuickBooks)', 'Chemex Coffeemaker', '77', 'Shipping (QuickBooks)']);
    expect(screen.getByText(/Customer: Jane Doe/)).toBeInTheDocument();
    expect(global.fetch).toHaveBeenCalledWith('/api/app/orders/120/preview', expect.objectContaining({ headers: expect.objectContaining({ Authorization: 'Bearer session-token' }) }));
  });

  it('marks what posting would create as new, the customer included', async () => {
    answerWith(
      previewOf({
        document: { DocNumber: 'BC-121', TxnDate: '2026-03-02', CustomerRef: { value: 'preview-customer-1' }, Line: [line('preview-item-2', 'Brass lamp', 64), line('31', 'Orbit Terrarium - Large', 109)] },
        wouldCreate: [
          { entity: 'Customer', id: 'preview-customer-1', name: 'Ada Lovelace' },
          { entity: 'Item', id: 'preview-item-2', name: 'Brass lamp' },
        ],
        itemNames: { '31': 'Orbit Terrarium (QuickBooks)' },
        customerName: undefined,
      }),
    );
    const table = await previewOrder();
    expect(itemColumn(table)).toEqual(['Brass lamp (new)', 'Orbit Terrarium (QuickBooks)']);
    expect(screen.getByText(/Customer: Ada Lovelace \(new\)/)).toBeInTheDocument();
  });
});

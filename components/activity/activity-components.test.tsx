/**
 * @jest-environment jsdom
 */
/**
 * The activity pieces in a DOM: the filter form (labelled fields, errors on the field, nothing applied until fixed),
 * the orders table (documents marked voided or reversed, exact totals, reasons, a labelled Retry only where a retry
 * makes sense) and the timeline steps (ordered, payloads behind a disclosure, intuit_tid shown).
 */
import '@testing-library/jest-dom';
import { theme } from '@bigcommerce/big-design-theme';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ThemeProvider } from 'styled-components';
import type { ActivityItem } from '@/lib/activity/sync-activity';
import type { TimelineEntry } from '@/lib/activity/sync-activity';
import { NO_FILTERS } from '@/lib/client/activity-filters';
import { ActivityFiltersForm } from './activity-filters';
import { ActivityTable } from './activity-table';
import { OrderTimelineSteps } from './order-timeline-steps';

const renderUi = (ui: ReactElement) => render(<ThemeProvider theme={theme}>{ui}</ThemeProvider>);

const base = { kind: 'order' as const, maxAttempts: 8, coalesced: 0, createdAt: '2026-03-10T10:00:00.000Z', updatedAt: '2026-03-10T10:05:00.000Z' };
const items: ActivityItem[] = [
  {
    ...base,
    jobId: 'order-101',
    subjectId: '101',
    orderId: 101,
    status: 'done',
    attempts: 0,
    document: { key: 'order-101', entity: 'SalesReceipt', docNumber: 'BC-101', status: 'posted', qboId: '55', totalCents: 123456, currency: 'USD', updatedAt: base.updatedAt },
  },
  {
    ...base,
    jobId: 'order-102',
    subjectId: '102',
    orderId: 102,
    status: 'needs_attention',
    attempts: 1,
    lastError: { class: 'permanent', message: 'SKU MUG-1 has no QuickBooks item.', at: base.updatedAt },
  },
  {
    ...base,
    jobId: 'order-103',
    subjectId: '103',
    orderId: 103,
    status: 'running',
    attempts: 0,
    document: { key: 'order-103', entity: 'Invoice', docNumber: 'BC-103', status: 'voided', reversedBy: 'BC-103-C', totalCents: 500, currency: 'JPY', updatedAt: base.updatedAt },
  },
];

describe('ActivityFiltersForm', () => {
  it('has labelled fields, shows problems on the field and applies only valid filters', () => {
    const onApply = jest.fn();
    renderUi(<ActivityFiltersForm value={NO_FILTERS} onApply={onApply} />);
    const from = screen.getByLabelText(/Changed from/);
    const to = screen.getByLabelText(/Changed until/);
    const order = screen.getByLabelText(/Order number/);
    expect(screen.getAllByLabelText(/Status/).length).toBeGreaterThan(0);

    fireEvent.change(from, { target: { value: '2026-03-05' } });
    fireEvent.change(to, { target: { value: '2026-03-01' } });
    fireEvent.change(order, { target: { value: '10x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).not.toHaveBeenCalled();
    expect(screen.getByText('The end date must not be before the start date.')).toBeInTheDocument();
    expect(screen.getByText('An order number has digits only.')).toBeInTheDocument();

    fireEvent.change(to, { target: { value: '2026-03-09' } });
    fireEvent.change(order, { target: { value: ' 104 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenCalledWith({ from: '2026-03-05', to: '2026-03-09', order: '104' });

    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onApply).toHaveBeenLastCalledWith(NO_FILTERS);
  });
});

describe('ActivityTable', () => {
  it('shows documents, exact totals and reasons, with Retry only where it applies', () => {
    const onRetry = jest.fn();
    renderUi(
      <ActivityTable
        items={items}
        selectedIds={new Set()}
        onSelectionChange={jest.fn()}
        onRetry={onRetry}
        retrying={false}
        emptyComponent={<p>none</p>}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByText('Sales receipt BC-101')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('1234.56 USD')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('SKU MUG-1 has no QuickBooks item.')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Needs attention')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Invoice BC-103 (reversed by credit memo BC-103-C)')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('500 JPY')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Order 101: open its timeline' })).toHaveAttribute('href', '/activity/101');

    expect(screen.getByRole('button', { name: 'Retry order 101' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry order 103' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry order 102' }));
    expect(onRetry).toHaveBeenCalledWith([102]);
  });

  it('selects rows by job id', () => {
    const onSelectionChange = jest.fn();
    renderUi(
      <ActivityTable items={items} selectedIds={new Set(['order-102'])} onSelectionChange={onSelectionChange} onRetry={jest.fn()} retrying={false} emptyComponent={<p>none</p>} />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[1]!).getByRole('checkbox')).toBeChecked();
    fireEvent.click(within(rows[0]!).getByRole('checkbox'));
    expect(onSelectionChange).toHaveBeenCalledWith(new Set(['order-102', 'order-101']));
  });
});

describe('OrderTimelineSteps', () => {
  it('lists the steps in order with their details behind a disclosure', () => {
    const entries: TimelineEntry[] = [
      { at: '2026-03-10T10:00:00.000Z', type: 'webhook', summary: 'BigCommerce webhook store/order/created' },
      { at: '2026-03-10T10:00:01.000Z', type: 'quickbooks-request', summary: 'Create SalesReceipt BC-101', detail: '{"DocNumber":"BC-101"}', attempt: 1 },
      { at: '2026-03-10T10:00:02.000Z', type: 'quickbooks-response', summary: 'SalesReceipt BC-101 created', intuitTid: 'tid-42' },
    ];
    renderUi(<OrderTimelineSteps entries={entries} label="Sync steps of order 101" />);
    const list = screen.getByRole('list', { name: 'Sync steps of order 101' });
    const steps = within(list).getAllByRole('listitem');
    expect(steps.map((step) => step.textContent)).toEqual([
      expect.stringContaining('Webhook received'),
      expect.stringContaining('Sent to QuickBooks'),
      expect.stringContaining('QuickBooks answered'),
    ]);
    expect(within(steps[1]!).getByText('Show the request sent')).toBeInTheDocument();
    expect(within(steps[1]!).getByText('Attempt 1')).toBeInTheDocument();
    expect(within(steps[1]!).getByText(/"DocNumber": "BC-101"/)).toBeInTheDocument();
    expect(within(steps[2]!).getByText('intuit_tid tid-42')).toBeInTheDocument();
  });

  it('says so when nothing was recorded', () => {
    renderUi(<OrderTimelineSteps entries={[]} label="steps" />);
    expect(screen.getByText(/No steps recorded/)).toBeInTheDocument();
  });
});

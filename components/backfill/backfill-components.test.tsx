/**
 * @jest-environment jsdom
 */
/**
 * The backfill pieces in a DOM: the start form (dry run by default, the range checked before anything is sent),
 * the progress bar while running (percent, figures, Cancel) and the summary (exact totals per currency, problems
 * linking to their orders, Resume only for a cancelled run, posting a finished dry run for real).
 */
import '@testing-library/jest-dom';
import { theme } from '@bigcommerce/big-design-theme';
import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ThemeProvider } from 'styled-components';
import type { BackfillView } from '@/lib/sync/backfill';
import { BackfillProgress } from './backfill-progress';
import { BackfillStartForm, validateRange } from './backfill-start-form';
import { BackfillSummary } from './backfill-summary';

const renderUi = (ui: ReactElement) => render(<ThemeProvider theme={theme}>{ui}</ThemeProvider>);

const view = (patch: Partial<BackfillView>): BackfillView => ({
  from: '2026-01-01T00:00:00Z',
  to: '2026-01-31T23:59:59Z',
  dryRun: true,
  status: 'running',
  nextPage: 2,
  expected: 50,
  processed: 20,
  posted: 18,
  skipped: 2,
  failed: 0,
  totals: {},
  problems: [],
  startedBy: 1,
  startedAt: '2026-02-01T10:00:00.000Z',
  updatedAt: '2026-02-01T10:01:00.000Z',
  percent: 40,
  ...patch,
});

describe('BackfillStartForm', () => {
  it('starts a dry run by default and checks the range first', () => {
    const onStart = jest.fn();
    renderUi(<BackfillStartForm initial={{ from: '2026-01-31', to: '2026-01-01' }} busy={false} disabled={false} onStart={onStart} />);
    expect(screen.getByLabelText(/Dry run/)).toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Start dry run' }));
    expect(onStart).not.toHaveBeenCalled();
    expect(screen.getByText('The last day must not be before the first day.')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/^From/), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText(/^To/), { target: { value: '2026-01-31' } });
    fireEvent.click(screen.getByLabelText(/Post to QuickBooks/));
    fireEvent.click(screen.getByRole('button', { name: 'Start posting' }));
    expect(onStart).toHaveBeenCalledWith({ from: '2026-01-01', to: '2026-01-31', dryRun: false });
  });

  it('explains each range problem', () => {
    expect(validateRange('', '2026-01-01', '2026-06-01')).toEqual({ from: 'Choose the first day.' });
    expect(validateRange('2026-02-30', '2026-03-01', '2026-06-01')).toEqual({ from: 'Enter a date as YYYY-MM-DD.' });
    expect(validateRange('2026-07-01', '2026-07-02', '2026-06-01')).toEqual({ from: 'The first day must not be in the future.' });
    expect(validateRange('2026-01-01', '2026-01-01', '2026-06-01')).toEqual({});
  });
});

describe('BackfillProgress', () => {
  it('shows the percent on a progress bar, the figures, and cancels', () => {
    const onCancel = jest.fn();
    renderUi(<BackfillProgress backfill={view({})} cancelling={false} onCancel={onCancel} />);
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '40');
    expect(screen.getByText(/Dry run orders placed 2026-01-01 to 2026-01-31: 40%/)).toBeInTheDocument();
    expect(screen.getByText(/20 of 50 orders processed · 18 would be posted · 2 skipped/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel backfill' }));
    expect(onCancel).toHaveBeenCalled();
  });
});

describe('BackfillSummary', () => {
  it('summarizes a finished dry run with exact totals per currency and offers to post it', () => {
    const onPostForReal = jest.fn();
    renderUi(
      <BackfillSummary
        backfill={view({ status: 'done', percent: 100, processed: 50, posted: 48, totals: { USD: 1234505, JPY: 7000 }, finishedAt: '2026-02-01T10:05:00.000Z' })}
        busy={false}
        onResume={jest.fn()}
        onPostForReal={onPostForReal}
      />,
    );
    expect(screen.getByRole('heading', { name: /Dry run of orders placed 2026-01-01 to 2026-01-31: finished/ })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Totals by currency' }).textContent).toBe('7000 JPY12345.05 USD');
    expect(screen.queryByRole('button', { name: 'Resume backfill' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Post these 48 orders to QuickBooks' }));
    expect(onPostForReal).toHaveBeenCalled();
  });

  it('lists the problems of a cancelled real run and resumes it', () => {
    const onResume = jest.fn();
    renderUi(
      <BackfillSummary
        backfill={view({ dryRun: false, status: 'cancelled', failed: 1, problems: [{ orderId: 5, reason: 'SKU X has no QuickBooks item.' }] })}
        busy={false}
        onResume={onResume}
        onPostForReal={jest.fn()}
      />,
    );
    expect(screen.getByText(/Cancelled after 20 of 50 orders/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Order #5' })).toHaveAttribute('href', '/activity/5');
    expect(screen.getByText(/SKU X has no QuickBooks item\./)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Post these/ })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Resume backfill' }));
    expect(onResume).toHaveBeenCalled();
  });
});

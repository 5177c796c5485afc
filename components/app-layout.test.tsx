/**
 * @jest-environment jsdom
 */
/**
 * The app's frame: its section tabs control the one panel that holds the page (BigDesign's Tabs warn without
 * ariaControls), the panel is labelled by the active tab, and a tab navigates client-side.
 */
import '@testing-library/jest-dom';
import { theme } from '@bigcommerce/big-design-theme';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { ThemeProvider } from 'styled-components';
import { APP_PANEL_ID, AppLayout } from './app-layout';

const router = { pathname: '/', push: jest.fn(async () => true) };
jest.mock('next/router', () => ({ useRouter: () => router }));

function renderAt(pathname: string, title: string) {
  router.pathname = pathname;
  return render(
    <ThemeProvider theme={theme}>
      <AppLayout title={title}>
        <p>Page content</p>
      </AppLayout>
    </ThemeProvider>,
  );
}

let warn: jest.SpyInstance;
beforeEach(() => {
  router.push.mockClear();
  warn = jest.spyOn(console, 'warn');
});
afterEach(() => {
  warn.mockRestore();
});

describe('AppLayout', () => {
  it('gives every tab aria-controls for the panel that holds the page, and BigDesign has nothing to warn about', () => {
    renderAt('/activity/[orderId]', 'Order #120');
    expect(warn).not.toHaveBeenCalled();

    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual(['Overview', 'Sync activity', 'Settings & mappings', 'Backfill']);
    for (const tab of tabs) expect(tab).toHaveAttribute('aria-controls', APP_PANEL_ID);
    expect(new Set(tabs.map((tab) => tab.id)).size).toBe(tabs.length);

    // The active section's tab is selected, and the panel it controls is labelled by it and holds the page.
    const selected = screen.getByRole('tab', { selected: true });
    expect(selected).toHaveTextContent('Sync activity');
    const panel = screen.getByRole('tabpanel', { name: 'Sync activity' });
    expect(panel).toHaveAttribute('id', APP_PANEL_ID);
    expect(panel).toHaveAttribute('aria-labelledby', selected.id);
    expect(within(panel).getByRole('heading', { level: 1, name: 'Order #120' })).toBeInTheDocument();
    expect(within(panel).getByText('Page content')).toBeInTheDocument();
    expect(document.querySelectorAll(`#${APP_PANEL_ID}`)).toHaveLength(1);
  });

  it('navigates client-side to the section of a clicked tab', () => {
    renderAt('/', 'Overview');
    fireEvent.click(screen.getByRole('tab', { name: 'Backfill' }));
    expect(router.push).toHaveBeenCalledWith('/backfill');
    fireEvent.click(screen.getByRole('tab', { name: 'Overview' }));
    expect(router.push).toHaveBeenCalledTimes(1);
  });

  it('on a page outside the sections, selects no tab and still has the element the tabs point at', () => {
    renderAt('/welcome', 'Welcome');
    expect(warn).not.toHaveBeenCalled();
    expect(screen.queryByRole('tab', { selected: true })).toBeNull();
    expect(screen.queryByRole('tabpanel')).toBeNull();
    const panel = document.getElementById(APP_PANEL_ID)!;
    expect(within(panel).getByRole('heading', { level: 1, name: 'Welcome' })).toBeInTheDocument();
  });
});

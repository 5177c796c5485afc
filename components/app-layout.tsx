/**
 * Page frame inside the control-panel iframe: brand header, the app's sections as tabs, page title, content
 * column. Tabs navigate client-side (next/router), so the in-memory session token survives: the iframe has
 * no cookies to fall back on. Every tab controls the one panel that holds the page (each section is its own
 * page, so there is only ever one panel: the active tab's); the panel is labelled by the active tab.
 */
import { Box, Flex, H1, Small, Tabs } from '@bigcommerce/big-design';
import { useRouter } from 'next/router';
import type { ReactNode } from 'react';
import styled from 'styled-components';

const Column = styled.main`
  max-width: 72rem;
  margin: 0 auto;
  padding: 1.5rem 1.5rem 3rem;
`;

/** The app's sections, in tab order. `match` also claims nested pages (an order's timeline under Activity). */
export const APP_SECTIONS = [
  { id: 'overview', title: 'Overview', href: '/', match: (path: string) => path === '/' },
  { id: 'activity', title: 'Sync activity', href: '/activity', match: (path: string) => path.startsWith('/activity') },
  { id: 'settings', title: 'Settings & mappings', href: '/settings', match: (path: string) => path.startsWith('/settings') },
  { id: 'backfill', title: 'Backfill', href: '/backfill', match: (path: string) => path.startsWith('/backfill') },
] as const;

/** The element holding the page, which every tab controls (aria-controls). */
export const APP_PANEL_ID = 'app-section-panel';

/** A tab's DOM id (BigDesign uses the item id as the element id): prefixed, as "settings" alone could clash. */
const tabIdOf = (sectionId: string) => `app-tab-${sectionId}`;

export function AppLayout({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const router = useRouter();
  const active = APP_SECTIONS.find((section) => section.match(router.pathname));
  return (
    <Column>
      <Box marginBottom="medium">
        <Small color="primary" bold>
          QuickBooks Sync for BigCommerce
        </Small>
      </Box>
      <nav aria-label="App sections">
        <Tabs
          activeTab={active ? tabIdOf(active.id) : ''}
          items={APP_SECTIONS.map(({ id, title: tabTitle }) => ({ id: tabIdOf(id), title: tabTitle, ariaControls: APP_PANEL_ID }))}
          onTabClick={(tabId) => {
            const section = APP_SECTIONS.find((candidate) => tabIdOf(candidate.id) === tabId);
            if (section && section.href !== router.pathname) void router.push(section.href);
          }}
        />
      </nav>
      {/* A page outside the sections (welcome) has no tab to be the panel of: a plain container then. */}
      <div id={APP_PANEL_ID} {...(active ? { role: 'tabpanel', 'aria-labelledby': tabIdOf(active.id) } : {})}>
        <Flex marginTop="large" marginBottom="large" justifyContent="space-between" alignItems="center" flexGap="1rem">
          <H1 marginBottom="none">{title}</H1>
          {actions}
        </Flex>
        {children}
      </div>
    </Column>
  );
}

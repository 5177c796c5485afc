/**
 * Page frame inside the control-panel iframe: brand header, the app's sections as tabs, page title, content
 * column. Tabs navigate client-side (next/router), so the in-memory session token survives: the iframe has
 * no cookies to fall back on.
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
          activeTab={active?.id ?? ''}
          items={APP_SECTIONS.map(({ id, title: tabTitle }) => ({ id, title: tabTitle }))}
          onTabClick={(id) => {
            const section = APP_SECTIONS.find((candidate) => candidate.id === id);
            if (section && section.href !== router.pathname) void router.push(section.href);
          }}
        />
      </nav>
      <Flex marginTop="large" marginBottom="large" justifyContent="space-between" alignItems="center" flexGap="1rem">
        <H1 marginBottom="none">{title}</H1>
        {actions}
      </Flex>
      {children}
    </Column>
  );
}

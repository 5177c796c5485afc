/** Page frame inside the control-panel iframe: brand header, page title, content column. */
import { Box, H1, Small } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';
import styled from 'styled-components';

const Column = styled.main`
  max-width: 72rem;
  margin: 0 auto;
  padding: 1.5rem 1.5rem 3rem;
`;

export function AppLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Column>
      <Box marginBottom="large">
        <Small color="primary" bold>
          QuickBooks Sync for BigCommerce
        </Small>
        <H1>{title}</H1>
      </Box>
      {children}
    </Column>
  );
}

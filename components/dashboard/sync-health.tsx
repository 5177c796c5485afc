/** The dashboard's health row: today's counts, QuickBooks connection, webhooks, and whether syncing is on. */
import { Badge, Box, Flex, FlexItem, H2, Panel, Small, Text } from '@bigcommerce/big-design';
import styled from 'styled-components';
import type { StoreDashboard } from '@/lib/dashboard/store-dashboard';

const Figures = styled.dl`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
  gap: 1rem;
  margin: 0;
`;

function Figure({ label, value, hint }: { label: string; value: number; hint: string }) {
  return (
    <Box border="box" borderRadius="normal" padding="medium">
      <dt>
        <Small>{label}</Small>
      </dt>
      <dd style={{ margin: 0 }}>
        <H2 marginBottom="none">{value}</H2>
        <Small>{hint}</Small>
      </dd>
    </Box>
  );
}

const CONNECTION: Record<StoreDashboard['connection']['status'], { label: string; variant: 'success' | 'warning' | 'danger' | 'secondary' }> = {
  connected: { label: 'Connected', variant: 'success' },
  needs_reconnect: { label: 'Reconnect needed', variant: 'danger' },
  disconnected: { label: 'Disconnected', variant: 'warning' },
  not_connected: { label: 'Not connected', variant: 'secondary' },
};

export function SyncHealth({ dashboard }: { dashboard: StoreDashboard }) {
  const { today, connection, webhooks, sync } = dashboard;
  const webhookBadge =
    webhooks.status === 'error'
      ? ({ label: 'Needs attention', variant: 'danger' } as const)
      : webhooks.status === 'pending'
        ? ({ label: 'Setting up', variant: 'warning' } as const)
        : webhooks.quiet
          ? ({ label: 'Quiet', variant: 'warning' } as const)
          : ({ label: 'Receiving', variant: 'success' } as const);
  return (
    <Panel header={`Today (${today.day})`} headerId="today-panel" badge={sync.live ? { label: 'Live', variant: 'success' } : { label: 'Not live yet', variant: 'warning' }}>
      <Figures>
        <Figure label="Posted to QuickBooks" value={today.posted} hint="documents today" />
        <Figure label="Waiting" value={today.pending} hint="orders queued or retrying" />
        <Figure label="Needs attention" value={today.needsAttention} hint="see Sync activity" />
      </Figures>
      <Box marginTop="large">
        <Flex flexDirection="row" flexWrap="wrap" flexGap="2rem">
          <FlexItem>
            <Text marginBottom="xxSmall">
              QuickBooks <Badge {...CONNECTION[connection.status]} />
            </Text>
            <Small>
              {connection.companyName ?? 'No company connected'}
              {connection.statusReason && connection.status !== 'connected' ? ` · ${connection.statusReason}` : ''}
            </Small>
          </FlexItem>
          <FlexItem>
            <Text marginBottom="xxSmall">
              BigCommerce webhooks <Badge {...webhookBadge} />
            </Text>
            <Small>
              {webhooks.registered} of {webhooks.expected} registered ·{' '}
              {webhooks.lastReceivedAt ? `last event ${new Date(webhooks.lastReceivedAt).toLocaleString()}` : 'no event received yet'}
              {webhooks.error ? ` · ${webhooks.error}` : ''}
            </Small>
          </FlexItem>
          <FlexItem>
            <Text marginBottom="xxSmall">Start date</Text>
            <Small>{sync.startDate ?? 'not chosen yet'}</Small>
          </FlexItem>
        </Flex>
      </Box>
    </Panel>
  );
}

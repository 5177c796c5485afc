/** App home content: what is set up for this store and who can use the app. */
import { Badge, Box, Message, Panel, ProgressCircle, Table, Text } from '@bigcommerce/big-design';
import type { StoreOverview } from '@/lib/app-lifecycle/store-overview';
import { useApi } from '@/lib/client/use-api';

export function StoreOverviewPanels() {
  const { data, error, isLoading } = useApi<StoreOverview>('/api/app/store');
  if (isLoading) return <ProgressCircle size="large" />;
  if (error || !data) {
    return <Message type="error" header="Could not load your store" messages={[{ text: error?.message ?? 'Unknown error' }]} />;
  }
  const { store, user, users, webhooks } = data;
  return (
    <>
      <Panel header="Store" headerId="store-panel">
        <Text>
          <strong>{store.name}</strong> ({store.domain || store.hash}) · currency {store.currency || '—'} · time zone{' '}
          {store.timezone || '—'}
        </Text>
        <Text>
          Signed in as {user.email} ({user.role}). Installed {new Date(store.installedAt).toLocaleString()}.
        </Text>
      </Panel>
      <Panel
        header="Order and customer events"
        headerId="webhooks-panel"
        badge={
          webhooks.status === 'ok'
            ? { label: 'Receiving', variant: 'success' }
            : { label: webhooks.status === 'error' ? 'Needs attention' : 'Pending', variant: 'warning' }
        }
      >
        <Text>
          {webhooks.registered} of {webhooks.expected} BigCommerce webhooks registered
          {webhooks.checkedAt ? `, checked ${new Date(webhooks.checkedAt).toLocaleString()}` : ''}.
        </Text>
        {webhooks.error ? (
          <Box marginTop="medium">
            <Message
              type="warning"
              messages={[{ text: `${webhooks.error} We retry each time the app is opened.` }]}
            />
          </Box>
        ) : null}
      </Panel>
      <Panel header="People with access" headerId="users-panel">
        <Table
          itemName="Users"
          keyField="id"
          items={users}
          columns={[
            { header: 'Email', hash: 'email', render: ({ email }) => email },
            {
              header: 'Role',
              hash: 'role',
              render: ({ role }) => <Badge label={role} variant={role === 'owner' ? 'primary' : 'secondary'} />,
            },
            { header: 'Last opened', hash: 'lastSeenAt', render: ({ lastSeenAt }) => new Date(lastSeenAt).toLocaleString() },
          ]}
        />
      </Panel>
    </>
  );
}

/** App home content: the store and who can use the app (sync and webhook health are the dashboard's). */
import { Badge, Message, Panel, ProgressCircle, Table, Text } from '@bigcommerce/big-design';
import type { StoreOverview } from '@/lib/app-lifecycle/store-overview';
import { useApi } from '@/lib/client/use-api';

export function StoreOverviewPanels() {
  const { data, error, isLoading } = useApi<StoreOverview>('/api/app/store');
  if (isLoading) return <ProgressCircle size="large" />;
  if (error || !data) {
    return <Message type="error" header="Could not load your store" messages={[{ text: error?.message ?? 'Unknown error' }]} />;
  }
  const { store, user, users } = data;
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

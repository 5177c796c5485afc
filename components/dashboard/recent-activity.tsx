/** The latest orders the sync worked on, linking to their timelines. */
import { Panel, Table, Text } from '@bigcommerce/big-design';
import NextLink from 'next/link';
import type { ActivityItem } from '@/lib/activity/sync-activity';
import { formatMinor } from '@/lib/money/money';
import { ActivityStatusBadge } from '@/components/activity/activity-status-badge';

export function RecentActivity({ items }: { items: ActivityItem[] }) {
  return (
    <Panel header="Recent activity" headerId="recent-activity-panel">
      {items.length === 0 ? (
        <Text>Nothing synced yet. Orders appear here within seconds of being placed once you are live.</Text>
      ) : (
        <Table
          itemName="Orders"
          keyField="jobId"
          items={items}
          columns={[
            {
              header: 'Order',
              hash: 'order',
              render: ({ orderId, subjectId }) => (
<NextLink href={`/activity/${orderId ?? subjectId}`}>#{orderId ?? subjectId}</NextLink>
              ),
            },
            { header: 'Status', hash: 'status', render: ({ status }) => <ActivityStatusBadge status={status} /> },
            {
              header: 'QuickBooks',
              hash: 'document',
              render: ({ document }) =>
                document ? `${document.entity === 'SalesReceipt' ? 'Sales receipt' : document.entity} ${document.docNumber}${document.status === 'voided' ? ' (voided)' : ''}` : '—',
            },
            {
              header: 'Total',
              hash: 'total',
              align: 'right',
              render: ({ document }) => (document?.totalCents !== undefined && document.currency ? `${formatMinor(document.totalCents, document.currency)} ${document.currency}` : '—'),
            },
            { header: 'Updated', hash: 'updatedAt', render: ({ updatedAt }) => new Date(updatedAt).toLocaleString() },
          ]}
        />
      )}
    </Panel>
  );
}

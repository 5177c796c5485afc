/**
 * One page of the store's orders as the sync sees them: order (linking to its timeline), status, QuickBooks
 * document, total, failed attempts, the plain-language reason, last change, and a per-row "Retry". Rows can be
 * selected for "Retry selected"; the selection is kept by job id, so a refresh of the page keeps it.
 */
import { Button, Small, Table, Text } from '@bigcommerce/big-design';
import NextLink from 'next/link';
import type { ReactElement, ReactNode } from 'react';
import type { ActivityItem } from '@/lib/activity/sync-activity';
import { ActivityStatusBadge } from './activity-status-badge';
import { attemptsText, canRetry, documentLabel, formatTotal, formatWhen, reasonOf } from './activity-format';

export interface ActivityTableProps {
  items: ActivityItem[];
  selectedIds: ReadonlySet<string>;
  onSelectionChange(jobIds: Set<string>): void;
  onRetry(orderIds: number[]): void;
  retrying: boolean;
  actions?: ReactNode;
  emptyComponent: ReactElement;
}

export function ActivityTable({ items, selectedIds, onSelectionChange, onRetry, retrying, actions, emptyComponent }: ActivityTableProps) {
  return (
    <Table
      itemName="Orders"
      keyField="jobId"
      items={items}
      actions={actions}
      emptyComponent={emptyComponent}
      selectable={{
        selectedItems: items.filter((item) => selectedIds.has(item.jobId)),
        onSelectionChange: (selected) => onSelectionChange(new Set(selected.map((item) => item.jobId))),
      }}
      columns={[
        {
          header: 'Order',
          hash: 'order',
          render: (item) =>
            item.orderId !== undefined ? (
              <NextLink href={`/activity/${item.orderId}`} aria-label={`Order ${item.orderId}: open its timeline`}>
                #{item.orderId}
              </NextLink>
            ) : (
              item.subjectId
            ),
        },
        { header: 'Status', hash: 'status', render: (item) => <ActivityStatusBadge status={item.status} /> },
        {
          header: 'QuickBooks document',
          hash: 'document',
          render: (item) => (item.document ? documentLabel(item.document) : '—'),
        },
        {
          header: 'Total',
          hash: 'total',
          align: 'right',
          render: (item) => formatTotal(item.document?.totalCents, item.document?.currency),
        },
        { header: 'Failed attempts', hash: 'attempts', align: 'right', render: (item) => attemptsText(item) },
        {
          header: 'Reason',
          hash: 'reason',
          render: (item) => {
            const reason = reasonOf(item);
            return reason ? <Text marginBottom="none">{reason}</Text> : <Small marginBottom="none">—</Small>;
          },
        },
        { header: 'Updated', hash: 'updatedAt', render: (item) => formatWhen(item.updatedAt) },
        {
          header: 'Actions',
          hash: 'actions',
          hideHeader: true,
          render: (item) =>
            canRetry(item) ? (
              <Button
                variant="subtle"
                disabled={retrying}
                onClick={() => onRetry([item.orderId])}
                aria-label={`Retry order ${item.orderId}`}
              >
                Retry
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

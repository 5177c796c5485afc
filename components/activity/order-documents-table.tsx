/** The QuickBooks documents an order produced (sales document, payment, refunds, reversal) with ids and totals. */
import { Table, Text } from '@bigcommerce/big-design';
import type { ActivityDocument } from '@/lib/activity/sync-activity';
import { ENTITY_LABELS, documentState, formatTotal, formatWhen } from './activity-format';

export function OrderDocumentsTable({ documents }: { documents: ActivityDocument[] }) {
  return (
    <Table
      itemName="QuickBooks documents"
      keyField="rowId"
      // BigDesign spreads row items into JSX props, where a `key` field would trip React.
      items={documents.map(({ key, ...document }) => ({ ...document, rowId: key }))}
      emptyComponent={<Text>Nothing has been posted to QuickBooks for this order yet.</Text>}
      columns={[
        { header: 'Document', hash: 'entity', render: (document) => `${ENTITY_LABELS[document.entity]} ${document.docNumber}` },
        {
          header: 'State',
          hash: 'status',
          render: (document) => documentState(document) ?? 'posted',
        },
        { header: 'QuickBooks id', hash: 'qboId', render: (document) => document.qboId ?? '—' },
        { header: 'Total', hash: 'totalCents', align: 'right', render: (document) => formatTotal(document.totalCents, document.currency) },
        { header: 'Tax', hash: 'taxCents', align: 'right', render: (document) => formatTotal(document.taxCents, document.currency) },
        { header: 'Posted', hash: 'postedAt', render: (document) => formatWhen(document.postedAt) },
      ]}
    />
  );
}

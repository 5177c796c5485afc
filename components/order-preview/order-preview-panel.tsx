/**
 * "Preview an order": the merchant types an order number and sees the exact QuickBooks document it would
 * become (lines, tax, totals, what would be created first), computed without posting anything.
 */
import { Box, Button, Collapse, Flex, Form, FormGroup, H3, Input, Message, Panel, Small, Table, Text } from '@bigcommerce/big-design';
import { useState, type FormEvent } from 'react';
import styled from 'styled-components';
import { apiFetch } from '@/lib/client/use-api';
import { useSession } from '@/lib/client/session-context';
import { formatMinor } from '@/lib/money/money';
import type { OrderPreview } from '@/lib/sync/order-preview';

const Code = styled.pre`
  max-height: 24rem;
  overflow: auto;
  font-size: 0.8rem;
  white-space: pre-wrap;
`;

interface PreviewLine {
  /** Not `key`: BigDesign's Table spreads a row's item into props, and React refuses a spread `key`. */
  lineNumber: number;
  kind: string;
  description: string;
  item: string;
  qty: string;
  unitPrice: string;
  amount: string;
  taxCode: string;
}

type Line = Record<string, unknown> & { DetailType?: string; Amount?: number; Description?: string };

function linesOf(document: object, names: Map<string, string>): PreviewLine[] {
  const lines = ((document as { Line?: Line[] }).Line ?? []).filter((line) => line.DetailType !== 'SubTotalLineDetail');
  return lines.map((line, index) => {
    const detail = (line['SalesItemLineDetail'] ?? line['DiscountLineDetail'] ?? {}) as Record<string, { value?: string } | number | undefined>;
    const itemId = (detail['ItemRef'] as { value?: string } | undefined)?.value ?? '';
    return {
      lineNumber: index,
      kind: line.DetailType === 'DiscountLineDetail' ? 'Discount' : 'Item',
      description: line.Description ?? '',
      item: itemId === 'SHIPPING_ITEM_ID' ? 'Shipping (QuickBooks)' : (names.get(itemId) ?? itemId),
      qty: detail['Qty'] === undefined ? '' : String(detail['Qty']),
      unitPrice: detail['UnitPrice'] === undefined ? '' : String(detail['UnitPrice']),
      amount: String(line.Amount ?? ''),
      taxCode: (detail['TaxCodeRef'] as { value?: string } | undefined)?.value ?? '',
    };
  });
}

export function OrderPreviewPanel() {
  const { state } = useSession();
  const token = state.status === 'ready' ? state.session.token : '';
  const [orderId, setOrderId] = useState('');
  const [loading, setLoading] = useState(false);
  const [preview, setPreview] = useState<OrderPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{1,15}$/.test(orderId.trim())) {
      setProblem('Enter a BigCommerce order number, e.g. 100.');
      return;
    }
    setLoading(true);
    setProblem(null);
    try {
      setPreview(await apiFetch<OrderPreview>(`/api/app/orders/${orderId.trim()}/preview`, token));
    } catch (error) {
      setPreview(null);
      setProblem((error as Error).message);
    } finally {
      setLoading(false);
    }
  }

  // Records by their QuickBooks names, those posting would create marked as new (placeholder ids are unique);
  // existing items and the customer apart, as QuickBooks numbers each kind of record on its own. An id shows
  // only where QuickBooks could not be asked for the name.
  const planned = new Map(preview?.ok ? preview.wouldCreate.map((entry) => [entry.id, `${entry.name} (new)`]) : []);
  const itemNames = new Map<string, string>([...Object.entries(preview?.ok ? preview.itemNames : {}), ...planned]);
  const customerId = preview?.ok ? ((preview.document as { CustomerRef?: { value?: string } }).CustomerRef?.value ?? '') : '';
  const customerLabel = planned.get(customerId) ?? (preview?.ok ? preview.customerName : undefined) ?? `QuickBooks customer ${customerId}`;

  return (
    <Panel header="Preview an order" headerId="order-preview-panel" description="See the exact QuickBooks document an order would become with these settings. Nothing is posted.">
      <Form onSubmit={(event) => void submit(event)} fullWidth={false}>
        <Flex flexDirection="row" flexGap="0.5rem" alignItems="flex-end">
          <FormGroup>
            <Input label="Order number" inputMode="numeric" value={orderId} onChange={(event) => setOrderId(event.target.value)} required />
          </FormGroup>
          <Button type="submit" variant="secondary" isLoading={loading}>
            Preview
          </Button>
        </Flex>
      </Form>
      {problem ? (
        <Box marginTop="medium">
          <Message type="error" messages={[{ text: problem }]} />
        </Box>
      ) : null}
      {preview && !preview.ok ? (
        <Box marginTop="medium">
          <Message type="warning" header={`Order #${preview.orderId} would not post yet`} messages={[{ text: preview.reason }]} />
        </Box>
      ) : null}
      {preview?.ok ? (
        <Box marginTop="medium" aria-live="polite">
          <H3>
            {preview.entity === 'SalesReceipt' ? 'Sales receipt' : 'Invoice'} {(preview.document as { DocNumber?: string }).DocNumber} · order status{' '}
            {preview.orderStatus}
          </H3>
          {preview.alreadyPosted ? (
            <Message
              type="info"
              messages={[
                {
                  text: `Already in QuickBooks as ${preview.alreadyPosted.docNumber} (${preview.alreadyPosted.status}). Syncing again updates it in place if the order changed; it never creates a second one.`,
                },
              ]}
            />
          ) : null}
          <Text>
            Customer: {customerLabel} · Date {(preview.document as { TxnDate?: string }).TxnDate}
          </Text>
          <Table
            itemName="Lines"
            keyField="lineNumber"
            items={linesOf(preview.document, itemNames)}
            columns={[
              { header: 'Line', hash: 'kind', render: ({ kind }) => kind },
              { header: 'Description', hash: 'description', render: ({ description }) => description },
              { header: 'QuickBooks item', hash: 'item', render: ({ item }) => item },
              { header: 'Qty', hash: 'qty', align: 'right', render: ({ qty }) => qty },
              { header: 'Unit price', hash: 'unitPrice', align: 'right', render: ({ unitPrice }) => unitPrice },
              { header: 'Amount', hash: 'amount', align: 'right', render: ({ amount }) => amount },
              { header: 'Tax', hash: 'taxCode', render: ({ taxCode }) => taxCode },
            ]}
          />
          <Box marginTop="small">
            <Text bold>
              Total {formatMinor(preview.expected.totalCents, preview.expected.currency)} {preview.expected.currency} · tax{' '}
              {formatMinor(preview.expected.taxCents, preview.expected.currency)}
              {preview.roundingCents ? ` · includes a rounding line of ${preview.roundingCents}¢` : ''}
            </Text>
            <Small>QuickBooks must store exactly these totals; posting checks them to the cent.</Small>
          </Box>
          {preview.wouldCreate.length > 0 ? (
            <Box marginTop="small">
              <Text>Posting would first create in QuickBooks: {preview.wouldCreate.map((planned) => `${planned.entity} “${planned.name}”`).join(', ')}.</Text>
            </Box>
          ) : null}
          <Box marginTop="small">
            <Collapse>
              <Collapse.Trigger title="The document as sent to QuickBooks" />
              <Collapse.Panel>
                <Code>{JSON.stringify(preview.document, null, 2)}</Code>
              </Collapse.Panel>
            </Collapse>
          </Box>
        </Box>
      ) : null}
    </Panel>
  );
}

/** One order's sync story: its job, its QuickBooks documents, and every step from webhook to QuickBooks answer. */
import { Badge, Box, Button, Flex, Message, Panel, ProgressCircle, Small, Table, Text } from '@bigcommerce/big-design';
import { useEffect, useRef } from 'react';
import styled from 'styled-components';
import type { OrderTimeline, TimelineEntryType } from '@/lib/activity/sync-activity';
import { useSupportApi } from '@/lib/client/use-support-api';
import { JOB_STATUS, formatAmount, formatTime } from './support-format';

const STEP: Record<TimelineEntryType, string> = {
  webhook: 'Webhook',
  fetched: 'Fetched',
  decided: 'Decided',
  'quickbooks-request': 'Sent to QuickBooks',
  'quickbooks-response': 'QuickBooks answered',
  outcome: 'Outcome',
};

const Detail = styled.pre`
  max-height: 20rem;
  max-width: 40rem;
  overflow: auto;
  white-space: pre-wrap;
  word-break: break-word;
  margin: 0.5rem 0 0;
`;

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function SupportOrderTimeline({
  storeHash,
  orderId,
  onClose,
  onSessionEnded,
}: {
  storeHash: string;
  orderId: number;
  onClose(): void;
  onSessionEnded(): void;
}) {
  const { data, error, isLoading } = useSupportApi<OrderTimeline>(
    `/api/support/stores/${encodeURIComponent(storeHash)}/orders/${orderId}`,
  );
  const heading = useRef<HTMLDivElement>(null);
  // Move focus to the timeline that just opened, for keyboard and screen-reader users.
  useEffect(() => heading.current?.focus(), [orderId]);
  useEffect(() => {
    if (error?.status === 401) onSessionEnded();
  }, [error, onSessionEnded]);

  return (
    <div ref={heading} tabIndex={-1} aria-label={`Order ${orderId} timeline`}>
      <Panel header={`Order #${orderId}: timeline`} headerId="support-order-timeline" action={{ text: 'Close timeline', variant: 'subtle', onClick: onClose }}>
        {isLoading ? (
          <ProgressCircle size="medium" />
        ) : error || !data ? (
          <Message type={error?.status === 404 ? 'info' : 'error'} messages={[{ text: error?.message ?? 'Unknown error' }]} />
        ) : (
          <>
            {data.job ? (
              <Flex alignItems="center" flexGap="0.5rem" marginBottom="medium" flexWrap="wrap">
                <Badge label={JOB_STATUS[data.job.status].label} variant={JOB_STATUS[data.job.status].variant} />
                <Text marginBottom="none">
                  {data.job.attempts} failed attempt{data.job.attempts === 1 ? '' : 's'} of {data.job.maxAttempts} · last change {formatTime(data.job.updatedAt)}
                </Text>
                {data.job.lastError ? <Text marginBottom="none">· {data.job.lastError.message}</Text> : null}
                {data.job.parkedReason ? <Text marginBottom="none">· {data.job.parkedReason}</Text> : null}
              </Flex>
            ) : null}
            <Box marginBottom="medium">
              <Table
                itemName="QuickBooks documents"
                keyField="rowId"
                // BigDesign spreads row items into JSX props, where a `key` field would trip React.
                items={data.documents.map(({ key, ...doc }) => ({ ...doc, rowId: key }))}
                emptyComponent={<Text>Nothing has been posted to QuickBooks for this order.</Text>}
                columns={[
                  { header: 'Document', hash: 'entity', render: (doc) => `${doc.entity} ${doc.docNumber}` },
                  { header: 'State', hash: 'status', render: (doc) => doc.status },
                  { header: 'QuickBooks id', hash: 'qboId', render: (doc) => doc.qboId ?? '—' },
                  { header: 'Total', hash: 'totalCents', align: 'right', render: (doc) => formatAmount(doc.totalCents, doc.currency) },
                  { header: 'Posted', hash: 'postedAt', render: (doc) => formatTime(doc.postedAt) },
                ]}
              />
            </Box>
            <Table
              itemName="Timeline steps"
              keyField="rowId"
              items={data.timeline.map((entry, index) => ({ ...entry, rowId: `${index}` }))}
              emptyComponent={<Text>No steps recorded (older entries are pruned after 90 days).</Text>}
              columns={[
                { header: 'Time', hash: 'at', render: (entry) => formatTime(entry.at) },
                { header: 'Step', hash: 'type', render: (entry) => STEP[entry.type] },
                {
                  header: 'What happened',
                  hash: 'summary',
                  render: (entry) => (
                    <>
                      <Text marginBottom="none">{entry.summary}</Text>
                      {entry.attempt !== undefined || entry.intuitTid ? (
                        <Small marginBottom="none">
                          {entry.attempt !== undefined ? `attempt ${entry.attempt}` : ''}
                          {entry.attempt !== undefined && entry.intuitTid ? ' · ' : ''}
                          {entry.intuitTid ? `intuit_tid ${entry.intuitTid}` : ''}
                        </Small>
                      ) : null}
                      {entry.detail ? (
                        <details>
                          <summary>Show data</summary>
                          <Detail>{prettyJson(entry.detail)}</Detail>
                        </details>
                      ) : null}
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
        <Box marginTop="medium">
          <Button variant="secondary" onClick={onClose}>
            Back to the activity list
          </Button>
        </Box>
      </Panel>
    </div>
  );
}

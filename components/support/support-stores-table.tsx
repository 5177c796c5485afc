/** Every installed store's sync health, one page at a time, problem stores easy to spot. */
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Flex,
  Link,
  Message,
  Panel,
  ProgressCircle,
  Small,
  StatelessPagination,
  Table,
  Text,
} from '@bigcommerce/big-design';
import { useEffect, useState } from 'react';
import { useSupportApi } from '@/lib/client/use-support-api';
import type { SupportOverview, SupportStoreRow } from '@/lib/support/support-overview';
import { CONNECTION, HEALTH, WEBHOOKS, formatTime, queueSummary, queueTotal } from './support-format';

const PAGE_SIZES = [25, 50, 100];

function StoreCell({ row }: { row: SupportStoreRow }) {
  return (
    <>
      <Link href={`/support/stores/${encodeURIComponent(row.storeHash)}`}>{row.name}</Link>
      <Small marginBottom="none">
        {row.storeHash}
        {row.domain ? ` · ${row.domain}` : ''}
        {row.installState === 'cancelled' ? ' · store closed' : ''}
      </Small>
    </>
  );
}

export function HealthCell({ row }: { row: SupportStoreRow }) {
  return (
    <>
      <Badge label={HEALTH[row.health].label} variant={HEALTH[row.health].variant} />
      {row.attention.map((reason) => (
        <Small key={reason} marginBottom="none">
          {reason}
        </Small>
      ))}
    </>
  );
}

export function QuickBooksCell({ row }: { row: SupportStoreRow }) {
  const { quickbooks } = row;
  return (
    <>
      <Badge label={CONNECTION[quickbooks.status].label} variant={CONNECTION[quickbooks.status].variant} />
      {quickbooks.companyName ? <Small marginBottom="none">{quickbooks.companyName}</Small> : null}
      {quickbooks.reason ? <Small marginBottom="none">{quickbooks.reason}</Small> : null}
      {quickbooks.status !== 'connected' && quickbooks.since ? <Small marginBottom="none">since {formatTime(quickbooks.since)}</Small> : null}
    </>
  );
}

export function WebhooksCell({ row }: { row: SupportStoreRow }) {
  const { webhooks } = row;
  return (
    <>
      <Badge label={WEBHOOKS[webhooks.health].label} variant={WEBHOOKS[webhooks.health].variant} />
      <Small marginBottom="none">
        {webhooks.registered}/{webhooks.expected} hooks · last {formatTime(webhooks.lastReceivedAt)}
      </Small>
    </>
  );
}

export function SupportStoresTable({ onSessionEnded }: { onSessionEnded(): void }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [pageSize, setPageSize] = useState(50);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const cursor = cursors.at(-1);
  const params = new URLSearchParams({ limit: String(pageSize), ...(cursor ? { cursor } : {}) });
  const { data, error, isLoading, isValidating, mutate } = useSupportApi<SupportOverview>(`/api/support/stores?${params.toString()}`, {
    keepPreviousData: true,
  });

  useEffect(() => {
    if (error?.status === 401) onSessionEnded();
  }, [error, onSessionEnded]);

  if (isLoading && !data) {
    return (
      <Flex justifyContent="center" padding="xxLarge">
        <ProgressCircle size="large" />
      </Flex>
    );
  }
  if (error && !data) {
    return <Message type="error" header="Could not load the stores" messages={[{ text: error.message }]} />;
  }
  if (!data) return null;

  const rows = onlyProblems ? data.stores.filter((row) => row.health !== 'ok') : data.stores;
  return (
    <Panel
      header="Stores"
      headerId="support-stores"
      description={`${data.totals.stores} installed · ${data.totals.needsReconnect} need QuickBooks reconnecting · as of ${formatTime(data.generatedAt)}`}
      action={{ text: isValidating ? 'Refreshing…' : 'Refresh', variant: 'secondary', disabled: isValidating, onClick: () => void mutate() }}
    >
      <Flex justifyContent="space-between" alignItems="center" flexWrap="wrap" flexGap="1rem" marginBottom="medium">
        <Checkbox
          label="Only stores that need a look (on this page)"
          checked={onlyProblems}
          onChange={(event) => setOnlyProblems(event.target.checked)}
        />
        <StatelessPagination
          itemsPerPage={pageSize}
          itemsPerPageOptions={PAGE_SIZES}
          onItemsPerPageChange={(size) => {
            setPageSize(size);
            setCursors([]);
          }}
          {...(cursors.length > 0 ? { onPrevious: () => setCursors((stack) => stack.slice(0, -1)) } : {})}
          {...(data.nextCursor ? { onNext: () => setCursors((stack) => [...stack, data.nextCursor!]) } : {})}
          localization={{ label: 'Store pages', previousPage: 'Previous stores', nextPage: 'Next stores', rangeLabel: `${pageSize} stores per page` }}
        />
      </Flex>
      {error ? (
        <Box marginBottom="medium">
          <Message type="warning" messages={[{ text: `Showing earlier data: ${error.message}` }]} />
        </Box>
      ) : null}
      <Table
        itemName="Stores"
        keyField="storeHash"
        items={rows}
        emptyComponent={
          <Text>{onlyProblems && data.stores.length > 0 ? 'Every store on this page is healthy.' : 'No store has the app installed yet.'}</Text>
        }
        columns={[
          { header: 'Store', hash: 'store', render: (row) => <StoreCell row={row} /> },
          { header: 'Health', hash: 'health', render: (row) => <HealthCell row={row} /> },
          { header: 'QuickBooks', hash: 'quickbooks', render: (row) => <QuickBooksCell row={row} /> },
          {
            header: 'Last successful post',
            hash: 'lastPostedAt',
            render: (row) => (
              <>
                <Text marginBottom="none">{formatTime(row.lastPostedAt)}</Text>
                {row.lastPostedDocument ? <Small marginBottom="none">{row.lastPostedDocument}</Small> : null}
              </>
            ),
          },
          {
            header: 'Failures (24 h)',
            hash: 'failures24h',
            align: 'right',
            render: (row) => (row.failures24h > 0 ? <Badge label={String(row.failures24h)} variant="danger" /> : '0'),
          },
          { header: 'Webhooks', hash: 'webhooks', render: (row) => <WebhooksCell row={row} /> },
          {
            header: 'Queue',
            hash: 'queue',
            render: (row) => (
              <>
                <Text marginBottom="none">{queueTotal(row.queue)} waiting</Text>
                <Small marginBottom="none">{queueSummary(row.queue)}</Small>
              </>
            ),
          },
        ]}
      />
    </Panel>
  );
}

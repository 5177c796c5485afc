/** A store's drill-down: its health, then its sync activity (filters, cursor pages) and one order's timeline. */
import {
  Badge,
  Box,
  Button,
  Flex,
  Form,
  FormGroup,
  Input,
  Link,
  Message,
  Panel,
  ProgressCircle,
  Select,
  Small,
  StatelessPagination,
  Table,
  Text,
} from '@bigcommerce/big-design';
import { useEffect, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { ActivityItem, ActivityPage } from '@/lib/activity/sync-activity';
import { useSupportApi } from '@/lib/client/use-support-api';
import type { JobKind, JobStatus } from '@/lib/firestore/job-repository';
import type { SupportStoreRow } from '@/lib/support/support-overview';
import { JOB_STATUS, formatAmount, formatTime, queueSummary } from './support-format';
import { HealthCell, QuickBooksCell, WebhooksCell } from './support-stores-table';
import { SupportOrderTimeline } from './support-order-timeline';

const PAGE_SIZES = [25, 50, 100];

// Records typed by the server's unions (compile-time complete) instead of importing its value lists, which would
// pull firebase-admin into the browser bundle.
const KIND_LABEL: Record<JobKind, string> = { order: 'Orders', customer: 'Customers', backfill: 'Backfill' };
const KINDS = Object.keys(KIND_LABEL) as JobKind[];
const STATUSES = Object.keys(JOB_STATUS) as JobStatus[];

const FilterRow = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
  gap: 1rem;
  align-items: end;
`;

const Facts = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  gap: 1rem;
`;

interface Filters {
  kind: JobKind;
  status?: JobStatus;
  from: string;
  to: string;
  order: string;
}

const EMPTY: Filters = { kind: 'order', from: '', to: '', order: '' };

function StoreFacts({ store }: { store: SupportStoreRow }) {
  return (
    <Panel header={store.name} headerId="support-store-facts" description={`${store.storeHash}${store.domain ? ` · ${store.domain}` : ''} · installed ${formatTime(store.installedAt)}`}>
      <Facts>
        <Box>
          <Small bold>Health</Small>
          <HealthCell row={store} />
        </Box>
        <Box>
          <Small bold>QuickBooks</Small>
          <QuickBooksCell row={store} />
        </Box>
        <Box>
          <Small bold>Webhooks</Small>
          <WebhooksCell row={store} />
        </Box>
        <Box>
          <Small bold>Last successful post</Small>
          <Text marginBottom="none">{formatTime(store.lastPostedAt)}</Text>
          {store.lastPostedDocument ? <Small marginBottom="none">{store.lastPostedDocument}</Small> : null}
        </Box>
        <Box>
          <Small bold>Failures in the last 24 h</Small>
          <Text marginBottom="none">{store.failures24h}</Text>
        </Box>
        <Box>
          <Small bold>Queue</Small>
          <Text marginBottom="none">{queueSummary(store.queue)}</Text>
          <Small marginBottom="none">{store.doneTotal} done in total</Small>
        </Box>
      </Facts>
    </Panel>
  );
}

function activityPath(storeHash: string, filters: Filters, pageSize: number, cursor: string | undefined): string {
  const params = new URLSearchParams({ kind: filters.kind, limit: String(pageSize) });
  if (filters.status) params.set('status', filters.status);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.order.trim()) params.set('order', filters.order.trim());
  if (cursor) params.set('cursor', cursor);
  return `/api/support/stores/${encodeURIComponent(storeHash)}/activity?${params.toString()}`;
}

function reasonOf(item: ActivityItem): string {
  return item.parkedReason ?? item.lastError?.message ?? '';
}

export function SupportStoreActivity({ storeHash, onSessionEnded }: { storeHash: string; onSessionEnded(): void }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<string[]>([]);
  const [pageSize, setPageSize] = useState(25);
  const [openOrder, setOpenOrder] = useState<number | undefined>();
  const { data, error, isLoading, isValidating, mutate } = useSupportApi<{ store: SupportStoreRow; activity: ActivityPage }>(
    activityPath(storeHash, filters, pageSize, cursors.at(-1)),
    { keepPreviousData: true },
  );

  useEffect(() => {
    if (error?.status === 401) onSessionEnded();
  }, [error, onSessionEnded]);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCursors([]);
    setFilters(draft);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilters(EMPTY);
    setCursors([]);
  };

  if (isLoading && !data) {
    return (
      <Flex justifyContent="center" padding="xxLarge">
        <ProgressCircle size="large" />
      </Flex>
    );
  }
  if (error && !data) {
    return (
      <Message
        type={error.status === 404 ? 'warning' : 'error'}
        header={error.status === 404 ? 'Store not found' : 'Could not load the store'}
        messages={[{ text: error.message, link: { text: 'All stores', href: '/support' } }]}
      />
    );
  }
  if (!data) return null;

  const { store, activity } = data;
  return (
    <>
      <Box marginBottom="medium">
        <Link href="/support">← All stores</Link>
      </Box>
      <StoreFacts store={store} />
      <Panel
        header="Sync activity"
        headerId="support-activity"
        description="One row per order (or customer): its state now, its QuickBooks document and why it failed, if it did. Dates filter on the last change (UTC days)."
        action={{ text: isValidating ? 'Refreshing…' : 'Refresh', variant: 'secondary', disabled: isValidating, onClick: () => void mutate() }}
      >
        <Form onSubmit={apply} aria-label="Filter the sync activity">
          <FilterRow>
            <FormGroup>
              <Select
                label="Kind"
                value={draft.kind}
                options={KINDS.map((kind) => ({ value: kind, content: KIND_LABEL[kind] }))}
                onOptionChange={(kind) => setDraft((current) => ({ ...current, kind: kind ?? 'order' }))}
              />
            </FormGroup>
            <FormGroup>
              <Select<JobStatus | 'all'>
                label="Status"
                value={draft.status ?? 'all'}
                options={[{ value: 'all', content: 'Any status' }, ...STATUSES.map((status) => ({ value: status, content: JOB_STATUS[status].label }))]}
                onOptionChange={(status) => setDraft((current) => ({ ...current, status: status === 'all' ? undefined : status }))}
              />
            </FormGroup>
            <FormGroup>
              <Input label="Changed from" type="date" value={draft.from} onChange={(event) => setDraft((current) => ({ ...current, from: event.target.value }))} />
            </FormGroup>
            <FormGroup>
              <Input label="Changed until" type="date" value={draft.to} onChange={(event) => setDraft((current) => ({ ...current, to: event.target.value }))} />
            </FormGroup>
            <FormGroup>
              <Input
                label="Order number"
                inputMode="numeric"
                pattern="[0-9]*"
                value={draft.order}
                onChange={(event) => setDraft((current) => ({ ...current, order: event.target.value }))}
              />
            </FormGroup>
            <Flex flexGap="0.5rem" marginBottom="medium">
              <Button type="submit">Apply</Button>
              <Button type="button" variant="subtle" onClick={clear}>
                Clear
              </Button>
            </Flex>
          </FilterRow>
        </Form>
        {error ? (
          <Box marginBottom="medium">
            <Message type="error" messages={[{ text: error.message }]} />
          </Box>
        ) : null}
        <Flex justifyContent="flex-end" marginBottom="small">
          <StatelessPagination
            itemsPerPage={pageSize}
            itemsPerPageOptions={PAGE_SIZES}
            onItemsPerPageChange={(size) => {
              setPageSize(size);
              setCursors([]);
            }}
            {...(cursors.length > 0 ? { onPrevious: () => setCursors((stack) => stack.slice(0, -1)) } : {})}
            {...(activity.nextCursor ? { onNext: () => setCursors((stack) => [...stack, activity.nextCursor!]) } : {})}
            localization={{ label: 'Activity pages', previousPage: 'Previous page', nextPage: 'Next page', rangeLabel: `${pageSize} per page` }}
          />
        </Flex>
        <Table
          itemName="Sync activity"
          keyField="jobId"
          items={activity.items}
          emptyComponent={<Text>No sync activity matches these filters.</Text>}
          columns={[
            {
              header: filters.kind === 'order' ? 'Order' : 'Subject',
              hash: 'subject',
              render: (item) => (item.orderId !== undefined ? `#${item.orderId}` : `${item.kind} ${item.subjectId}`),
            },
            { header: 'Status', hash: 'status', render: (item) => <Badge label={JOB_STATUS[item.status].label} variant={JOB_STATUS[item.status].variant} /> },
            {
              header: 'QuickBooks document',
              hash: 'document',
              render: (item) =>
                item.document ? (
                  <>
                    <Text marginBottom="none">
                      {item.document.entity} {item.document.docNumber}
                    </Text>
                    <Small marginBottom="none">
                      {item.document.status} · {formatAmount(item.document.totalCents, item.document.currency)}
                    </Small>
                  </>
                ) : (
                  '—'
                ),
            },
            { header: 'Failed attempts', hash: 'attempts', align: 'right', render: (item) => `${item.attempts}/${item.maxAttempts}` },
            { header: 'Last change', hash: 'updatedAt', render: (item) => formatTime(item.updatedAt) },
            { header: 'Reason', hash: 'reason', render: (item) => reasonOf(item) || '—' },
            {
              header: 'Timeline',
              hash: 'timeline',
              hideHeader: true,
              render: (item) =>
                item.orderId !== undefined ? (
                  <Button variant="subtle" onClick={() => setOpenOrder(item.orderId)} aria-label={`Show the timeline of order ${item.orderId}`}>
                    Timeline
                  </Button>
                ) : null,
            },
          ]}
        />
      </Panel>
      {openOrder !== undefined ? (
        <SupportOrderTimeline storeHash={storeHash} orderId={openOrder} onClose={() => setOpenOrder(undefined)} onSessionEnded={onSessionEnded} />
      ) : null}
    </>
  );
}

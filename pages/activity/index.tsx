/**
 * Sync activity: the store's orders as the sync sees them, filtered by status, days and order number (kept in the
 * URL, so reloading the in-app route keeps them), a page at a time (a stack of cursors for Previous), with "Retry"
 * per row or for the selected rows. Rows still waiting or syncing refresh themselves every few seconds.
 */
import { Box, Button, Message, Panel, Text } from '@bigcommerce/big-design';
import { LoadingState } from '@/components/loading-state';
import { useRouter } from 'next/router';
import { useMemo, useState } from 'react';
import { ActivityFiltersForm } from '@/components/activity/activity-filters';
import { canRetry } from '@/components/activity/activity-format';
import { ActivityTable } from '@/components/activity/activity-table';
import { CursorPager } from '@/components/activity/cursor-pager';
import { ReplayNotice } from '@/components/activity/replay-notice';
import { AppLayout } from '@/components/app-layout';
import { SessionGate } from '@/components/session-gate';
import type { ActivityPage } from '@/lib/activity/sync-activity';
import { activityApiPath, filtersFromQuery, filtersToQuery, NO_FILTERS, type ActivityFilters } from '@/lib/client/activity-filters';
import { useApi } from '@/lib/client/use-api';
import { useReplayOrders } from '@/lib/client/use-replay-orders';

const PAGE_SIZE = 25;
const LIVE_REFRESH_MS = 3_000;

function ActivityList() {
  const router = useRouter();
  // The URL is the one source of the applied filters; the key keeps their identity stable between renders.
  const filtersKey = JSON.stringify(filtersFromQuery(router.query));
  const filters = useMemo(() => JSON.parse(filtersKey) as ActivityFilters, [filtersKey]);
  const filtered = Object.keys(filtersToQuery(filters)).length > 0;
  // Cursors of the pages after the first that were walked through, reset whenever the filters change.
  const [paging, setPaging] = useState<{ filtersKey: string; cursors: string[] }>({ filtersKey, cursors: [] });
  const cursors = paging.filtersKey === filtersKey ? paging.cursors : [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const replay = useReplayOrders();

  const { data, error, isLoading, isValidating, mutate } = useApi<ActivityPage>(
    router.isReady ? activityApiPath(filters, cursors.at(-1), PAGE_SIZE) : null,
    {
      keepPreviousData: true,
      refreshInterval: (latest) => (latest?.items.some((item) => item.status === 'pending' || item.status === 'running') ? LIVE_REFRESH_MS : 0),
    },
  );

  const apply = (next: ActivityFilters) => {
    setSelected(new Set());
    replay.dismiss();
    void router.replace({ pathname: router.pathname, query: filtersToQuery(next) }, undefined, { shallow: true });
  };
  const turn = (next: string[]) => {
    setSelected(new Set());
    setPaging({ filtersKey, cursors: next });
  };

  const items = data?.items ?? [];
  const retryable = items.filter((item) => selected.has(item.jobId) && canRetry(item)).flatMap((item) => (item.orderId !== undefined ? [item.orderId] : []));
  const retry = async (orderIds: number[]) => {
    if (await replay.replay(orderIds)) setSelected(new Set());
  };

  return (
    <Panel
      header="Orders"
      headerId="activity-panel"
      description="One row per order: where its sync stands, its QuickBooks document and, if something went wrong, why. Dates filter on the last change."
      action={{ text: isValidating ? 'Refreshing…' : 'Refresh', variant: 'secondary', disabled: isValidating, onClick: () => void mutate() }}
    >
      <ActivityFiltersForm value={filters} onApply={apply} />
      <ReplayNotice replay={replay} />
      {error && data ? (
        <Box marginBottom="medium">
          <Message type="error" header="Could not refresh the activity" messages={[{ text: error.message }]} />
        </Box>
      ) : null}
      {isLoading && !data ? (
        <LoadingState label="Loading the sync activity" padding="xLarge" />
      ) : error && !data ? (
        <Message
          type="error"
          header="Could not load the sync activity"
          messages={[{ text: error.message }]}
          actions={[{ text: 'Try again', onClick: () => void mutate() }]}
        />
      ) : (
        <>
          <ActivityTable
            items={items}
            selectedIds={selected}
            onSelectionChange={setSelected}
            onRetry={(orderIds) => void retry(orderIds)}
            retrying={replay.busy}
            actions={
              <Button variant="secondary" disabled={retryable.length === 0 || replay.busy} isLoading={replay.busy} onClick={() => void retry(retryable)}>
                {retryable.length > 0 ? `Retry selected (${retryable.length})` : 'Retry selected'}
              </Button>
            }
            emptyComponent={
              filtered ? (
                <Box padding="medium">
                  <Text>No orders match these filters.</Text>
                  <Button variant="secondary" onClick={() => apply(NO_FILTERS)}>
                    Clear the filters
                  </Button>
                </Box>
              ) : (
                <Box padding="medium">
                  <Text>No orders synced yet. Orders appear here within seconds of being placed once the app is live; older orders can be brought over with Backfill.</Text>
                </Box>
              )
            }
          />
          <Box marginTop="medium">
            <CursorPager
              page={cursors.length + 1}
              hasPrevious={cursors.length > 0}
              hasNext={Boolean(data?.nextCursor)}
              busy={isValidating}
              onPrevious={() => turn(cursors.slice(0, -1))}
              onNext={() => data?.nextCursor && turn([...cursors, data.nextCursor])}
            />
          </Box>
        </>
      )}
    </Panel>
  );
}

export default function ActivityPage() {
  return (
    <AppLayout title="Sync activity">
      <SessionGate>{() => <ActivityList />}</SessionGate>
    </AppLayout>
  );
}

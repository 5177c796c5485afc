/**
 * One order's sync timeline: where it stands and why (with Retry), the QuickBooks documents it produced, then every
 * step oldest first. Refreshes itself while the order waits or syncs, so a retry can be watched to its outcome.
 */
import { Box, H2, Message, Panel } from '@bigcommerce/big-design';
import { LoadingState } from '@/components/loading-state';
import NextLink from 'next/link';
import { useRouter } from 'next/router';
import { useEffect, useRef } from 'react';
import { OrderDocumentsTable } from '@/components/activity/order-documents-table';
import { OrderJobSummary } from '@/components/activity/order-job-summary';
import { OrderTimelineSteps } from '@/components/activity/order-timeline-steps';
import { ReplayNotice } from '@/components/activity/replay-notice';
import { AppLayout } from '@/components/app-layout';
import { SessionGate } from '@/components/session-gate';
import type { OrderTimeline } from '@/lib/activity/sync-activity';
import { useApi } from '@/lib/client/use-api';
import { useReplayOrders } from '@/lib/client/use-replay-orders';

const LIVE_REFRESH_MS = 2_000;

function OrderTimelineView({ orderId }: { orderId: number }) {
  const replay = useReplayOrders();
  const { data, error, isLoading, mutate } = useApi<OrderTimeline>(`/api/app/activity/${orderId}`, {
    refreshInterval: (latest) => (latest?.job?.status === 'pending' || latest?.job?.status === 'running' ? LIVE_REFRESH_MS : 0),
  });
  const heading = useRef<HTMLElement>(null);
  // Land keyboard and screen-reader users on the order they opened.
  const loaded = data !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [orderId, loaded]);

  if (isLoading && !data) {
    return (
      <LoadingState label={`Loading order ${orderId}`} />
    );
  }
  if (error && !data) {
    return error.status === 404 ? (
      <Message
        type="info"
        header={`No sync activity for order #${orderId} yet`}
        messages={[{ text: 'Orders appear here once BigCommerce tells the app about them (placed after going live, or brought over by a backfill).' }]}
      />
    ) : (
      <Message type="error" header="Could not load the order’s timeline" messages={[{ text: error.message }]} actions={[{ text: 'Try again', onClick: () => void mutate() }]} />
    );
  }
  if (!data) return null;

  return (
    <>
      <ReplayNotice replay={replay} />
      <Panel>
        <section ref={heading} tabIndex={-1} aria-labelledby="order-status-heading">
          <H2 id="order-status-heading" marginBottom="medium">
            Where order #{orderId} stands
          </H2>
          <OrderJobSummary job={data.job} retrying={replay.busy} onRetry={(id) => void replay.replay([id])} />
        </section>
      </Panel>
      <Panel header="QuickBooks documents" headerId="order-documents">
        <OrderDocumentsTable documents={data.documents} />
      </Panel>
      <Panel header="Timeline" headerId="order-timeline" description="Every step, oldest first. Payloads are shown with secrets removed.">
        <OrderTimelineSteps entries={data.timeline} label={`Sync steps of order ${orderId}`} />
      </Panel>
    </>
  );
}

export default function OrderActivityPage() {
  const router = useRouter();
  const raw = typeof router.query.orderId === 'string' ? router.query.orderId : undefined;
  const orderId = raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  return (
    <AppLayout title={orderId !== undefined ? `Order #${orderId}` : 'Order'} actions={<NextLink href="/activity">← All sync activity</NextLink>}>
      <SessionGate>
        {() =>
          !router.isReady ? (
            <LoadingState label="Loading" />
          ) : orderId === undefined ? (
            <Box>
              <Message type="warning" header="Not an order number" messages={[{ text: `“${raw ?? ''}” is not an order number.` }]} />
            </Box>
          ) : (
            <OrderTimelineView orderId={orderId} />
          )
        }
      </SessionGate>
    </AppLayout>
  );
}

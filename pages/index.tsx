import { AppLayout } from '@/components/app-layout';
import { QuickBooksConnectionPanel, QuickBooksReconnectBanner } from '@/components/quickbooks-connection-panel';
import { SessionGate } from '@/components/session-gate';
import { StoreOverviewPanels } from '@/components/store-overview-panels';

export default function HomePage() {
  return (
    <AppLayout title="Overview">
      <SessionGate>
        {() => (
          <>
            <QuickBooksReconnectBanner />
            <QuickBooksConnectionPanel />
            <StoreOverviewPanels />
          </>
        )}
      </SessionGate>
    </AppLayout>
  );
}

import { Message, Panel } from '@bigcommerce/big-design';
import { LoadingState } from '@/components/loading-state';
import { AppLayout } from '@/components/app-layout';
import { OnboardingChecklist } from '@/components/dashboard/onboarding-checklist';
import { RecentActivity } from '@/components/dashboard/recent-activity';
import { SyncHealth } from '@/components/dashboard/sync-health';
import { VolumeChart } from '@/components/dashboard/volume-chart';
import { QuickBooksConnectionPanel, QuickBooksReconnectBanner } from '@/components/quickbooks-connection-panel';
import { SessionGate } from '@/components/session-gate';
import { StoreOverviewPanels } from '@/components/store-overview-panels';
import { useApi } from '@/lib/client/use-api';
import type { StoreDashboard } from '@/lib/dashboard/store-dashboard';

function Dashboard() {
  const { data, error, isLoading, mutate } = useApi<StoreDashboard>('/api/app/dashboard', { refreshInterval: 15_000 });
  if (isLoading) {
    return (
      <LoadingState label="Loading the dashboard" />
    );
  }
  if (error || !data) {
    return <Message type="error" header="Could not load the dashboard" messages={[{ text: error?.message ?? 'Unknown error' }]} />;
  }
  return (
    <>
      <QuickBooksReconnectBanner />
      {data.onboarding.complete ? null : <OnboardingChecklist dashboard={data} onChanged={() => void mutate()} />}
      <SyncHealth dashboard={data} />
      <Panel header="Last 30 days" headerId="volume-panel">
        <VolumeChart volume={data.volume} />
      </Panel>
      <RecentActivity items={data.recent} />
      <QuickBooksConnectionPanel />
      <StoreOverviewPanels />
    </>
  );
}

export default function HomePage() {
  return (
    <AppLayout title="Overview">
      <SessionGate>{() => <Dashboard />}</SessionGate>
    </AppLayout>
  );
}

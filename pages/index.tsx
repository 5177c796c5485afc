import { AppLayout } from '@/components/app-layout';
import { SessionGate } from '@/components/session-gate';
import { StoreOverviewPanels } from '@/components/store-overview-panels';

export default function HomePage() {
  return (
    <AppLayout title="Overview">
      <SessionGate>{() => <StoreOverviewPanels />}</SessionGate>
    </AppLayout>
  );
}

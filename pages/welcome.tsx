/** The branded answer to the install callback: confirms the install and leads into the app. */
import { Button, Message, Panel, Text } from '@bigcommerce/big-design';
import { useRouter } from 'next/router';
import { AppLayout } from '@/components/app-layout';
import { SessionGate } from '@/components/session-gate';
import type { StoreOverview } from '@/lib/app-lifecycle/store-overview';
import { useApi } from '@/lib/client/use-api';

function Welcome() {
  const router = useRouter();
  const { data } = useApi<StoreOverview>('/api/app/store');
  return (
    <>
      <Message
        type="success"
        header="QuickBooks Sync is installed"
        messages={[{ text: `Installed on ${data?.store.name ?? 'your store'}. Orders, refunds and customers will reach QuickBooks within seconds once you connect it.` }]}
      />
      <Panel header="What happens next" headerId="next-steps">
        <Text>1. Connect your QuickBooks Online company.</Text>
        <Text>2. Review how orders, taxes and payments map to your books.</Text>
        <Text>3. Pick the date to start from and go live.</Text>
        <Button onClick={() => void router.push('/')}>Open QuickBooks Sync</Button>
      </Panel>
    </>
  );
}

export default function WelcomePage() {
  return (
    <AppLayout title="Welcome">
      <SessionGate>{() => <Welcome />}</SessionGate>
    </AppLayout>
  );
}

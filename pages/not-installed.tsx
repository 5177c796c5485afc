/** Where load sends a store that has no installation of the app (e.g. data already purged). */
import { Message, Text } from '@bigcommerce/big-design';
import { useRouter } from 'next/router';
import { AppLayout } from '@/components/app-layout';

export default function NotInstalledPage() {
  const { query } = useRouter();
  const store = typeof query.store === 'string' ? query.store : 'this store';
  return (
    <AppLayout title="Not installed">
      <Message
        type="warning"
        header="QuickBooks Sync is not installed on this store"
        messages={[{ text: `We have no installation for store ${store}. Install the app again from Apps › Marketplace in your BigCommerce control panel; your QuickBooks data is not affected.` }]}
      />
      <Text marginTop="medium">Already reinstalled? Close this page and open the app from Apps › My Apps.</Text>
    </AppLayout>
  );
}

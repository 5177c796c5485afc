/** /support/stores/{storeHash}: one store's health and sync activity, with per-order timelines (staff only). */
import { Flex, ProgressCircle } from '@bigcommerce/big-design';
import { useRouter } from 'next/router';
import { SupportGate } from '@/components/support/support-layout';
import { SupportStoreActivity } from '@/components/support/support-store-activity';

export default function SupportStorePage() {
  const router = useRouter();
  const storeHash = typeof router.query.storeHash === 'string' ? router.query.storeHash : undefined;
  return (
    <SupportGate title={storeHash ? `Store ${storeHash}` : 'Store'}>
      {({ sessionEnded }) =>
        storeHash ? (
          <SupportStoreActivity storeHash={storeHash} onSessionEnded={sessionEnded} />
        ) : (
          <Flex justifyContent="center" padding="xxLarge">
            <ProgressCircle size="large" />
          </Flex>
        )
      }
    </SupportGate>
  );
}

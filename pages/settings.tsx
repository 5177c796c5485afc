/** Settings and mappings: how orders become QuickBooks documents, which item each SKU posts to, and a preview of one order. */
import { Box } from '@bigcommerce/big-design';
import { AppLayout } from '@/components/app-layout';
import { OrderPreviewPanel } from '@/components/order-preview/order-preview-panel';
import { QuickBooksReconnectBanner } from '@/components/quickbooks-connection-panel';
import { SessionGate } from '@/components/session-gate';
import { SettingsForm } from '@/components/settings/settings-form';

export default function SettingsPage() {
  return (
    <AppLayout title="Settings & mappings">
      <SessionGate>
        {() => (
          <>
            <QuickBooksReconnectBanner />
            <SettingsForm />
            <Box marginTop="xLarge">
              <OrderPreviewPanel />
            </Box>
          </>
        )}
      </SessionGate>
    </AppLayout>
  );
}

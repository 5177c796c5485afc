/** /support: staff sign-in, then every store's sync health. Outside the BigCommerce iframe; never framed. */
import { SupportGate } from '@/components/support/support-layout';
import { SupportStoresTable } from '@/components/support/support-stores-table';

export default function SupportHomePage() {
  return <SupportGate title="All stores">{({ sessionEnded }) => <SupportStoresTable onSessionEnded={sessionEnded} />}</SupportGate>;
}

/** Renders its children only with a live session; otherwise says plainly how to get one. */
import { Message } from '@bigcommerce/big-design';
import { LoadingState } from '@/components/loading-state';
import type { ReactNode } from 'react';
import { useSession, type ClientSession } from '@/lib/client/session-context';

const REOPEN = 'Open the app again from Apps › My Apps in your BigCommerce control panel.';

export function SessionGate({ children }: { children: (session: ClientSession) => ReactNode }) {
  const { state } = useSession();
  switch (state.status) {
    case 'ready':
      return <>{children(state.session)}</>;
    case 'loading':
      return (
        <LoadingState label="Opening the app" />
      );
    case 'signed-out':
      return <Message type="info" header="You signed out of BigCommerce" messages={[{ text: REOPEN }]} />;
    case 'expired':
      return <Message type="warning" header="Your session has expired" messages={[{ text: REOPEN }]} />;
    case 'missing':
      return <Message type="warning" header="This page opens inside BigCommerce" messages={[{ text: REOPEN }]} />;
  }
}

/** Renders its children only with a live session; otherwise says plainly how to get one. */
import { Message, ProgressCircle, Flex } from '@bigcommerce/big-design';
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
        <Flex justifyContent="center" padding="xxLarge">
          <ProgressCircle size="large" />
        </Flex>
      );
    case 'signed-out':
      return <Message type="info" header="You signed out of BigCommerce" messages={[{ text: REOPEN }]} />;
    case 'expired':
      return <Message type="warning" header="Your session has expired" messages={[{ text: REOPEN }]} />;
    case 'missing':
      return <Message type="warning" header="This page opens inside BigCommerce" messages={[{ text: REOPEN }]} />;
  }
}

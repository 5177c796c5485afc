/**
 * Frame of the staff-only support pages (top-level pages, not the control-panel iframe): title, who is signed in,
 * sign out; and SupportGate, which shows the sign-in form until a staff session exists.
 */
import { Box, Button, Flex, H1, Message, ProgressCircle, Small, Text } from '@bigcommerce/big-design';
import Head from 'next/head';
import { useCallback, useState, type ReactNode } from 'react';
import styled from 'styled-components';
import { supportFetch, useSupportSession, type SupportSessionView } from '@/lib/client/use-support-api';
import { SupportLoginForm } from './support-login-form';

const Column = styled.main`
  max-width: 90rem;
  margin: 0 auto;
  padding: 1.5rem 1.5rem 3rem;
`;

export function SupportLayout({
  title,
  staff,
  onSignOut,
  children,
}: {
  title: string;
  staff?: SupportSessionView;
  onSignOut?: () => void;
  children: ReactNode;
}) {
  return (
    <Column>
      <Head>
        <title>{`${title} · QuickBooks Sync support`}</title>
      </Head>
      <Flex justifyContent="space-between" alignItems="flex-start" flexWrap="wrap" flexGap="1rem" marginBottom="large">
        <Box>
          <Small color="primary" bold>
            QuickBooks Sync · Support (staff only)
          </Small>
          <H1 marginBottom="none">{title}</H1>
        </Box>
        {staff ? (
          <Flex alignItems="center" flexGap="0.75rem">
            <Text marginBottom="none">
              Signed in as <strong>{staff.username}</strong>
            </Text>
            {onSignOut ? (
              <Button variant="secondary" onClick={onSignOut}>
                Sign out
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Flex>
      {children}
    </Column>
  );
}

export interface SupportGateContext {
  staff: SupportSessionView;
  /** Call when an API answered 401: the session ended (expired, signed out elsewhere). */
  sessionEnded(): void;
}

export function SupportGate({ title, children }: { title: string; children: (context: SupportGateContext) => ReactNode }) {
  const { data, error, isLoading, mutate } = useSupportSession();
  const [signingOut, setSigningOut] = useState(false);
  const sessionEnded = useCallback(() => void mutate(), [mutate]);

  const signOut = useCallback(async () => {
    setSigningOut(true);
    await supportFetch('/api/support/logout', { method: 'POST' }).catch(() => undefined);
    await mutate();
    setSigningOut(false);
  }, [mutate]);

  if (isLoading || signingOut) {
    return (
      <SupportLayout title={title}>
        <Flex justifyContent="center" padding="xxLarge">
          <ProgressCircle size="large" />
        </Flex>
      </SupportLayout>
    );
  }
  if (error?.status === 401 || (!data && !error)) {
    return (
      <SupportLayout title="Support sign-in">
        <SupportLoginForm onSignedIn={() => void mutate()} />
      </SupportLayout>
    );
  }
  if (error || !data) {
    return (
      <SupportLayout title={title}>
        <Message type="error" header="The support view is not available" messages={[{ text: error?.message ?? 'Unknown error' }]} />
      </SupportLayout>
    );
  }
  return (
    <SupportLayout title={title} staff={data} onSignOut={() => void signOut()}>
      {children({ staff: data, sessionEnded })}
    </SupportLayout>
  );
}

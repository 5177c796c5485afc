/**
 * The QuickBooks panel: connect (popup), the connected company with its facts, refresh, switch company,
 * disconnect; and the reconnect banner shown on every page while the connection needs the merchant.
 */
import { Box, Button, Flex, Link, Message, Modal, Panel, ProgressCircle, Small, Table, Text } from '@bigcommerce/big-design';
import { useEffect, useState } from 'react';
import { apiFetch, useApi } from '@/lib/client/use-api';
import { CONNECTION_API, useQuickBooksConnect, type ConnectNotice } from '@/lib/client/use-quickbooks-connect';
import { useSession } from '@/lib/client/session-context';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import type { QuickBooksConnectionView } from '@/lib/quickbooks-connection/quickbooks-connection-view';

const TAX_MODEL: Record<CompanyFacts['taxModel'], string> = {
  'us-automated': 'US Automated Sales Tax (QuickBooks calculates; we send the tax BigCommerce charged)',
  'us-manual': 'US sales tax, set up manually',
  'tax-codes': 'Tax codes and rates',
};

const CLASS_TRACKING: Record<CompanyFacts['classTracking'], string> = {
  off: 'Off',
  'per-transaction': 'One class per transaction',
  'per-line': 'One class per line',
};

function NoticeMessage({ notice, onClose }: { notice: ConnectNotice; onClose(): void }) {
  const type = notice.outcome === 'connected' ? 'success' : notice.outcome === 'denied' || notice.outcome === 'closed' ? 'info' : 'warning';
  return (
    <Box marginBottom="medium">
      <Message
        type={type}
        header={notice.title}
        messages={[
          notice.authorizeUrl
            ? { text: notice.message, link: { text: 'Open QuickBooks', href: notice.authorizeUrl, target: '_blank' } }
            : { text: notice.message },
        ]}
        onClose={onClose}
      />
    </Box>
  );
}

function FactsTable({ view }: { view: QuickBooksConnectionView }) {
  const facts = view.facts;
  if (!facts) {
    return <Text>{view.profileError ? `Company details could not be read: ${view.profileError}` : 'Reading company details…'}</Text>;
  }
  const counts = view.listCounts;
  const rows = [
    { label: 'Country', value: facts.country },
    { label: 'Home currency', value: facts.homeCurrency },
    { label: 'Multicurrency', value: facts.multiCurrency ? 'On' : 'Off' },
    { label: 'Sales tax', value: TAX_MODEL[facts.taxModel] },
    { label: 'Class tracking', value: CLASS_TRACKING[facts.classTracking] },
    { label: facts.departmentTerminology ? `${facts.departmentTerminology} tracking` : 'Location tracking', value: facts.departmentTracking ? 'On' : 'Off' },
    { label: 'Shipping on sales forms', value: facts.shippingAllowed ? 'Allowed' : 'Not allowed (shipping posts as an item)' },
    { label: 'Discounts on sales forms', value: facts.discountAllowed ? 'Allowed' : 'Not allowed' },
    {
      label: 'Lists read',
      value: counts
        ? `${counts.accounts} accounts, ${counts.taxCodes} tax codes, ${counts.taxRates} tax rates, ${counts.paymentMethods} payment methods, ${counts.classes} classes, ${counts.departments} locations`
        : '—',
    },
  ];
  return (
    <Table
      headerless
      keyField="label"
      items={rows}
      columns={[
        { header: 'Setting', hash: 'label', render: ({ label }) => label },
        { header: 'Value', hash: 'value', render: ({ value }) => value },
      ]}
    />
  );
}

type Confirm = 'disconnect' | 'switch' | undefined;

export function QuickBooksConnectionPanel() {
  const { data, error, isLoading, mutate } = useApi<QuickBooksConnectionView>(CONNECTION_API);
  const { state } = useSession();
  const { connect, pending, settle, notice, dismiss } = useQuickBooksConnect();
  const [confirm, setConfirm] = useState<Confirm>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const token = state.status === 'ready' ? state.session.token : undefined;

  useEffect(() => {
    if (pending && data?.status === 'connected' && notice?.outcome === 'popup_blocked') {
      settle();
      dismiss();
    }
  }, [pending, data?.status, notice?.outcome, settle, dismiss]);

  if (isLoading) return <ProgressCircle size="medium" />;
  if (error || !data) {
    return <Message type="error" header="Could not load the QuickBooks connection" messages={[{ text: error?.message ?? 'Unknown error' }]} />;
  }

  const run = async (work: () => Promise<unknown>) => {
    if (!token) return;
    setBusy(true);
    setActionError(undefined);
    try {
      await work();
      await mutate();
    } catch (failure) {
      setActionError(failure instanceof Error ? failure.message : 'Please try again.');
    } finally {
      setBusy(false);
      setConfirm(undefined);
    }
  };
  const disconnect = () => run(() => apiFetch(CONNECTION_API, token!, { method: 'DELETE' }));
  const refreshProfile = () => run(() => apiFetch('/api/app/quickbooks/profile', token!, { method: 'POST' }));

  const connected = data.status === 'connected';
  const badge = connected
    ? { label: 'Connected', variant: 'success' as const }
    : data.status === 'needs_reconnect'
      ? { label: 'Needs reconnect', variant: 'danger' as const }
      : { label: 'Not connected', variant: 'secondary' as const };

  return (
    <Panel header="QuickBooks Online" headerId="quickbooks-panel" badge={badge}>
      {notice ? <NoticeMessage notice={notice} onClose={dismiss} /> : null}
      {actionError ? (
        <Box marginBottom="medium">
          <Message type="error" messages={[{ text: actionError }]} onClose={() => setActionError(undefined)} />
        </Box>
      ) : null}

      {connected ? (
        <>
          <Text>
            Connected to <strong data-testid="quickbooks-company-name">{data.companyName}</strong>
            {data.connectedAt ? ` since ${new Date(data.connectedAt).toLocaleString()}` : ''}.
          </Text>
          <FactsTable view={data} />
          {data.profileRefreshedAt ? <Small>Company details read {new Date(data.profileRefreshedAt).toLocaleString()}.</Small> : null}
        </>
      ) : data.status === 'needs_reconnect' ? (
        <Text>
          QuickBooks stopped accepting this store&apos;s connection to <strong>{data.companyName}</strong>: {data.statusReason}{' '}
          {data.parkedJobs > 0 ? `${data.parkedJobs} item(s) are waiting and will post by themselves once you reconnect.` : ''}
        </Text>
      ) : (
        <Text>
          {data.status === 'disconnected'
            ? `Disconnected from ${data.companyName ?? 'QuickBooks'}. ${data.statusReason ?? ''}`
            : 'Connect your QuickBooks Online company to start sending orders, refunds and customers.'}{' '}
          QuickBooks opens in a new window; only a QuickBooks admin can approve the connection.
        </Text>
      )}

      <Flex marginTop="medium" flexGap="0.75rem" flexWrap="wrap" alignItems="center">
        {!connected ? (
          <Button isLoading={pending} disabled={busy} onClick={() => void connect()}>
            {data.status === 'needs_reconnect' ? 'Reconnect QuickBooks' : 'Connect to QuickBooks'}
          </Button>
        ) : (
          <>
            <Button variant="secondary" isLoading={busy && !confirm} disabled={pending} onClick={() => void refreshProfile()}>
              Refresh company details
            </Button>
            <Button variant="secondary" disabled={busy || pending} onClick={() => (data.hasPosted ? setConfirm('switch') : void connect())}>
              Switch company
            </Button>
            <Button variant="subtle" actionType="destructive" disabled={busy || pending} onClick={() => setConfirm('disconnect')}>
              Disconnect
            </Button>
          </>
        )}
        {pending ? (
          <Small>
            Waiting for QuickBooks… <Link onClick={settle}>Cancel</Link>
          </Small>
        ) : null}
      </Flex>

      <Modal
        isOpen={confirm === 'disconnect'}
        header="Disconnect QuickBooks?"
        onClose={() => setConfirm(undefined)}
        closeOnEscKey
        actions={[
          { text: 'Cancel', variant: 'subtle', onClick: () => setConfirm(undefined) },
          { text: 'Disconnect', actionType: 'destructive', isLoading: busy, onClick: () => void disconnect() },
        ]}
      >
        <Text>
          Orders, refunds and customers stop reaching {data.companyName ?? 'QuickBooks'} until you connect again. Nothing already posted
          changes, and waiting work resumes when you reconnect.
        </Text>
      </Modal>
      <Modal
        isOpen={confirm === 'switch'}
        header="Post to a different QuickBooks company?"
        onClose={() => setConfirm(undefined)}
        closeOnEscKey
        actions={[
          { text: 'Cancel', variant: 'subtle', onClick: () => setConfirm(undefined) },
          {
            text: 'Yes, choose another company',
            onClick: () => {
              setConfirm(undefined);
              void connect({ allowCompanySwitch: true });
            },
          },
        ]}
      >
        <Text>
          This store has already posted to {data.companyName}. New orders will go to the company you pick next; what was posted stays in{' '}
          {data.companyName}. Mappings made for {data.companyName} will need to be reviewed.
        </Text>
      </Modal>
    </Panel>
  );
}

/** Shown above every page while QuickBooks needs the merchant to reconnect. */
export function QuickBooksReconnectBanner() {
  const { data } = useApi<QuickBooksConnectionView>(CONNECTION_API);
  const { connect, pending } = useQuickBooksConnect();
  if (data?.status !== 'needs_reconnect') return null;
  return (
    <Box marginBottom="large">
      <Message
        type="error"
        header="Reconnect QuickBooks to keep your books up to date"
        messages={[
          {
            text: `${data.statusReason ?? 'QuickBooks no longer accepts the connection.'} ${
              data.parkedJobs > 0 ? `${data.parkedJobs} item(s) are waiting and will post once you reconnect.` : ''
            }`,
          },
        ]}
        actions={[{ text: pending ? 'Waiting for QuickBooks…' : 'Reconnect QuickBooks', onClick: () => void connect(), disabled: pending }]}
      />
    </Box>
  );
}

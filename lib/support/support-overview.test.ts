import { Timestamp } from 'firebase-admin/firestore';
import { WEBHOOK_SCOPES } from '@/lib/bigcommerce/webhook-registration';
import { assessStore, webhookHealth, WEBHOOK_QUIET_MS, type SupportStoreRow } from './support-overview';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const allHooks = Object.fromEntries(WEBHOOK_SCOPES.map((scope, index) => [scope, index + 1]));
const installedAt = Timestamp.fromMillis(NOW - 30 * 86_400_000);
const registration = (status: 'ok' | 'error', hooks: Record<string, number> = allHooks) => ({ status, hooks, checkedAt: installedAt });

describe('webhookHealth', () => {
  it('is not_registered before the hooks were ever registered', () => {
    expect(webhookHealth({ installedAt }, NOW, NOW)).toBe('not_registered');
  });

  it('is error when registration failed or hooks are missing', () => {
    expect(webhookHealth({ installedAt, webhooks: registration('error') }, NOW, NOW)).toBe('error');
    expect(webhookHealth({ installedAt, webhooks: registration('ok', { 'store/order/created': 1 }) }, NOW, NOW)).toBe('error');
  });

  it('is quiet when nothing arrived for the quiet period (counted from install when nothing ever came)', () => {
    const webhooks = registration('ok');
    expect(webhookHealth({ installedAt, webhooks }, NOW - 60_000, NOW)).toBe('ok');
    expect(webhookHealth({ installedAt, webhooks }, NOW - WEBHOOK_QUIET_MS - 1, NOW)).toBe('quiet');
    expect(webhookHealth({ installedAt, webhooks }, undefined, NOW)).toBe('quiet');
    expect(webhookHealth({ installedAt: Timestamp.fromMillis(NOW - 3_600_000), webhooks }, undefined, NOW)).toBe('ok');
  });
});

describe('assessStore', () => {
  const healthy: Omit<SupportStoreRow, 'health' | 'attention'> = {
    storeHash: 'abc',
    name: 'Shop',
    installedAt: new Date(NOW - 30 * 86_400_000).toISOString(),
    installState: 'installed',
    quickbooks: { status: 'connected', companyName: 'Co' },
    failures24h: 0,
    webhooks: { health: 'ok', registered: 11, expected: 11 },
    queue: { pending: 3, running: 1, parked: 0, needs_attention: 0, dead: 0 },
    doneTotal: 10,
  };

  it('calls a connected, receiving store with a moving queue healthy', () => {
    expect(assessStore(healthy, NOW)).toEqual({ health: 'ok', attention: [] });
  });

  it('puts the serious problems first, in plain language', () => {
    const result = assessStore(
      {
        ...healthy,
        quickbooks: { status: 'needs_reconnect', reason: 'The refresh token was revoked.' },
        failures24h: 2,
        queue: { pending: 0, running: 0, parked: 4, needs_attention: 1, dead: 2 },
        webhooks: { health: 'quiet', registered: 11, expected: 11, lastReceivedAt: new Date(NOW - 5 * 86_400_000).toISOString() },
      },
      NOW,
    );
    expect(result.health).toBe('critical');
    expect(result.attention).toEqual([
      'QuickBooks needs reconnecting: The refresh token was revoked.',
      '2 jobs dead-lettered.',
      '1 job needs attention.',
      'No webhook received for 5 days.',
      '4 jobs parked until QuickBooks is connected.',
      '2 jobs failed in the last 24 h.',
    ]);
  });

  it('warns about a store without QuickBooks or with recent failures', () => {
    expect(assessStore({ ...healthy, quickbooks: { status: 'not_connected' } }, NOW)).toEqual({
      health: 'warning',
      attention: ['QuickBooks is not connected yet.'],
    });
    expect(assessStore({ ...healthy, failures24h: 1 }, NOW).health).toBe('warning');
  });
});

/** Display helpers shared by the support pages. */
import type { BadgeProps } from '@bigcommerce/big-design';
import type { JobStatus } from '@/lib/firestore/job-repository';
import { formatMinor } from '@/lib/money/money';
import type { StoreHealth, SupportStoreRow, WebhookHealth } from '@/lib/support/support-overview';

type Variant = NonNullable<BadgeProps['variant']>;

export function formatTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export function formatAmount(cents: number | undefined, currency: string | undefined): string {
  if (cents === undefined) return '—';
  return `${formatMinor(cents, currency ?? 'USD')}${currency ? ` ${currency}` : ''}`;
}

export const HEALTH: Record<StoreHealth, { label: string; variant: Variant }> = {
  ok: { label: 'Healthy', variant: 'success' },
  warning: { label: 'Check', variant: 'warning' },
  critical: { label: 'Needs action', variant: 'danger' },
};

export const CONNECTION: Record<SupportStoreRow['quickbooks']['status'], { label: string; variant: Variant }> = {
  connected: { label: 'Connected', variant: 'success' },
  needs_reconnect: { label: 'Needs reconnect', variant: 'danger' },
  disconnected: { label: 'Disconnected', variant: 'warning' },
  not_connected: { label: 'Not connected', variant: 'secondary' },
};

export const WEBHOOKS: Record<WebhookHealth, { label: string; variant: Variant }> = {
  ok: { label: 'Receiving', variant: 'success' },
  quiet: { label: 'Quiet', variant: 'warning' },
  error: { label: 'Broken', variant: 'danger' },
  not_registered: { label: 'Not registered', variant: 'warning' },
};

export const JOB_STATUS: Record<JobStatus, { label: string; variant: Variant }> = {
  pending: { label: 'Pending', variant: 'secondary' },
  running: { label: 'Running', variant: 'primary' },
  parked: { label: 'Parked', variant: 'warning' },
  needs_attention: { label: 'Needs attention', variant: 'danger' },
  done: { label: 'Done', variant: 'success' },
  dead: { label: 'Dead', variant: 'danger' },
};

export function queueSummary(queue: SupportStoreRow['queue']): string {
  return `${queue.pending} pending · ${queue.running} running · ${queue.parked} parked · ${queue.needs_attention} attention · ${queue.dead} dead`;
}

export function queueTotal(queue: SupportStoreRow['queue']): number {
  return queue.pending + queue.running + queue.parked + queue.needs_attention + queue.dead;
}

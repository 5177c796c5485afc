/** A sync job's status as a badge, in the merchant's words (shared by the dashboard and the activity pages). */
import { Badge, type BadgeProps } from '@bigcommerce/big-design';
import type { JobStatus } from '@/lib/firestore/job-repository';

export const JOB_STATUS_LABELS: Record<JobStatus, { label: string; variant: NonNullable<BadgeProps['variant']> }> = {
  pending: { label: 'Waiting', variant: 'secondary' },
  running: { label: 'Syncing', variant: 'primary' },
  parked: { label: 'Paused: reconnect', variant: 'warning' },
  needs_attention: { label: 'Needs attention', variant: 'danger' },
  done: { label: 'Synced', variant: 'success' },
  dead: { label: 'Failed', variant: 'danger' },
};

export function ActivityStatusBadge({ status }: { status: JobStatus }) {
  const { label, variant } = JOB_STATUS_LABELS[status];
  return <Badge label={label} variant={variant} />;
}

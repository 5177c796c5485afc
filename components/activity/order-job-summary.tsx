/**
 * The top of an order's timeline: where its sync stands (status badge), why in plain language when something went
 * wrong, failed attempts, the last change, and the "Retry" button for orders that can be run again.
 */
import { Box, Button, Flex, Message, Small, Text } from '@bigcommerce/big-design';
import type { ActivityItem } from '@/lib/activity/sync-activity';
import { ActivityStatusBadge } from './activity-status-badge';
import { attemptsText, canRetry, documentLabel, formatTotal, formatWhen, reasonOf } from './activity-format';

const STATUS_HINT: Record<ActivityItem['status'], string> = {
  pending: 'Waiting for the sync worker; this usually takes seconds.',
  running: 'Syncing right now.',
  parked: 'Paused until QuickBooks is reconnected; it resumes by itself after reconnecting.',
  needs_attention: 'Needs you: fix the cause below (often a setting or mapping), then retry.',
  done: 'QuickBooks matches this order.',
  dead: 'Gave up after repeated failures. Retry once the cause is fixed.',
};

export function OrderJobSummary({
  job,
  onRetry,
  retrying,
}: {
  job: ActivityItem | undefined;
  onRetry(orderId: number): void;
  retrying: boolean;
}) {
  if (!job) {
    return <Text>This order has not been queued for syncing; below is what was received for it.</Text>;
  }
  const reason = reasonOf(job);
  return (
    <>
      <Flex flexDirection="row" alignItems="center" flexGap="0.75rem" flexWrap="wrap" marginBottom="small">
        <ActivityStatusBadge status={job.status} />
        <Text marginBottom="none">{STATUS_HINT[job.status]}</Text>
      </Flex>
      {reason ? (
        <Box marginBottom="small">
          <Message
            type={job.status === 'parked' ? 'warning' : job.status === 'done' ? 'info' : 'error'}
            header={job.status === 'parked' ? 'Why it is paused' : 'What went wrong'}
            messages={[{ text: reason }]}
          />
        </Box>
      ) : null}
      <Small marginBottom="small">
        {job.document ? `${documentLabel(job.document)} · ${formatTotal(job.document.totalCents, job.document.currency)} · ` : ''}
        Failed attempts {attemptsText(job)} · last change {formatWhen(job.updatedAt)}
        {job.coalesced > 0 ? ` · ${job.coalesced} more update${job.coalesced === 1 ? '' : 's'} folded in` : ''}
      </Small>
      {canRetry(job) ? (
        <Button variant="secondary" isLoading={retrying} disabled={retrying} onClick={() => onRetry(job.orderId)}>
          Retry
        </Button>
      ) : null}
    </>
  );
}

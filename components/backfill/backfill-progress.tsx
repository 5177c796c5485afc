/** A running backfill: the progress bar with its percent, orders processed of those expected, running counts, Cancel. */
import { Box, Button, Flex, ProgressBar, Small, Text } from '@bigcommerce/big-design';
import type { BackfillView } from '@/lib/sync/backfill';
import { rangeText } from './backfill-format';

export function BackfillProgress({ backfill, cancelling, onCancel }: { backfill: BackfillView; cancelling: boolean; onCancel(): void }) {
  const expected = Math.max(backfill.expected, backfill.processed);
  return (
    <section aria-labelledby="backfill-progress-label">
      <Text id="backfill-progress-label" bold marginBottom="xSmall">
        {backfill.dryRun ? 'Dry run' : 'Posting'} orders placed {rangeText(backfill)}: {backfill.percent}%
      </Text>
      <Box marginBottom="xSmall">
        <ProgressBar percent={backfill.percent} />
      </Box>
      <Flex flexDirection="row" justifyContent="space-between" alignItems="center" flexWrap="wrap" flexGap="1rem">
        <Small marginBottom="none">
          {backfill.processed} of {expected} orders processed · {backfill.posted} {backfill.dryRun ? 'would be posted' : 'posted'} · {backfill.skipped}{' '}
          skipped{backfill.failed > 0 ? ` · ${backfill.failed} need attention` : ''}
        </Small>
        <Button variant="subtle" actionType="destructive" isLoading={cancelling} disabled={cancelling} onClick={onCancel}>
          Cancel backfill
        </Button>
      </Flex>
    </section>
  );
}

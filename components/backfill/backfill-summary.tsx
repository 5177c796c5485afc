/**
 * A backfill that is not running: how it ended, its counts, what a dry run would post (totals per currency) and the
 * orders that need attention (each linking to its timeline). Offers Resume for a cancelled one, and for a finished dry
 * run, posting the same range for real.
 */
import { Box, Button, Flex, H3, Message, ProgressBar, Small, Text } from '@bigcommerce/big-design';
import NextLink from 'next/link';
import styled from 'styled-components';
import type { BackfillView } from '@/lib/sync/backfill';
import { rangeText, totalsText } from './backfill-format';

const Figures = styled.dl`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
  gap: 0.75rem 1rem;
  margin: 0 0 1rem;

  dd {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
  }
`;

const Lines = styled.ul`
  margin: 0;
  padding-left: 1.25rem;
`;

const HEADLINE: Record<BackfillView['status'], string> = {
  running: 'Running',
  done: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Stopped with an error',
};

export function BackfillSummary({
  backfill,
  busy,
  onResume,
  onPostForReal,
}: {
  backfill: BackfillView;
  busy: boolean;
  onResume(): void;
  onPostForReal(): void;
}) {
  const totals = totalsText(backfill.totals);
  return (
    <section aria-labelledby="backfill-summary-heading">
      <H3 id="backfill-summary-heading">
        {backfill.dryRun ? 'Dry run' : 'Backfill'} of orders placed {rangeText(backfill)}: {HEADLINE[backfill.status].toLowerCase()}
      </H3>
      <Small>
        Started {new Date(backfill.startedAt).toLocaleString()}
        {backfill.finishedAt ? ` · finished ${new Date(backfill.finishedAt).toLocaleString()}` : ''}
      </Small>
      {/* Where the run ended: 100 % when finished, where it stopped when cancelled or failed. */}
      <Box marginBottom="medium">
        <ProgressBar percent={backfill.percent} />
      </Box>
      {backfill.status === 'cancelled' ? (
        <Box marginBottom="medium">
          <Message
            type="warning"
            messages={[{ text: `Cancelled after ${backfill.processed} of ${backfill.expected} orders. Resume carries on where it stopped; nothing is posted twice.` }]}
          />
        </Box>
      ) : null}
      {backfill.status === 'failed' ? (
        <Box marginBottom="medium">
          <Message type="error" messages={[{ text: 'The backfill stopped with an error. Start it again; orders already posted are not posted twice.' }]} />
        </Box>
      ) : null}
      <Figures>
        <div>
          <dt>
            <Small marginBottom="none">Orders in range</Small>
          </dt>
          <dd>{backfill.expected}</dd>
        </div>
        <div>
          <dt>
            <Small marginBottom="none">Processed</Small>
          </dt>
          <dd>{backfill.processed}</dd>
        </div>
        <div>
          <dt>
            <Small marginBottom="none">{backfill.dryRun ? 'Would be posted' : 'Posted or already in QuickBooks'}</Small>
          </dt>
          <dd>{backfill.posted}</dd>
        </div>
        <div>
          <dt>
            <Small marginBottom="none">Skipped (not in a posting status)</Small>
          </dt>
          <dd>{backfill.skipped}</dd>
        </div>
        <div>
          <dt>
            <Small marginBottom="none">Need attention</Small>
          </dt>
          <dd>{backfill.failed}</dd>
        </div>
      </Figures>
      {backfill.dryRun ? (
        <Box marginBottom="medium">
          <Text bold marginBottom="xxSmall">
            Total that would be posted
          </Text>
          {totals.length > 0 ? (
            <Lines aria-label="Totals by currency">
              {totals.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </Lines>
          ) : (
            <Text>Nothing to post in this range.</Text>
          )}
        </Box>
      ) : null}
      {backfill.problems.length > 0 ? (
        <Box marginBottom="medium">
          <Text bold marginBottom="xxSmall">
            Orders that need attention
          </Text>
          <Lines>
            {backfill.problems.map((problem) => (
              <li key={problem.orderId}>
                <NextLink href={`/activity/${problem.orderId}`}>Order #{problem.orderId}</NextLink>: {problem.reason}
              </li>
            ))}
          </Lines>
          {backfill.failed > backfill.problems.length ? <Small>And {backfill.failed - backfill.problems.length} more.</Small> : null}
        </Box>
      ) : null}
      <Flex flexDirection="row" flexGap="0.5rem">
        {backfill.status === 'cancelled' ? (
          <Button isLoading={busy} disabled={busy} onClick={onResume}>
            Resume backfill
          </Button>
        ) : null}
        {backfill.dryRun && backfill.status === 'done' && backfill.posted > 0 ? (
          <Button variant="secondary" isLoading={busy} disabled={busy} onClick={onPostForReal}>
            Post these {backfill.posted} orders to QuickBooks
          </Button>
        ) : null}
      </Flex>
    </section>
  );
}

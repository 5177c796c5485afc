/**
 * Backfill: bring orders placed before going live into QuickBooks. Pick the days, dry run first (the default) to see
 * counts and totals, then post. While it runs: a live progress bar (polled only while running) and Cancel; a
 * cancelled one can be resumed; the last run's summary stays until the next one starts.
 */
import { Box, Message, Panel } from '@bigcommerce/big-design';
import { LoadingState } from '@/components/loading-state';
import { BackfillProgress } from '@/components/backfill/backfill-progress';
import { BackfillStartForm } from '@/components/backfill/backfill-start-form';
import { BackfillSummary } from '@/components/backfill/backfill-summary';
import { AppLayout } from '@/components/app-layout';
import { VisuallyHidden } from '@/components/visually-hidden';
import { SessionGate } from '@/components/session-gate';
import { useBackfill } from '@/lib/client/use-backfill';

function Backfill() {
  const { backfill, error, isLoading, mutate, busy, actionError, clearActionError, start, cancel, resume } = useBackfill();

  if (isLoading && !backfill) {
    return (
      <LoadingState label="Loading the backfill" />
    );
  }
  if (error && !backfill) {
    return (
      <Message type="error" header="Could not load the backfill" messages={[{ text: error.message }]} actions={[{ text: 'Try again', onClick: () => void mutate() }]} />
    );
  }

  const running = backfill?.status === 'running';
  const range = backfill ? { from: backfill.from.slice(0, 10), to: backfill.to.slice(0, 10) } : undefined;
  return (
    <>
      {actionError ? (
        <Box marginBottom="medium">
          <Message type="error" header="That did not work" messages={[{ text: actionError }]} onClose={clearActionError} />
        </Box>
      ) : null}
      {/* Announces only the state changes (started, finished, cancelled), not every poll. */}
      <VisuallyHidden aria-live="polite">{backfill ? `Backfill ${backfill.status}` : ''}</VisuallyHidden>
      {running && backfill ? (
        <Panel header="In progress" headerId="backfill-progress-panel">
          <BackfillProgress backfill={backfill} cancelling={busy === 'cancel'} onCancel={() => void cancel()} />
        </Panel>
      ) : null}
      {!running && backfill ? (
        <Panel header="Last run" headerId="backfill-last-run-panel">
          <BackfillSummary
            backfill={backfill}
            busy={busy !== undefined}
            onResume={() => void resume()}
            onPostForReal={() => range && void start({ ...range, dryRun: false })}
          />
        </Panel>
      ) : null}
      <Panel
        header="Start a backfill"
        headerId="backfill-start-panel"
        description="Orders placed in the range go through the same sync as new orders: posted once, with their own dates and numbers. Orders already in QuickBooks are left as they are."
      >
        {running ? (
          <Box marginBottom="medium">
            <Message type="info" messages={[{ text: 'A backfill is running. Cancel it to start another.' }]} />
          </Box>
        ) : null}
        {!running && !backfill ? (
          <Box marginBottom="medium">
            <Message type="info" messages={[{ text: 'No backfill has run yet. Start with a dry run to see what would be posted.' }]} />
          </Box>
        ) : null}
        <BackfillStartForm {...(range ? { initial: range } : {})} busy={busy === 'start'} disabled={running} onStart={(input) => void start(input)} />
      </Panel>
    </>
  );
}

export default function BackfillPage() {
  return (
    <AppLayout title="Backfill">
      <SessionGate>{() => <Backfill />}</SessionGate>
    </AppLayout>
  );
}

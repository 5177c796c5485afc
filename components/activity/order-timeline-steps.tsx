/**
 * One order's sync story as an ordered list, oldest first: webhooks received, what was fetched, what was decided,
 * each QuickBooks request (payload behind a disclosure) and answer (with intuit_tid), the outcome, and attempts.
 * Presentational only: give it the timeline entries from the activity read model.
 */
import { Badge, Small, Text } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import styled from 'styled-components';
import type { TimelineEntry, TimelineEntryType } from '@/lib/activity/sync-activity';
import { STEP_LABELS, formatWhen } from './activity-format';

const Steps = styled.ol`
  list-style: none;
  margin: 0;
  padding: 0;
`;

const Step = styled.li`
  display: grid;
  grid-template-columns: 11rem 1fr;
  gap: 0.25rem 1rem;
  padding: 0.75rem 0;
  border-bottom: 1px solid ${theme.colors.secondary30};

  &:last-child {
    border-bottom: none;
  }

  @media (max-width: 40rem) {
    grid-template-columns: 1fr;
  }
`;

const Detail = styled.pre`
  max-height: 24rem;
  overflow: auto;
  white-space: pre-wrap;
  word-break: break-word;
  margin: 0.5rem 0 0;
  padding: 0.5rem;
  background: ${theme.colors.secondary10};
  font-size: 0.8125rem;
`;

const STEP_VARIANT: Record<TimelineEntryType, 'secondary' | 'primary' | 'success'> = {
  webhook: 'secondary',
  fetched: 'secondary',
  decided: 'secondary',
  'quickbooks-request': 'primary',
  'quickbooks-response': 'primary',
  outcome: 'success',
};

const DETAIL_LABEL: Partial<Record<TimelineEntryType, string>> = {
  fetched: 'Show the data fetched',
  'quickbooks-request': 'Show the request sent',
  'quickbooks-response': 'Show the response',
};

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function OrderTimelineSteps({ entries, label }: { entries: TimelineEntry[]; label: string }) {
  if (entries.length === 0) return <Text>No steps recorded for this order (steps are kept for 90 days).</Text>;
  return (
    <Steps aria-label={label}>
      {entries.map((entry, index) => (
        <Step key={`${entry.at}-${index}`}>
          <div>
            <Small marginBottom="xxSmall">
              <time dateTime={entry.at}>{formatWhen(entry.at)}</time>
            </Small>
            <Badge label={STEP_LABELS[entry.type]} variant={STEP_VARIANT[entry.type]} />
          </div>
          <div>
            <Text marginBottom="none">{entry.summary}</Text>
            {entry.attempt !== undefined || entry.intuitTid ? (
              <Small marginBottom="none">
                {[entry.attempt !== undefined ? `Attempt ${entry.attempt}` : '', entry.intuitTid ? `intuit_tid ${entry.intuitTid}` : ''].filter(Boolean).join(' · ')}
              </Small>
            ) : null}
            {entry.detail ? (
              <details>
                <summary>
                  <Small as="span" marginBottom="none">
                    {DETAIL_LABEL[entry.type] ?? 'Show the details'}
                  </Small>
                </summary>
                <Detail tabIndex={0} aria-label={`${STEP_LABELS[entry.type]} details`}>
                  {prettyJson(entry.detail)}
                </Detail>
              </details>
            ) : null}
          </div>
        </Step>
      ))}
    </Steps>
  );
}

/**
 * Onboarding until the store is live: connect QuickBooks → review the defaults → pick a start date → go live.
 * Each step says what it does, shows whether it is done, and offers its one action.
 */
import { Badge, Box, Button, Flex, FlexItem, Form, FormGroup, H3, Input, Message, Panel, Text } from '@bigcommerce/big-design';
import { useRouter } from 'next/router';
import { useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { StoreDashboard, OnboardingStepId } from '@/lib/dashboard/store-dashboard';
import type { OnboardingResult } from '@/lib/dashboard/onboarding';
import { apiFetch } from '@/lib/client/use-api';
import { useSession } from '@/lib/client/session-context';

const Steps = styled.ol`
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  gap: 1rem;
`;

const STEP_TEXT: Record<OnboardingStepId, { title: string; text: string }> = {
  connect: { title: 'Connect QuickBooks', text: 'Approve access to the QuickBooks company your books live in (use the QuickBooks panel below).' },
  review: { title: 'Review the defaults', text: 'Orders post as Sales Receipts once paid, with BigCommerce’s tax, numbered BC-<order>. Adjust accounts, items and rules in Settings, or keep the defaults.' },
  'start-date': { title: 'Pick a start date', text: 'Orders placed from this day on are posted. Older orders can be brought over with Backfill.' },
  'go-live': { title: 'Go live', text: 'Every order, refund and customer from the start date reaches QuickBooks within seconds.' },
};

export function OnboardingChecklist({ dashboard, onChanged }: { dashboard: StoreDashboard; onChanged: () => void }) {
  const { state } = useSession();
  const router = useRouter();
  const token = state.status === 'ready' ? state.session.token : '';
  const [startDate, setStartDate] = useState(dashboard.sync.startDate ?? new Date().toISOString().slice(0, 10));
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = Object.fromEntries(dashboard.onboarding.steps.map((step) => [step.id, step.done])) as Record<OnboardingStepId, boolean>;

  async function act(body: Record<string, string>) {
    setBusy(body.action ?? null);
    setProblem(null);
    try {
      const result = await apiFetch<OnboardingResult>('/api/app/onboarding', token, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (result.catchUp) setNotice(`Live. Orders since ${result.startDate} are being posted now (see Backfill for progress).`);
      onChanged();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const saveStartDate = (event: FormEvent) => {
    event.preventDefault();
    void act({ action: 'start-date', startDate });
  };

  return (
    <Panel header="Get started" headerId="onboarding-panel" description="Four steps, then the app keeps your books current by itself.">
      {problem ? (
        <Box marginBottom="medium">
          <Message type="error" messages={[{ text: problem }]} onClose={() => setProblem(null)} />
        </Box>
      ) : null}
      {notice ? (
        <Box marginBottom="medium">
          <Message type="success" messages={[{ text: notice }]} />
        </Box>
      ) : null}
      <Steps aria-label="Onboarding steps">
        {dashboard.onboarding.steps.map((step, index) => (
          <li key={step.id} aria-current={!step.done && dashboard.onboarding.steps.slice(0, index).every((s) => s.done) ? 'step' : undefined}>
            <Flex flexDirection="row" flexGap="1rem" alignItems="flex-start">
              <FlexItem flexShrink={0}>
                <Badge label={step.done ? 'Done' : `Step ${index + 1}`} variant={step.done ? 'success' : 'secondary'} />
              </FlexItem>
              <FlexItem flexGrow={1}>
                <H3 marginBottom="xxSmall">{STEP_TEXT[step.id].title}</H3>
                <Text marginBottom="xSmall">{STEP_TEXT[step.id].text}</Text>
                {step.id === 'review' && !step.done ? (
                  <Flex flexDirection="row" flexGap="0.5rem">
                    <Button variant="secondary" onClick={() => void router.push('/settings')}>
                      Open settings
                    </Button>
                    <Button variant="secondary" isLoading={busy === 'accept-defaults'} onClick={() => void act({ action: 'accept-defaults' })}>
                      Keep the defaults
                    </Button>
                  </Flex>
                ) : null}
                {step.id === 'start-date' ? (
                  <Form onSubmit={saveStartDate} fullWidth={false}>
                    <Flex flexDirection="row" flexGap="0.5rem" alignItems="flex-end">
                      <FormGroup>
                        <Input
                          label="Start date"
                          type="date"
                          value={startDate}
                          onChange={(event) => setStartDate(event.target.value)}
                          required
                        />
                      </FormGroup>
                      <Button type="submit" variant="secondary" isLoading={busy === 'start-date'}>
                        {step.done ? 'Change' : 'Save start date'}
                      </Button>
                    </Flex>
                  </Form>
                ) : null}
                {step.id === 'go-live' && !step.done ? (
                  <Button
                    variant="primary"
                    disabled={!done.connect || !done['start-date']}
                    isLoading={busy === 'go-live'}
                    onClick={() => void act({ action: 'go-live' })}
                  >
                    Go live
                  </Button>
                ) : null}
              </FlexItem>
            </Flex>
          </li>
        ))}
      </Steps>
    </Panel>
  );
}

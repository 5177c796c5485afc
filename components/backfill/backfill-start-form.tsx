/**
 * Starting a backfill: the range of days orders were placed in, and whether to only count them (dry run, the
 * default: nothing reaches QuickBooks) or post them. The range is checked before anything is sent.
 */
import { Box, Button, Fieldset, Flex, Form, FormGroup, Input, Radio } from '@bigcommerce/big-design';
import { useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { StartBackfill } from '@/lib/client/use-backfill';
import { isDay } from '@/lib/client/activity-filters';

const Range = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(12rem, 16rem));
  gap: 1rem;
`;

type RangeErrors = Partial<Record<'from' | 'to', string>>;

/** YYYY-MM-DD of the browser's local day, `days` back. */
function localDay(daysBack = 0): string {
  const date = new Date();
  date.setDate(date.getDate() - daysBack);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

export function validateRange(from: string, to: string, today = localDay()): RangeErrors {
  const errors: RangeErrors = {};
  if (!from) errors.from = 'Choose the first day.';
  else if (!isDay(from)) errors.from = 'Enter a date as YYYY-MM-DD.';
  if (!to) errors.to = 'Choose the last day.';
  else if (!isDay(to)) errors.to = 'Enter a date as YYYY-MM-DD.';
  if (errors.from || errors.to) return errors;
  if (from > to) errors.to = 'The last day must not be before the first day.';
  else if (from > today) errors.from = 'The first day must not be in the future.';
  return errors;
}

export function BackfillStartForm({
  initial,
  busy,
  disabled,
  onStart,
}: {
  initial?: Partial<StartBackfill>;
  busy: boolean;
  disabled: boolean;
  onStart(input: StartBackfill): void;
}) {
  const [from, setFrom] = useState(initial?.from ?? localDay(30));
  const [to, setTo] = useState(initial?.to ?? localDay());
  const [dryRun, setDryRun] = useState(initial?.dryRun ?? true);
  const [errors, setErrors] = useState<RangeErrors>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateRange(from, to);
    setErrors(found);
    if (Object.keys(found).length === 0) onStart({ from, to, dryRun });
  };

  return (
    <Form onSubmit={submit} aria-label="Start a backfill" fullWidth noValidate>
      <Fieldset legend="Orders placed" description="Both days included, in UTC.">
        <Range>
          <FormGroup>
            <Input label="From" type="date" required value={from} max={to || undefined} error={errors.from} onChange={(event) => setFrom(event.target.value)} />
          </FormGroup>
          <FormGroup>
            <Input label="To" type="date" required value={to} min={from || undefined} error={errors.to} onChange={(event) => setTo(event.target.value)} />
          </FormGroup>
        </Range>
      </Fieldset>
      <Fieldset legend="What to do">
        <FormGroup>
          <Radio
            name="backfill-mode"
            label="Dry run"
            description="Count the orders and add up their totals. Nothing is sent to QuickBooks."
            checked={dryRun}
            onChange={() => setDryRun(true)}
          />
          <Radio
            name="backfill-mode"
            label="Post to QuickBooks"
            description="Post every order in a posting status. Orders already in QuickBooks are never posted twice."
            checked={!dryRun}
            onChange={() => setDryRun(false)}
          />
        </FormGroup>
      </Fieldset>
      <Box>
        <Flex flexDirection="row" flexGap="0.5rem">
          <Button type="submit" isLoading={busy} disabled={disabled || busy}>
            {dryRun ? 'Start dry run' : 'Start posting'}
          </Button>
        </Flex>
      </Box>
    </Form>
  );
}

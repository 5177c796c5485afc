/**
 * The activity list's filter form: status, a range of days (UTC, on the last change) and one order number. Edits
 * stay local until "Apply"; problems show on the field they belong to and nothing is applied until they are fixed.
 */
import { Button, Flex, Form, FormGroup, Input, Select } from '@bigcommerce/big-design';
import { useEffect, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { JobStatus } from '@/lib/firestore/job-repository';
import { FILTER_STATUSES, NO_FILTERS, validateFilters, type ActivityFilters, type FilterErrors } from '@/lib/client/activity-filters';
import { JOB_STATUS_LABELS } from './activity-status-badge';

const Row = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
  gap: 1rem;
  align-items: start;
`;

const Actions = styled.div`
  align-self: end;
`;

export function ActivityFiltersForm({ value, onApply }: { value: ActivityFilters; onApply(filters: ActivityFilters): void }) {
  const [draft, setDraft] = useState<ActivityFilters>(value);
  const [errors, setErrors] = useState<FilterErrors>({});
  // The applied filters can change from outside (the URL after a reload, "Clear"): show them.
  useEffect(() => {
    setDraft(value);
    setErrors({});
  }, [value]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateFilters(draft);
    setErrors(found);
    if (Object.keys(found).length === 0) onApply({ ...draft, order: draft.order.trim() });
  };
  const set = (patch: Partial<ActivityFilters>) => setDraft((current) => ({ ...current, ...patch }));

  return (
    <Form onSubmit={submit} aria-label="Filter the sync activity" fullWidth noValidate>
      <Row>
        <FormGroup>
          <Select<JobStatus | 'any'>
            label="Status"
            value={draft.status ?? 'any'}
            options={[{ value: 'any', content: 'Any status' }, ...FILTER_STATUSES.map((status) => ({ value: status, content: JOB_STATUS_LABELS[status].label }))]}
            onOptionChange={(status) => {
              const { status: _previous, ...rest } = draft;
              setDraft(status && status !== 'any' ? { ...rest, status } : rest);
            }}
          />
        </FormGroup>
        <FormGroup>
          <Input
            label="Changed from"
            description="UTC day"
            type="date"
            value={draft.from}
            error={errors.from}
            max={draft.to || undefined}
            onChange={(event) => set({ from: event.target.value })}
          />
        </FormGroup>
        <FormGroup>
          <Input
            label="Changed until"
            description="UTC day, included"
            type="date"
            value={draft.to}
            error={errors.to}
            min={draft.from || undefined}
            onChange={(event) => set({ to: event.target.value })}
          />
        </FormGroup>
        <FormGroup>
          <Input
            label="Order number"
            type="search"
            inputMode="numeric"
            autoComplete="off"
            placeholder="e.g. 104"
            value={draft.order}
            error={errors.order}
            onChange={(event) => set({ order: event.target.value })}
          />
        </FormGroup>
        <Actions>
          <Flex flexGap="0.5rem" flexDirection="row">
            <Button type="submit">Apply filters</Button>
            <Button type="button" variant="subtle" onClick={() => onApply(NO_FILTERS)}>
              Clear
            </Button>
          </Flex>
        </Actions>
      </Row>
    </Form>
  );
}

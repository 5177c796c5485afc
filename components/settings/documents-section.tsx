/**
 * Documents and statuses: which order statuses post, the default QuickBooks document, and rules that pick
 * a Sales Receipt or an Invoice by order status, customer group and channel (first match wins).
 */
import { Box, Button, Fieldset, Flex, FormGroup, InlineMessage, Input, MultiSelect, Radio, Select, Small } from '@bigcommerce/big-design';
import { useId, useState } from 'react';
import styled from 'styled-components';
import type { NumberChoice } from '@/lib/settings/bigcommerce-choices';
import { ORDER_STATUS, type DocumentKind, type DocumentRule } from '@/lib/sync/sync-settings';
import { Hint, SettingsSection, SubHeading, type SectionProps } from './settings-section-kit';

const DOCUMENTS: Array<{ value: DocumentKind; content: string; description: string }> = [
  { value: 'sales_receipt', content: 'Sales Receipt', description: 'For orders paid at checkout.' },
  { value: 'invoice', content: 'Invoice', description: 'For orders paid later; the payment is recorded against it when captured.' },
];

/** Statuses an order never posts in (the API refuses them too). */
const NEVER_POSTED = new Set<number>([ORDER_STATUS.incomplete, ORDER_STATUS.cancelled, ORDER_STATUS.declined]);

const RuleCard = styled.div`
  border: 1px solid #d9dce9;
  border-radius: 4px;
  padding: 1rem;
  display: flex;
  flex-direction: column;
  gap: 1rem;
`;

function numberOptions(choices: readonly NumberChoice[], selected: readonly number[], unknownLabel: (id: number) => string) {
  const known = new Set(choices.map((choice) => choice.value));
  return [
    ...choices.map((choice) => ({ value: choice.value, content: choice.label })),
    ...selected.filter((id) => !known.has(id)).map((id) => ({ value: id, content: unknownLabel(id) })),
  ];
}

/** "2, 5" → [2, 5]; anything that is not a non-negative whole number is dropped. */
function parseIds(text: string): number[] {
  return [...new Set(text.split(/[\s,]+/).filter((part) => /^\d{1,9}$/.test(part)).map(Number))];
}

/** Free-text id list (when BigCommerce could not list the choices): typed freely, read on blur. */
function IdListInput(props: { label: string; description: string; ids: readonly number[]; onIdsChange(ids: number[]): void; error?: string | undefined }) {
  const [text, setText] = useState(props.ids.join(', '));
  return (
    <FormGroup>
      <Input
        label={props.label}
        description={props.description}
        value={text}
        inputMode="numeric"
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          const ids = parseIds(text);
          setText(ids.join(', '));
          props.onIdsChange(ids);
        }}
        error={props.error}
      />
    </FormGroup>
  );
}

export function DocumentsSection({ view, draft, update, errorFor }: SectionProps) {
  const statuses = view.bigcommerce.orderStatuses;
  const groups = view.bigcommerce.customerGroups;
  const groupsUnavailable = view.bigcommerce.unavailable.some((entry) => entry.source === 'customerGroups');
  const defaultName = useId();

  const setRule = (index: number, change: (rule: DocumentRule) => void) =>
    update((next) => {
      const rule = next.documentRules[index];
      if (rule) change(rule);
    });
  const moveRule = (index: number, by: -1 | 1) =>
    update((next) => {
      const [rule] = next.documentRules.splice(index, 1);
      if (rule) next.documentRules.splice(index + by, 0, rule);
    });

  return (
    <SettingsSection
      id="settings-documents"
      title="Documents and statuses"
      description="Which orders reach QuickBooks, and as which document."
    >
      <FormGroup>
        <MultiSelect
          label="Post orders in these statuses"
          description="An order is posted once it reaches one of these. Refunded orders are always followed up; cancelled and declined ones are voided."
          options={statuses.map((status) => ({
            value: status.value,
            content: status.label,
            disabled: NEVER_POSTED.has(status.value),
            ...(NEVER_POSTED.has(status.value) ? { description: 'Never posted' } : {}),
          }))}
          value={draft.postingStatusIds}
          onOptionsChange={(values) => update((next) => (next.postingStatusIds = values))}
          error={errorFor('postingStatusIds')}
          required
        />
      </FormGroup>

      <Fieldset legend="Default document" description="Used when no rule below matches an order.">
        <FormGroup>
          {DOCUMENTS.map((document) => (
            <Radio
              key={document.value}
              name={defaultName}
              label={document.content}
              description={document.description}
              checked={draft.defaultDocument === document.value}
              onChange={() => update((next) => (next.defaultDocument = document.value))}
            />
          ))}
        </FormGroup>
      </Fieldset>

      <SubHeading>Document rules</SubHeading>
      <Hint>
        Rules are checked in order; the first one whose conditions all match decides. A condition left empty matches every order.
      </Hint>
      {groupsUnavailable ? (
        <InlineMessage
          type="info"
          messages={[{ text: `${view.bigcommerce.unavailable.find((entry) => entry.source === 'customerGroups')?.message ?? ''} Enter customer group ids instead.` }]}
        />
      ) : null}
      {draft.documentRules.length === 0 ? <Small>No rules: every order becomes the default document.</Small> : null}
      {draft.documentRules.map((rule, index) => {
        const ruleError = errorFor(`documentRules.${index}`);
        return (
          <RuleCard key={index} role="group" aria-label={`Rule ${index + 1}`}>
            <Flex justifyContent="space-between" alignItems="center" flexGap="0.5rem" flexWrap="wrap">
              <strong>Rule {index + 1}</strong>
              <Flex flexGap="0.5rem">
                <Button type="button" variant="subtle" disabled={index === 0} onClick={() => moveRule(index, -1)} aria-label={`Move rule ${index + 1} up`}>
                  Move up
                </Button>
                <Button
                  type="button"
                  variant="subtle"
                  disabled={index === draft.documentRules.length - 1}
                  onClick={() => moveRule(index, 1)}
                  aria-label={`Move rule ${index + 1} down`}
                >
                  Move down
                </Button>
                <Button
                  type="button"
                  variant="subtle"
                  actionType="destructive"
                  onClick={() => update((next) => next.documentRules.splice(index, 1))}
                  aria-label={`Remove rule ${index + 1}`}
                >
                  Remove
                </Button>
              </Flex>
            </Flex>
            {ruleError ? <InlineMessage type="error" messages={[{ text: ruleError }]} /> : null}
            <Select
              label="Post as"
              options={DOCUMENTS}
              value={rule.document}
              onOptionChange={(value) => value && setRule(index, (target) => (target.document = value))}
            />
            <FormGroup>
              <MultiSelect
                label="When the order status is"
                options={numberOptions(statuses, rule.statusIds, (id) => `Status ${id}`)}
                value={rule.statusIds}
                onOptionsChange={(values) => setRule(index, (target) => (target.statusIds = values))}
                error={errorFor(`documentRules.${index}.statusIds`)}
              />
            </FormGroup>
            {groupsUnavailable ? (
              <IdListInput
                key={`${index}:${rule.customerGroupIds.join(',')}`}
                label="and the customer group id is one of"
                description="Comma-separated BigCommerce customer group ids; 0 is customers without a group."
                ids={rule.customerGroupIds}
                onIdsChange={(ids) => setRule(index, (target) => (target.customerGroupIds = ids))}
                error={errorFor(`documentRules.${index}.customerGroupIds`)}
              />
            ) : (
              <FormGroup>
                <MultiSelect
                  label="and the customer group is"
                  options={numberOptions(groups, rule.customerGroupIds, (id) => `Customer group ${id}`)}
                  value={rule.customerGroupIds}
                  onOptionsChange={(values) => setRule(index, (target) => (target.customerGroupIds = values))}
                  error={errorFor(`documentRules.${index}.customerGroupIds`)}
                />
              </FormGroup>
            )}
            <FormGroup>
              <MultiSelect
                label="and the channel is"
                description="Channels the store’s recent orders came through."
                options={numberOptions(view.bigcommerce.channels, rule.channelIds, (id) => `Channel ${id}`)}
                value={rule.channelIds}
                onOptionsChange={(values) => setRule(index, (target) => (target.channelIds = values))}
                error={errorFor(`documentRules.${index}.channelIds`)}
              />
            </FormGroup>
          </RuleCard>
        );
      })}
      <Box>
        <Button
          type="button"
          variant="secondary"
          disabled={draft.documentRules.length >= 20}
          onClick={() => update((next) => next.documentRules.push({ document: 'invoice', statusIds: [], customerGroupIds: [], channelIds: [] }))}
        >
          Add a rule
        </Button>
      </Box>
    </SettingsSection>
  );
}

/**
 * Numbering and guests: the DocNumber prefix (with a live example and QuickBooks' 21-character limit), how
 * guest checkouts reach QuickBooks, and — read-only here — whether syncing is live and from which date
 * (set in onboarding).
 */
import { Fieldset, FormGroup, InlineMessage, Input, Radio, Text } from '@bigcommerce/big-design';
import { useId } from 'react';
import { SettingsSection, type SectionProps } from './settings-section-kit';

const EXAMPLE_ORDER_ID = 12345;

export function NumberingGuestsSection({ view, draft, update, errorFor }: SectionProps) {
  const { limits } = view;
  const guestName = useId();
  const example = `${draft.docNumberPrefix}${EXAMPLE_ORDER_ID}`;
  const longest = draft.docNumberPrefix.length + limits.orderIdDigits;
  const facts = view.quickbooks.facts;

  return (
    <SettingsSection id="settings-numbering" title="Numbering and guests" description="How documents are numbered and who guest orders belong to.">
      <Text marginBottom="none">
        {view.settings.live
          ? `Syncing is live${view.settings.startDate ? ` for orders placed from ${view.settings.startDate}` : ''}. Older orders can be sent with Backfill.`
          : 'Syncing is not live yet: finish onboarding (Overview) to choose a start date and go live.'}
      </Text>

      <FormGroup>
        <Input
          label="Document number prefix"
          description={`QuickBooks document numbers are this prefix plus the BigCommerce order number, e.g. ${example}. Letters, digits and - _ # / . only; up to ${limits.docNumberPrefixMax} characters, so a ${limits.orderIdDigits}-digit order number still fits QuickBooks’ ${limits.docNumberMax} (${longest} at most now).`}
          value={draft.docNumberPrefix}
          maxLength={limits.docNumberPrefixMax}
          onChange={(event) => {
            const value = event.target.value;
            update((next) => (next.docNumberPrefix = value));
          }}
          error={errorFor('docNumberPrefix')}
        />
      </FormGroup>
      {facts && !facts.customTxnNumbers ? (
        <InlineMessage
          type="warning"
          messages={[
            {
              text: 'Custom transaction numbers are off in QuickBooks, so QuickBooks numbers sales forms itself and ignores this prefix. Turn them on in QuickBooks (Account and settings › Sales) to keep BigCommerce order numbers.',
            },
          ]}
        />
      ) : null}

      <Fieldset legend="Guest checkouts" description="Orders placed without a customer account.">
        <FormGroup>
          <Radio
            name={guestName}
            label="One QuickBooks customer per guest e-mail address"
            description="Guests are found again by e-mail on their next order."
            checked={draft.guests.mode === 'per_guest'}
            onChange={() => update((next) => (next.guests.mode = 'per_guest'))}
          />
          <Radio
            name={guestName}
            label="All guest orders to one customer"
            description="Keeps the customer list short; the order’s addresses still go on each document."
            checked={draft.guests.mode === 'single_customer'}
            onChange={() => update((next) => (next.guests.mode = 'single_customer'))}
          />
        </FormGroup>
      </Fieldset>
      {draft.guests.mode === 'single_customer' || errorFor('guests.customerName') ? (
        <FormGroup>
          <Input
            label="Customer name for guest orders"
            description={`The QuickBooks customer’s display name: up to ${limits.displayNameMax} characters, no colon, tab or line break.`}
            value={draft.guests.customerName}
            maxLength={limits.displayNameMax}
            required
            onChange={(event) => {
              const value = event.target.value;
              update((next) => (next.guests.customerName = value));
            }}
            error={errorFor('guests.customerName')}
          />
        </FormGroup>
      ) : null}
    </SettingsSection>
  );
}

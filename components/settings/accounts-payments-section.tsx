/**
 * Accounts and payments: the income account new items get, the shipping item, where discounts, gift
 * certificates and store credit post, and — per BigCommerce payment method or gateway — the QuickBooks
 * payment method and the account the money is deposited to.
 */
import { Button, Flex, FormGroup, InlineMessage, Input, Select, Small, Table } from '@bigcommerce/big-design';
import { useState } from 'react';
import { ItemPicker } from './item-picker';
import { chosen, Grow, optionalChoiceOptions, Pair, SettingsSection, SubHeading, type SectionProps } from './settings-section-kit';

const MAX_PAYMENT_MAPPINGS = 50;

export function AccountsPaymentsSection({ view, draft, update, errorFor }: SectionProps) {
  const options = view.quickbooks.options;
  const facts = view.quickbooks.facts;
  const paymentLabels = new Map(view.bigcommerce.paymentMethods.map((method) => [method.value, method.label]));
  const mappedKeys = Object.keys(draft.payments);
  const [newKey, setNewKey] = useState<string>();
  const [customKey, setCustomKey] = useState('');

  const addMapping = (key: string | undefined) => {
    const trimmed = key?.trim();
    if (!trimmed || draft.payments[trimmed]) return;
    update((next) => (next.payments[trimmed] = {}));
    setNewKey(undefined);
    setCustomKey('');
  };
  const remaining = view.bigcommerce.paymentMethods.filter((method) => !draft.payments[method.value]);
  const groups = [
    { label: 'On your recent orders', options: remaining.filter((m) => m.kind === 'order-method').map((m) => ({ value: m.value, content: m.label })) },
    { label: 'Payment gateways', options: remaining.filter((m) => m.kind === 'gateway').map((m) => ({ value: m.value, content: m.label })) },
  ].filter((group) => group.options.length > 0);

  return (
    <SettingsSection id="settings-accounts" title="Accounts and payments" description="Where sales, discounts, gift certificates and payments land in QuickBooks.">
      <Pair>
        <FormGroup>
          <Select
            label="Income account for new items"
            description="Items the app creates for your SKUs post their sales here."
            options={optionalChoiceOptions('Automatic (Sales of Product Income or similar)', options?.incomeAccounts, draft.items.incomeAccountId)}
            value={draft.items.incomeAccountId ?? ''}
            onOptionChange={(value) => update((next) => (next.items.incomeAccountId = chosen(value)))}
            error={errorFor('items.incomeAccountId')}
            filterable
          />
        </FormGroup>
        <FormGroup>
          <Select
            label="Discount account"
            description={facts?.discountAllowed ? 'Order discounts post as a discount line to this account.' : 'Order discounts post as a discount item on this account.'}
            options={optionalChoiceOptions('Automatic (QuickBooks’ default discount account)', options?.discountAccounts, draft.accounts.discountAccountId)}
            value={draft.accounts.discountAccountId ?? ''}
            onOptionChange={(value) => update((next) => (next.accounts.discountAccountId = chosen(value)))}
            error={errorFor('accounts.discountAccountId')}
            filterable
          />
        </FormGroup>
        <FormGroup>
          <Select
            label="Gift certificate account"
            description="The liability gift certificates were sold into; redeeming one reduces it."
            options={optionalChoiceOptions('Automatic (a liability named like “Gift cards”)', options?.liabilityAccounts, draft.accounts.giftCertificateAccountId)}
            value={draft.accounts.giftCertificateAccountId ?? ''}
            onOptionChange={(value) => update((next) => (next.accounts.giftCertificateAccountId = chosen(value)))}
            error={errorFor('accounts.giftCertificateAccountId')}
            filterable
          />
        </FormGroup>
        <FormGroup>
          <Select
            label="Store credit account"
            description="The liability that holds customers’ store credit."
            options={optionalChoiceOptions('Automatic (a liability named like “Store credit”)', options?.liabilityAccounts, draft.accounts.storeCreditAccountId)}
            value={draft.accounts.storeCreditAccountId ?? ''}
            onOptionChange={(value) => update((next) => (next.accounts.storeCreditAccountId = chosen(value)))}
            error={errorFor('accounts.storeCreditAccountId')}
            filterable
          />
        </FormGroup>
      </Pair>

      <ItemPicker
        label="Shipping item"
        description={
          facts?.shippingAllowed
            ? 'Shipping posts to QuickBooks’ shipping field; this item is used only where the field can’t take it (several addresses with different tax).'
            : 'Shipping charges post as a line with this item.'
        }
        value={draft.accounts.shippingItemId}
        known={view.quickbooks.items}
        automaticLabel="Automatic: the app’s “Shipping (BigCommerce)” item, created when first needed."
        onChange={(id) => update((next) => (next.accounts.shippingItemId = id))}
        error={errorFor('accounts.shippingItemId')}
      />

      <SubHeading>Payments</SubHeading>
      <FormGroup>
        <Select
          label="Default deposit account"
          description="Where payments land unless a payment method below says otherwise."
          options={optionalChoiceOptions('Automatic (Undeposited Funds)', options?.depositAccounts, draft.accounts.defaultDepositAccountId)}
          value={draft.accounts.defaultDepositAccountId ?? ''}
          onOptionChange={(value) => update((next) => (next.accounts.defaultDepositAccountId = chosen(value)))}
          error={errorFor('accounts.defaultDepositAccountId')}
          filterable
        />
      </FormGroup>
      {mappedKeys.length === 0 ? (
        <Small>No payment methods mapped: each payment gets the QuickBooks payment method of the same name, if there is one, and the default deposit account.</Small>
      ) : (
        <Table
          itemName="Payment method mappings"
          keyField="paymentKey"
          items={mappedKeys.map((paymentKey) => ({ paymentKey, ...draft.payments[paymentKey] }))}
          columns={[
            { header: 'BigCommerce payment', hash: 'paymentKey', verticalAlign: 'middle', render: ({ paymentKey }) => paymentLabels.get(paymentKey) ?? paymentKey },
            {
              header: 'QuickBooks payment method',
              hash: 'paymentMethodId',
              width: '35%',
              render: ({ paymentKey: key, paymentMethodId }) => (
                <FormGroup>
                  <Select
                    aria-label={`QuickBooks payment method for ${paymentLabels.get(key) ?? key}`}
                    options={optionalChoiceOptions('Same name, if any', options?.paymentMethods, paymentMethodId)}
                    value={paymentMethodId ?? ''}
                    onOptionChange={(value) =>
                      update((next) => {
                        const mapping = next.payments[key];
                        if (mapping) mapping.paymentMethodId = chosen(value);
                      })
                    }
                    error={errorFor(`payments.${key}.paymentMethodId`)}
                    positionFixed
                  />
                </FormGroup>
              ),
            },
            {
              header: 'Deposit to',
              hash: 'depositAccountId',
              width: '35%',
              render: ({ paymentKey: key, depositAccountId }) => (
                <FormGroup>
                  <Select
                    aria-label={`Deposit account for ${paymentLabels.get(key) ?? key}`}
                    options={optionalChoiceOptions('Default deposit account', options?.depositAccounts, depositAccountId)}
                    value={depositAccountId ?? ''}
                    onOptionChange={(value) =>
                      update((next) => {
                        const mapping = next.payments[key];
                        if (mapping) mapping.depositAccountId = chosen(value);
                      })
                    }
                    error={errorFor(`payments.${key}.depositAccountId`)}
                    positionFixed
                  />
                </FormGroup>
              ),
            },
            {
              header: 'Remove',
              hideHeader: true,
              hash: 'remove',
              align: 'right',
              verticalAlign: 'middle',
              render: ({ paymentKey: key }) => (
                <Button
                  type="button"
                  variant="subtle"
                  actionType="destructive"
                  onClick={() => update((next) => delete next.payments[key])}
                  aria-label={`Remove the mapping for ${paymentLabels.get(key) ?? key}`}
                >
                  Remove
                </Button>
              ),
            },
          ]}
        />
      )}
      {view.bigcommerce.unavailable.some((entry) => entry.source === 'recentOrders') ? (
        <InlineMessage type="info" messages={[{ text: 'The store’s recent orders could not be read, so only payment gateways are listed; type other payment method names below.' }]} />
      ) : null}
      {mappedKeys.length < MAX_PAYMENT_MAPPINGS ? (
        <Pair>
          <Flex flexGap="0.5rem" alignItems="flex-end">
            <Grow>
              <Select
                label="Map a payment method"
                options={groups}
                value={newKey}
                onOptionChange={(value) => setNewKey(value)}
                placeholder="Choose a payment method or gateway"
                filterable
              />
            </Grow>
            <Button type="button" variant="secondary" disabled={!newKey} onClick={() => addMapping(newKey)}>
              Add
            </Button>
          </Flex>
          <Flex flexGap="0.5rem" alignItems="flex-end">
            <Grow>
              <Input
                label="…or type its name as it appears on orders"
                value={customKey}
                maxLength={100}
                onChange={(event) => setCustomKey(event.target.value)}
              />
            </Grow>
            <Button type="button" variant="secondary" disabled={!customKey.trim() || Boolean(draft.payments[customKey.trim()])} onClick={() => addMapping(customKey)}>
              Add
            </Button>
          </Flex>
        </Pair>
      ) : null}
    </SettingsSection>
  );
}

/**
 * Advanced: the rounding threshold (a difference up to it posts as a visible rounding line, more needs
 * attention), what happens to an unmapped SKU (create an item, post to a fallback item, or stop), and the
 * items handling, gift wrapping and rounding lines post to.
 */
import { Box, Flex, FormGroup, InlineMessage, Input, Switch, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';
import { ItemPicker } from './item-picker';
import { SettingsSection, SubHeading, type SectionProps } from './settings-section-kit';

export function AdvancedSection({ view, draft, update, errorFor }: SectionProps) {
  const switchId = useId();
  const known = view.quickbooks.items;
  // The threshold is typed as text so a half-typed value doesn't jump; it is stored as whole cents.
  const [threshold, setThreshold] = useState(String(draft.roundingThresholdCents));
  const max = view.limits.roundingThresholdMaxCents;

  return (
    <SettingsSection id="settings-advanced" title="Advanced" description="Rounding, new items and special lines.">
      <FormGroup>
        <Input
          label="Rounding threshold (cents)"
          description={`When QuickBooks’ total differs from BigCommerce’s by up to this many cents, the difference posts as a visible “Rounding” line; a bigger difference stops the order for review. 0 to ${max}.`}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          step={1}
          value={threshold}
          onChange={(event) => {
            const text = event.target.value;
            setThreshold(text);
            const cents = Number(text);
            if (text.trim() !== '' && Number.isFinite(cents)) update((next) => (next.roundingThresholdCents = cents));
          }}
          error={errorFor('roundingThresholdCents')}
        />
      </FormGroup>
      <ItemPicker
        label="Rounding item"
        value={draft.accounts.roundingItemId}
        known={known}
        automaticLabel="Automatic: the app’s “Rounding (BigCommerce)” item, created when first needed."
        onChange={(id) => update((next) => (next.accounts.roundingItemId = id))}
        error={errorFor('accounts.roundingItemId')}
      />

      <SubHeading>Unmapped SKUs</SubHeading>
      <Box>
        <Flex alignItems="center" flexGap="0.75rem">
          <Switch
            id={switchId}
            checked={draft.items.autoCreate}
            onChange={(event) => {
              const on = event.target.checked;
              update((next) => (next.items.autoCreate = on));
            }}
            aria-describedby={`${switchId}-help`}
          />
          <label htmlFor={switchId}>
            <Text as="span" bold marginBottom="none">
              Create a QuickBooks item for a SKU that has none
            </Text>
          </label>
        </Flex>
        <Text id={`${switchId}-help`} color="secondary60" marginTop="xSmall" marginBottom="none">
          The item is named after the product, carries the SKU and posts to the income account for new items. It is matched by SKU, then by name,
          before anything is created.
        </Text>
      </Box>
      {!draft.items.autoCreate ? (
        <>
          <ItemPicker
            label="Fallback item"
            description="Only if you choose one: unmapped SKUs post to this item instead of stopping the order."
            value={draft.items.fallbackItemId}
            known={known}
            automaticLabel="None: an order with an unmapped SKU waits in Sync activity until you map it."
            onChange={(id) => update((next) => (next.items.fallbackItemId = id))}
            error={errorFor('items.fallbackItemId')}
          />
          {!draft.items.fallbackItemId ? (
            <InlineMessage type="info" messages={[{ text: 'Map every SKU in Items by SKU below, or orders with new products will need attention.' }]} />
          ) : null}
        </>
      ) : errorFor('items.fallbackItemId') ? (
        <InlineMessage type="error" messages={[{ text: errorFor('items.fallbackItemId') ?? '' }]} />
      ) : null}

      <SubHeading>Special lines</SubHeading>
      <ItemPicker
        label="Handling item"
        value={draft.accounts.handlingItemId}
        known={known}
        automaticLabel="Automatic: the shipping item you chose, else the app’s “Handling (BigCommerce)” item."
        onChange={(id) => update((next) => (next.accounts.handlingItemId = id))}
        error={errorFor('accounts.handlingItemId')}
      />
      <ItemPicker
        label="Gift wrapping item"
        value={draft.accounts.giftWrappingItemId}
        known={known}
        automaticLabel="Automatic: the app’s “Gift wrapping (BigCommerce)” item, created when first needed."
        onChange={(id) => update((next) => (next.accounts.giftWrappingItemId = id))}
        error={errorFor('accounts.giftWrappingItemId')}
      />
    </SettingsSection>
  );
}

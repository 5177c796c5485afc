/**
 * Tax, by the company's tax model: US Automated Sales Tax is explained (nothing to map: the tax BigCommerce
 * charged is posted as is); US manual sales tax and every other country map BigCommerce tax rates to
 * QuickBooks tax codes (plus, outside the US, the code for untaxed amounts).
 */
import { Box, Button, Flex, FormGroup, InlineMessage, Input, Message, Select, Small, Table, Text } from '@bigcommerce/big-design';
import { useState } from 'react';
import type { TaxRateChoice } from '@/lib/settings/bigcommerce-choices';
import { chosen, Grow, optionalChoiceOptions, SettingsSection, type SectionProps } from './settings-section-kit';

export function TaxSection({ view, draft, update, errorFor }: SectionProps) {
  const facts = view.quickbooks.facts;
  if (!facts) return null;

  if (facts.taxModel === 'us-automated') {
    return (
      <SettingsSection id="settings-tax" title="Tax">
        <Message
          type="info"
          header="QuickBooks Automated Sales Tax is on"
          messages={[
            {
              text:
                'Each order is posted with the tax BigCommerce charged the customer, as the document’s total tax, so QuickBooks’ own calculation never changes your totals. ' +
                'Lines are marked taxable or not as they were in BigCommerce. There is nothing to map here.',
            },
          ]}
        />
        {!facts.usingSalesTax ? (
          <InlineMessage
            type="warning"
            messages={[{ text: 'Sales tax is not set up in QuickBooks yet. Set it up (Taxes › Sales tax) before orders with tax are posted.' }]}
          />
        ) : null}
      </SettingsSection>
    );
  }
  return <TaxMapping view={view} draft={draft} update={update} errorFor={errorFor} />;
}

function TaxMapping({ view, draft, update, errorFor }: SectionProps) {
  const facts = view.quickbooks.facts!;
  const taxCodes = view.quickbooks.options?.taxCodes;
  const rates = view.bigcommerce.taxRates;
  const ratesUnavailable = view.bigcommerce.unavailable.find((entry) => entry.source === 'taxRates');
  const [extraRate, setExtraRate] = useState('');
  const usManual = facts.taxModel === 'us-manual';

  // Every BigCommerce rate, plus any rate id the settings map that BigCommerce no longer lists.
  const known = new Set(rates.map((rate) => rate.value));
  const rows: TaxRateChoice[] = [
    ...rates,
    ...Object.keys(draft.tax.rateToTaxCode)
      .filter((id) => !known.has(id))
      .map((id) => ({ value: id, label: `Tax rate ${id}`, enabled: false })),
  ];

  return (
    <SettingsSection
      id="settings-tax"
      title="Tax"
      description={
        usManual
          ? 'Your QuickBooks company manages US sales tax itself. Map BigCommerce tax rates to QuickBooks sales tax rates: an order whose rates all map to one QuickBooks rate posts with it.'
          : 'Each order line posts with the QuickBooks tax code its BigCommerce tax rate maps to; the tax amount stays as BigCommerce charged it.'
      }
    >
      {ratesUnavailable ? <InlineMessage type="info" messages={[{ text: `${ratesUnavailable.message} Add rate ids by hand below.` }]} /> : null}
      {rows.length === 0 ? (
        <Small>BigCommerce lists no tax rates for this store.</Small>
      ) : (
        <Table
          itemName="Tax rate mappings"
          keyField="value"
          items={rows}
          columns={[
            {
              header: 'BigCommerce tax rate',
              hash: 'label',
              verticalAlign: 'middle',
              render: ({ label, enabled }) => (
                <Text marginBottom="none">
                  {label}
                  {enabled ? '' : ' (not active in BigCommerce)'}
                </Text>
              ),
            },
            {
              header: usManual ? 'QuickBooks sales tax rate' : 'QuickBooks tax code',
              hash: 'code',
              render: ({ value, label }) => (
                <FormGroup>
                  <Select
                    aria-label={`QuickBooks tax code for ${label}`}
                    options={optionalChoiceOptions('Not mapped', taxCodes, draft.tax.rateToTaxCode[value])}
                    value={draft.tax.rateToTaxCode[value] ?? ''}
                    onOptionChange={(code) =>
                      update((next) => {
                        const id = chosen(code);
                        if (id) next.tax.rateToTaxCode[value] = id;
                        else delete next.tax.rateToTaxCode[value];
                      })
                    }
                    error={errorFor(`tax.rateToTaxCode.${value}`)}
                    positionFixed
                    filterable
                  />
                </FormGroup>
              ),
            },
          ]}
        />
      )}
      {ratesUnavailable ? (
        <Flex flexGap="0.5rem" alignItems="flex-end">
          <Grow>
            <Input
              label="BigCommerce tax rate id"
              description="As orders show it (tax_rate_id)."
              inputMode="numeric"
              value={extraRate}
              onChange={(event) => setExtraRate(event.target.value.replace(/\D/g, ''))}
            />
          </Grow>
          <Button
            type="button"
            variant="secondary"
            disabled={!extraRate || draft.tax.rateToTaxCode[extraRate] !== undefined || known.has(extraRate)}
            onClick={() => {
              const id = extraRate;
              const first = taxCodes?.find((code) => code.active)?.value;
              if (first) update((next) => (next.tax.rateToTaxCode[id] = first));
              setExtraRate('');
            }}
          >
            Add rate
          </Button>
        </Flex>
      ) : null}
      {!usManual ? (
        <Box>
          <FormGroup>
            <Select
              label="Tax code for untaxed amounts"
              description="Lines BigCommerce charged no tax on (e.g. Exempt, Zero-rated, Out of scope)."
              options={optionalChoiceOptions('Automatic (a code named like “Exempt” or “Zero-rated”)', taxCodes, draft.tax.exemptTaxCodeId)}
              value={draft.tax.exemptTaxCodeId ?? ''}
              onOptionChange={(code) => update((next) => (next.tax.exemptTaxCodeId = chosen(code)))}
              error={errorFor('tax.exemptTaxCodeId')}
              filterable
            />
          </FormGroup>
        </Box>
      ) : null}
    </SettingsSection>
  );
}

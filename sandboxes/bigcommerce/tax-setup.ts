/**
 * The store's manual tax setup, as GET /v3/tax/rates shows it, kept consistent with the tax rows of test orders
 * (order-model.ts): BigCommerce's four built-in tax classes, the default tax zone (1), and rate 1, "Tax", which
 * every order tax row names (tax_rate_id 1) with the row's class as tax_class_id. Its class rates are the store's
 * default tax rate, what an order without a `tax.rate` of its own is taxed at; an order may still set its own
 * percentage (as a tax provider would), and its rows keep naming rate 1. A second, disabled rate shows a rate no
 * order uses (disabled rates never apply).
 *
 * Shape from BigCommerce's Tax Rates & Zones reference (Tax_Rate: id, tax_zone_id, name, enabled, priority,
 * class_rates[{ rate, tax_class_id }]; `{ data, meta: { pagination } }`); the shared specs have no file for it.
 */
import { formatRate, parseRate } from './money';
import type { Store, TaxRate } from './sandbox-state';

/** BigCommerce's built-in tax classes: ids are fixed, 0 being the default class of products. */
export const TAX_CLASSES = [
  { id: 0, name: 'Default Tax Class' },
  { id: 1, name: 'Non-Taxable Products' },
  { id: 2, name: 'Shipping' },
  { id: 3, name: 'Gift Wrapping' },
] as const;

/** The default tax zone every store has (it serves shoppers no other zone targets). */
export const DEFAULT_TAX_ZONE_ID = 1;
/** The rate order tax rows name. */
export const ORDER_TAX_RATE_ID = 1;

/** The tax_class_id of an order tax row's class name; the default class for a name it does not know. */
export function taxClassIdOf(className: string): number {
  return TAX_CLASSES.find((taxClass) => taxClass.name === className)?.id ?? 0;
}

export function seedTaxRates(store: Store): void {
  const standard = store.defaultTaxRate;
  const rates: TaxRate[] = [
    {
      id: ORDER_TAX_RATE_ID,
      taxZoneId: DEFAULT_TAX_ZONE_ID,
      name: 'Tax',
      enabled: true,
      priority: 1,
      classRates: TAX_CLASSES.map((taxClass) => ({ taxClassId: taxClass.id, rate: taxClass.id === 1 ? 0 : standard })),
    },
    {
      id: 2,
      taxZoneId: DEFAULT_TAX_ZONE_ID,
      name: 'Reduced Rate',
      enabled: false,
      priority: 1,
      classRates: TAX_CLASSES.map((taxClass) => ({ taxClassId: taxClass.id, rate: taxClass.id === 1 || taxClass.id === 2 ? 0 : parseRate('5') })),
    },
  ];
  for (const rate of rates) store.taxRates.set(rate.id, rate);
}

export function renderTaxRate(rate: TaxRate): Record<string, unknown> {
  return {
    id: rate.id,
    tax_zone_id: rate.taxZoneId,
    name: rate.name,
    enabled: rate.enabled,
    priority: rate.priority,
    class_rates: rate.classRates.map((entry) => ({ rate: Number(formatRate(entry.rate)), tax_class_id: entry.taxClassId })),
  };
}

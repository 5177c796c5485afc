/**
 * Customer groups, as GET /v2/customer_groups shows them: the seeded store has a few (none default, none for
 * guests, so customers created without a group stay in none, as the admin API creates them), and its wholesale
 * customer belongs to "Wholesale". Customers point at a group by customer_group_id (0 = none).
 *
 * Shape from BigCommerce's Customer Groups v2 reference (id, name, is_default, category_access{type},
 * discount_rules[{type, method, amount}], date_created, date_modified, is_group_for_guests; a plain array, 204
 * when empty); the shared specs have no file for it.
 */
import { formatV2, parseRate } from './money';
import type { CustomerGroup, Store } from './sandbox-state';
import { rfc2822 } from './v2-order-views';

export const WHOLESALE_GROUP_ID = 2;

export function seedCustomerGroups(store: Store, now: number): void {
  const groups: Array<Pick<CustomerGroup, 'id' | 'name' | 'discountPercent'>> = [
    { id: 1, name: 'Retail', discountPercent: 0 },
    { id: WHOLESALE_GROUP_ID, name: 'Wholesale', discountPercent: parseRate('10') },
    { id: 3, name: 'VIP', discountPercent: parseRate('5') },
  ];
  for (const group of groups) {
    store.customerGroups.set(group.id, { ...group, isDefault: false, isGroupForGuests: false, dateCreated: now, dateModified: now });
  }
}

export function renderCustomerGroup(group: CustomerGroup): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    is_default: group.isDefault,
    category_access: { type: 'all' },
    // v2 decimals are 4-decimal strings; a percent rule's amount is the percentage.
    discount_rules: group.discountPercent > 0 ? [{ type: 'all', method: 'percent', amount: formatV2(group.discountPercent) }] : [],
    date_created: rfc2822(group.dateCreated),
    date_modified: rfc2822(group.dateModified),
    is_group_for_guests: group.isGroupForGuests,
  };
}

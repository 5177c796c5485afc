/**
 * Reads registered BigCommerce customers (Customers v3, reference §4.3) for the customer sync and for the
 * customer-group document rules: many ids per request (`id:in`, with their addresses), never one call per
 * customer. Guests (customer_id 0) have no customer record: their data is the order's billing address.
 */
import type { BigCommerceClient } from './bigcommerce-client';
import { BigCommerceUnavailableError } from './bigcommerce-errors';

/** A customer address (≤ 10 per customer). */
export interface BcCustomerAddress {
  id: number;
  customer_id: number;
  first_name: string;
  last_name: string;
  company?: string;
  address1: string;
  address2?: string;
  city: string;
  state_or_province: string;
  postal_code: string;
  country?: string;
  /** ISO 3166-1 alpha-2. */
  country_code: string;
  phone?: string;
  address_type?: 'residential' | 'commercial' | string;
}

/** GET /v3/customers → data[] (only the fields the sync uses are typed). */
export interface BcCustomer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  notes?: string;
  tax_exempt_category?: string;
  /** 0 = no customer group. */
  customer_group_id: number;
  date_created?: string;
  date_modified?: string;
  address_count?: number;
  /** Present with include=addresses. */
  addresses?: BcCustomerAddress[];
}

/** Ids per request: BigCommerce's default page size, so one page answers each request. */
export const CUSTOMER_BATCH_SIZE = 50;

/**
 * The customers with these ids, with addresses, keyed by id. Ids that don't exist (deleted customers) are
 * simply absent; 0 and duplicates are ignored. One request per 50 distinct ids.
 */
export async function readCustomers(client: BigCommerceClient, ids: readonly number[]): Promise<Map<number, BcCustomer>> {
  const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))].sort((a, b) => a - b);
  const found = new Map<number, BcCustomer>();
  for (let start = 0; start < wanted.length; start += CUSTOMER_BATCH_SIZE) {
    const chunk = wanted.slice(start, start + CUSTOMER_BATCH_SIZE);
    const response = await client.get<{ data?: BcCustomer[] }>('/v3/customers', {
      'id:in': chunk,
      include: 'addresses',
      limit: CUSTOMER_BATCH_SIZE,
    });
    const rows = response?.data ?? [];
    if (!Array.isArray(rows)) throw new BigCommerceUnavailableError('GET /v3/customers: data is not a list');
    for (const customer of rows) {
      if (chunk.includes(customer.id)) found.set(customer.id, customer);
    }
  }
  return found;
}

/** One customer with addresses, or null when there is none (guest id 0, or deleted). */
export async function readCustomer(client: BigCommerceClient, id: number): Promise<BcCustomer | null> {
  return (await readCustomers(client, [id])).get(id) ?? null;
}

/** The customer group an order's customer belongs to, for document rules; undefined for guests/unknown. */
export function customerGroupIdOf(customer: Pick<BcCustomer, 'customer_group_id'> | null | undefined): number | undefined {
  const group = customer?.customer_group_id;
  return typeof group === 'number' && Number.isSafeInteger(group) && group >= 0 ? group : undefined;
}

/**
 * Customers and their addresses, with BigCommerce's webhooks: customer/created|updated|deleted, and
 * customer/address/* (customer/updated deliberately does not fire for address changes, as in production).
 */
import { z } from 'zod';
import { parseUnits } from './money';
import { parseInput } from './order-model';
import { SandboxInputError, requireStore, type Customer, type CustomerAddress, type ModelContext, type Store } from './sandbox-state';
import { newAddress } from './store-factory';

const addressSchema = z.strictObject({
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  company: z.string().optional(),
  address1: z.string().min(1),
  address2: z.string().optional(),
  city: z.string().min(1),
  state_or_province: z.string().min(1),
  postal_code: z.string().min(1),
  country: z.string().optional(),
  country_code: z.string().length(2),
  phone: z.string().optional(),
  address_type: z.enum(['residential', 'commercial']).optional(),
});

export const customerInputSchema = z.strictObject({
  email: z.string().min(3),
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  company: z.string().optional(),
  phone: z.string().optional(),
  notes: z.string().optional(),
  store_credit: z.union([z.string(), z.number()]).optional(),
  /** One of the store's customer groups (customer-groups.ts); 0 = none. */
  customer_group_id: z.number().int().min(0).optional(),
  addresses: z.array(addressSchema).max(10).optional(),
});

const customerUpdateSchema = customerInputSchema.omit({ addresses: true }).partial();

function toAddressFields(input: z.infer<typeof addressSchema>): Omit<CustomerAddress, 'id' | 'customerId'> {
  return {
    firstName: input.first_name,
    lastName: input.last_name,
    company: input.company ?? '',
    address1: input.address1,
    address2: input.address2 ?? '',
    city: input.city,
    stateOrProvince: input.state_or_province,
    postalCode: input.postal_code,
    country: input.country ?? input.country_code,
    countryCode: input.country_code,
    phone: input.phone ?? '',
    addressType: input.address_type ?? 'residential',
  };
}

function groupIdOf(store: Store, id: number | undefined): number | undefined {
  if (id !== undefined && id !== 0 && !store.customerGroups.has(id)) throw new SandboxInputError(`customer group ${id} not found`, 422);
  return id;
}

function requireCustomer(store: Store, id: number): Customer {
  const customer = store.customers.get(id);
  if (!customer) throw new SandboxInputError(`customer ${id} not found`, 404);
  return customer;
}

function addressEvent(ctx: ModelContext, store: Store, scope: string, address: CustomerAddress): void {
  ctx.emit(store.hash, scope, { type: 'customer', id: address.id, address: { customer_id: address.customerId } });
}

export function createCustomer(ctx: ModelContext, storeHash: string, raw: unknown): Customer {
  const store = requireStore(ctx.state, storeHash);
  const input = parseInput(customerInputSchema, raw);
  const email = input.email.toLowerCase();
  if ([...store.customers.values()].some((c) => c.email === email)) throw new SandboxInputError(`email ${email} is already used`, 409);
  const customerGroupId = groupIdOf(store, input.customer_group_id) ?? 0;
  const now = ctx.now();
  const customer: Customer = {
    id: ++store.ids.customer,
    email,
    firstName: input.first_name,
    lastName: input.last_name,
    company: input.company ?? '',
    phone: input.phone ?? '',
    notes: input.notes ?? '',
    taxExemptCategory: '',
    customerGroupId,
    storeCredit: input.store_credit !== undefined ? parseUnits(input.store_credit, 2) : 0,
    acceptsMarketing: false,
    addresses: [],
    dateCreated: now,
    dateModified: now,
  };
  store.customers.set(customer.id, customer);
  ctx.emit(store.hash, 'store/customer/created', { type: 'customer', id: customer.id });
  for (const a of input.addresses ?? []) {
    const address = newAddress(store, customer.id, toAddressFields(a));
    customer.addresses.push(address);
    addressEvent(ctx, store, 'store/customer/address/created', address);
  }
  return customer;
}

export function updateCustomer(ctx: ModelContext, storeHash: string, customerId: number, raw: unknown): Customer {
  const store = requireStore(ctx.state, storeHash);
  const customer = requireCustomer(store, customerId);
  const input = parseInput(customerUpdateSchema, raw);
  // Checked before anything changes: a refused update leaves the customer as it was.
  const customerGroupId = groupIdOf(store, input.customer_group_id);
  if (input.email !== undefined) customer.email = input.email.toLowerCase();
  if (input.first_name !== undefined) customer.firstName = input.first_name;
  if (input.last_name !== undefined) customer.lastName = input.last_name;
  if (input.company !== undefined) customer.company = input.company;
  if (input.phone !== undefined) customer.phone = input.phone;
  if (input.notes !== undefined) customer.notes = input.notes;
  if (input.store_credit !== undefined) customer.storeCredit = parseUnits(input.store_credit, 2);
  if (customerGroupId !== undefined) customer.customerGroupId = customerGroupId;
  customer.dateModified = ctx.now();
  ctx.emit(store.hash, 'store/customer/updated', { type: 'customer', id: customer.id });
  return customer;
}

export function deleteCustomer(ctx: ModelContext, storeHash: string, customerId: number): void {
  const store = requireStore(ctx.state, storeHash);
  requireCustomer(store, customerId);
  store.customers.delete(customerId);
  ctx.emit(store.hash, 'store/customer/deleted', { type: 'customer', id: customerId });
}

export function addCustomerAddress(ctx: ModelContext, storeHash: string, customerId: number, raw: unknown): CustomerAddress {
  const store = requireStore(ctx.state, storeHash);
  const customer = requireCustomer(store, customerId);
  if (customer.addresses.length >= 10) throw new SandboxInputError('a customer has at most 10 addresses', 422);
  const address = newAddress(store, customer.id, toAddressFields(parseInput(addressSchema, raw)));
  customer.addresses.push(address);
  customer.dateModified = ctx.now();
  addressEvent(ctx, store, 'store/customer/address/created', address);
  return address;
}

export function updateCustomerAddress(ctx: ModelContext, storeHash: string, customerId: number, addressId: number, raw: unknown): CustomerAddress {
  const store = requireStore(ctx.state, storeHash);
  const customer = requireCustomer(store, customerId);
  const index = customer.addresses.findIndex((a) => a.id === addressId);
  const current = customer.addresses[index];
  if (!current) throw new SandboxInputError(`address ${addressId} not found`, 404);
  const input = parseInput(addressSchema.partial(), raw);
  const merged: CustomerAddress = {
    ...current,
    ...Object.fromEntries(
      Object.entries({
        firstName: input.first_name,
        lastName: input.last_name,
        company: input.company,
        address1: input.address1,
        address2: input.address2,
        city: input.city,
        stateOrProvince: input.state_or_province,
        postalCode: input.postal_code,
        country: input.country,
        countryCode: input.country_code,
        phone: input.phone,
        addressType: input.address_type,
      }).filter(([, v]) => v !== undefined),
    ),
  };
  customer.addresses[index] = merged;
  addressEvent(ctx, store, 'store/customer/address/updated', merged);
  return merged;
}

export function deleteCustomerAddress(ctx: ModelContext, storeHash: string, customerId: number, addressId: number): void {
  const store = requireStore(ctx.state, storeHash);
  const customer = requireCustomer(store, customerId);
  const address = customer.addresses.find((a) => a.id === addressId);
  if (!address) throw new SandboxInputError(`address ${addressId} not found`, 404);
  customer.addresses = customer.addresses.filter((a) => a.id !== addressId);
  addressEvent(ctx, store, 'store/customer/address/deleted', address);
}

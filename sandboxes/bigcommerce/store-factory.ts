/**
 * Creates stores (with their owner) and the seed catalog/customers.
 * Ids start at realistic magnitudes so code that assumes small ids (or confuses id kinds) shows it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { WHOLESALE_GROUP_ID, seedCustomerGroups } from './customer-groups';
import { parseUnits } from './money';
import type { Customer, CustomerAddress, Product, ProductOption, SandboxState, Store, StoreUser, Variant } from './sandbox-state';
import { seedTaxRates } from './tax-setup';

export interface CreateStoreInput {
  hash?: string;
  name?: string;
  currency?: string;
  isPriceEnteredWithTax?: boolean;
  owner?: { email?: string; username?: string; locale?: string };
  seed?: boolean;
}

const HASH_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Store hashes look like BigCommerce's: lowercase alphanumerics, starting with a letter. */
export function newStoreHash(state: SandboxState): string {
  for (;;) {
    const bytes = randomBytes(7);
    let hash = HASH_ALPHABET[bytes[0]! % 26]!;
    for (let i = 1; i < 7; i += 1) hash += HASH_ALPHABET[bytes[i]! % HASH_ALPHABET.length]!;
    if (!state.stores.has(hash)) return hash;
  }
}

export function createStore(state: SandboxState, baseUrl: string, input: CreateStoreInput, now: number): Store {
  const hash = input.hash ?? newStoreHash(state);
  if (!/^[a-z0-9]{3,20}$/.test(hash)) throw new Error(`invalid store hash ${hash}`);
  if (state.stores.has(hash)) throw new Error(`store ${hash} already exists`);
  state.ids.user += 1;
  state.ids.storeId += 1;
  const owner: StoreUser = {
    id: state.ids.user,
    email: input.owner?.email ?? `owner+${hash}@example.com`,
    username: input.owner?.username ?? input.owner?.email ?? `owner+${hash}@example.com`,
    locale: input.owner?.locale ?? 'en-US',
    role: 'owner',
  };
  const store: Store = {
    hash,
    storeId: state.ids.storeId,
    accountUuid: randomUUID(),
    name: input.name ?? `Sandbox Store ${hash}`,
    domain: `store-${hash}.sandbox.test`,
    currency: input.currency ?? 'USD',
    isPriceEnteredWithTax: input.isPriceEnteredWithTax ?? false,
    timezone: { name: 'America/Chicago', rawOffset: -21600, dstOffset: -18000, dstCorrection: true },
    country: 'United States',
    countryCode: 'US',
    controlPanelBaseUrl: `${baseUrl}/store-${hash}`,
    planName: 'Standard',
    defaultTaxRate: 0,
    ownerId: owner.id,
    users: new Map([[owner.id, owner]]),
    app: { installed: false, scope: '' },
    products: new Map(),
    customers: new Map(),
    customerGroups: new Map(),
    taxRates: new Map(),
    orders: new Map(),
    transactions: new Map(),
    refunds: new Map(),
    shipments: new Map(),
    hooks: new Map(),
    ids: {
      product: 110,
      variant: 500,
      option: 100,
      optionValue: 170,
      customer: 0,
      address: 0,
      order: 99,
      orderProduct: 0,
      orderAddress: 0,
      coupon: 0,
      tax: 0,
      fee: 0,
      transaction: 0,
      refund: 0,
      refundPayment: 0,
      shipment: 0,
    },
  };
  state.stores.set(hash, store);
  // Every store has its tax setup (test orders name its rate), seeded or not.
  seedTaxRates(store);
  if (input.seed ?? true) seedStore(store, now);
  return store;
}

interface SeedProduct {
  name: string;
  sku: string;
  price: string;
  cost: string;
  type?: 'physical' | 'digital';
  tracking: Product['inventoryTracking'];
  inventory: number;
  options?: { name: string; values: string[] }[];
  /** Price per variant, keyed by the joined option labels ("Grey/M"); others use the product price. */
  variantPrices?: Record<string, string>;
}

const SEED_PRODUCTS: SeedProduct[] = [
  { name: 'Orbit Terrarium - Large', sku: 'OTL', price: '109.00', cost: '60.00', tracking: 'product', inventory: 50 },
  {
    name: 'Fog Linen Chambray Towel',
    sku: 'FLCT',
    price: '49.00',
    cost: '21.50',
    tracking: 'variant',
    inventory: 0,
    options: [
      { name: 'Color', values: ['Beige', 'Grey'] },
      { name: 'Size', values: ['S', 'M'] },
    ],
    variantPrices: { 'Beige/M': '54.00', 'Grey/M': '54.00' },
  },
  { name: 'Able Brewing System', sku: 'ABS', price: '225.00', cost: '140.00', tracking: 'product', inventory: 12 },
  { name: 'Chemex Coffeemaker 3 Cup', sku: 'CC3C', price: '49.50', cost: '24.75', tracking: 'product', inventory: 30 },
  { name: 'Digital Brewing Guide (PDF)', sku: 'DBG', price: '12.00', cost: '0.00', type: 'digital', tracking: 'none', inventory: 0 },
];

export function addProduct(store: Store, seed: SeedProduct, now: number): Product {
  store.ids.product += 1;
  const productId = store.ids.product;
  const options: ProductOption[] = (seed.options ?? []).map((opt) => {
    store.ids.option += 1;
    return {
      id: store.ids.option,
      displayName: opt.name,
      type: 'rectangles',
      values: opt.values.map((label, sortOrder) => {
        store.ids.optionValue += 1;
        return { id: store.ids.optionValue, label, sortOrder };
      }),
    };
  });
  // Cartesian product of option values → one variant each; a simple product has one base variant.
  let combos: { ids: number[]; labels: string[] }[] = [{ ids: [], labels: [] }];
  for (const opt of options) {
    combos = combos.flatMap((c) => opt.values.map((v) => ({ ids: [...c.ids, v.id], labels: [...c.labels, v.label] })));
  }
  const variants: Variant[] = combos.map((combo) => {
    store.ids.variant += 1;
    const key = combo.labels.join('/');
    const price = seed.variantPrices?.[key];
    return {
      id: store.ids.variant,
      productId,
      skuId: store.ids.variant - 150,
      sku: combo.labels.length ? `${seed.sku}-${combo.labels.map((l) => l.toUpperCase().slice(0, 3)).join('-')}` : seed.sku,
      ...(price ? { price: parseUnits(price) } : {}),
      costPrice: parseUnits(seed.cost),
      inventoryLevel: seed.tracking === 'variant' ? 20 : 0,
      optionValueIds: combo.ids,
      upc: '',
    };
  });
  const product: Product = {
    id: productId,
    name: seed.name,
    sku: seed.sku,
    type: seed.type ?? 'physical',
    price: parseUnits(seed.price),
    costPrice: parseUnits(seed.cost),
    retailPrice: 0,
    salePrice: 0,
    weight: seed.type === 'digital' ? 0 : 1,
    inventoryTracking: seed.tracking,
    inventoryLevel: seed.tracking === 'variant' ? variants.reduce((sum, v) => sum + v.inventoryLevel, 0) : seed.inventory,
    inventoryInitialised: seed.tracking !== 'none',
    taxClassId: 0,
    isVisible: true,
    options,
    variants,
    dateCreated: now,
    dateModified: now,
    totalSold: 0,
  };
  store.products.set(product.id, product);
  return product;
}

export function newAddress(store: Store, customerId: number, fields: Omit<CustomerAddress, 'id' | 'customerId'>): CustomerAddress {
  store.ids.address += 1;
  return { id: store.ids.address, customerId, ...fields };
}

function seedStore(store: Store, now: number): void {
  for (const p of SEED_PRODUCTS) addProduct(store, p, now);
  seedCustomerGroups(store, now);

  const jane: Customer = {
    id: ++store.ids.customer,
    email: 'jane.doe@example.com',
    firstName: 'Jane',
    lastName: 'Doe',
    company: '',
    phone: '512-555-0101',
    notes: '',
    taxExemptCategory: '',
    customerGroupId: 0,
    storeCredit: 0,
    acceptsMarketing: true,
    addresses: [],
    dateCreated: now,
    dateModified: now,
  };
  jane.addresses.push(
    newAddress(store, jane.id, {
      firstName: 'Jane',
      lastName: 'Doe',
      company: '',
      address1: '555 East Street',
      address2: '',
      city: 'Austin',
      stateOrProvince: 'Texas',
      postalCode: '78108',
      country: 'United States',
      countryCode: 'US',
      phone: '512-555-0101',
      addressType: 'residential',
    }),
  );
  const john: Customer = {
    id: ++store.ids.customer,
    email: 'john.smith@example.com',
    firstName: 'John',
    lastName: 'Smith',
    company: 'Smith Roasters LLC',
    phone: '206-555-0199',
    notes: 'Wholesale account',
    taxExemptCategory: '',
    customerGroupId: WHOLESALE_GROUP_ID,
    storeCredit: parseUnits('10.00'),
    acceptsMarketing: false,
    addresses: [],
    dateCreated: now,
    dateModified: now,
  };
  john.addresses.push(
    newAddress(store, john.id, {
      firstName: 'John',
      lastName: 'Smith',
      company: 'Smith Roasters LLC',
      address1: '1200 Pike Street',
      address2: 'Suite 4',
      city: 'Seattle',
      stateOrProvince: 'Washington',
      postalCode: '98101',
      country: 'United States',
      countryCode: 'US',
      phone: '206-555-0199',
      addressType: 'commercial',
    }),
    newAddress(store, john.id, {
      firstName: 'John',
      lastName: 'Smith',
      company: '',
      address1: '88 Lake Road',
      address2: '',
      city: 'Tacoma',
      stateOrProvince: 'Washington',
      postalCode: '98402',
      country: 'United States',
      countryCode: 'US',
      phone: '206-555-0199',
      addressType: 'residential',
    }),
  );
  store.customers.set(jane.id, jane);
  store.customers.set(john.id, john);
}

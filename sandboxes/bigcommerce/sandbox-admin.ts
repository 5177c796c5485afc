/**
 * The sandbox's own controls (not BigCommerce API): app lifecycle as the control panel drives it, test
 * orders/customers, run-time config and webhook modes. Exposed to TypeScript as `sandbox.admin` and over
 * HTTP under /__sandbox/ (routes/admin-routes.ts) so tests can drive everything without a browser.
 */
import { z } from 'zod';
import type { AppLifecycle } from './app-lifecycle';
import {
  addCustomerAddress,
  createCustomer,
  deleteCustomer,
  deleteCustomerAddress,
  updateCustomer,
  updateCustomerAddress,
} from './customer-model';
import { archiveOrder, cancelOrder, createOrder, editOrder, parseInput, payOrder, refundOrder, shipOrder } from './order-model';
import type { RateLimiter } from './rate-limiter';
import { SandboxInputError, requireStore, type CallbackResult, type Customer, type CustomerAddress, type ModelContext, type Order, type Refund, type RuntimeConfig, type Shipment, type Store, type StoreUser, type UserRole } from './sandbox-state';
import { createStore, type CreateStoreInput } from './store-factory';
import type { WebhookDispatcher, WebhookMode } from './webhook-dispatcher';

export const configInputSchema = z.strictObject({
  quota: z.number().int().positive().optional(),
  windowMs: z.number().int().positive().optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  /** The next `count` REST responses get this 5xx status; null clears pending faults. */
  fault: z.strictObject({ status: z.number().int().min(500).max(599), count: z.number().int().positive() }).nullable().optional(),
});
export type ConfigInput = z.infer<typeof configInputSchema>;

export const webhookModeInputSchema = z.strictObject({
  duplicates: z.number().int().min(1).max(10).optional(),
  shuffleWindowMs: z.number().int().min(0).max(60_000).optional(),
  paused: z.boolean().optional(),
  deactivateAfterRetries: z.boolean().optional(),
  signatures: z.boolean().optional(),
  retryDelaysMs: z.array(z.number().int().min(0).max(3_600_000)).max(20).optional(),
});
export type WebhookModeInput = z.infer<typeof webhookModeInputSchema>;

export const createStoreInputSchema = z.strictObject({
  hash: z.string().regex(/^[a-z0-9]{3,20}$/).optional(),
  name: z.string().min(1).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  is_price_entered_with_tax: z.boolean().optional(),
  owner_email: z.string().min(3).optional(),
  seed: z.boolean().optional(),
});

export const addUserInputSchema = z.strictObject({
  email: z.string().min(3),
  username: z.string().optional(),
  locale: z.string().optional(),
  role: z.enum(['authorized', 'user']).optional(),
});

export interface SandboxAdmin {
  createStore(input?: z.infer<typeof createStoreInputSchema>): Store;
  /** Starts an install as `userId` (default: owner): the URL the control panel loads in its iframe. */
  install(storeHash: string, userId?: number): { code: string; authCallbackUrl: string };
  loadUrl(storeHash: string, userId?: number, options?: { url?: string; channelId?: number | null }): string;
  uninstall(storeHash: string, userId?: number): Promise<CallbackResult>;
  addUser(storeHash: string, input: { email: string; username?: string; locale?: string; role?: Exclude<UserRole, 'owner'> }): StoreUser;
  removeUser(storeHash: string, userId: number): Promise<CallbackResult | null>;
  /** Store-level API token without the OAuth dance (for tests of API clients). */
  createApiAccount(storeHash: string, input?: { clientId?: string; scope?: string }): { accessToken: string; clientId: string; scope: string };
  /** Fires store/app/uninstalled (store cancellation). */
  cancelStore(storeHash: string): void;
  createOrder(storeHash: string, input: unknown): Order;
  editOrder(storeHash: string, orderId: number, input: unknown): Order;
  payOrder(storeHash: string, orderId: number): Order;
  cancelOrder(storeHash: string, orderId: number): Order;
  archiveOrder(storeHash: string, orderId: number): Order;
  refundOrder(storeHash: string, orderId: number, input?: unknown): Refund;
  shipOrder(storeHash: string, orderId: number, input?: unknown): Shipment;
  createCustomer(storeHash: string, input: unknown): Customer;
  updateCustomer(storeHash: string, customerId: number, input: unknown): Customer;
  deleteCustomer(storeHash: string, customerId: number): void;
  addCustomerAddress(storeHash: string, customerId: number, input: unknown): CustomerAddress;
  updateCustomerAddress(storeHash: string, customerId: number, addressId: number, input: unknown): CustomerAddress;
  deleteCustomerAddress(storeHash: string, customerId: number, addressId: number): void;
  /** Fires any webhook event (for scopes the model does not produce itself). */
  emit(storeHash: string, scope: string, data: Record<string, unknown>): void;
  configure(input: ConfigInput): RuntimeConfig;
  setWebhookMode(input: WebhookModeInput): WebhookMode & { retryDelaysMs: number[] };
  flushWebhooks(): number;
}

export interface AdminDeps {
  ctx: ModelContext;
  lifecycle: AppLifecycle;
  webhooks: WebhookDispatcher;
  limiter: RateLimiter;
  baseUrl(): string;
}

export function createAdmin(deps: AdminDeps): SandboxAdmin {
  const { ctx, lifecycle, webhooks } = deps;
  return {
    createStore(input = {}) {
      const parsed = parseInput(createStoreInputSchema, input);
      const storeInput: CreateStoreInput = {
        ...(parsed.hash ? { hash: parsed.hash } : {}),
        ...(parsed.name ? { name: parsed.name } : {}),
        ...(parsed.currency ? { currency: parsed.currency } : {}),
        ...(parsed.is_price_entered_with_tax !== undefined ? { isPriceEnteredWithTax: parsed.is_price_entered_with_tax } : {}),
        ...(parsed.owner_email ? { owner: { email: parsed.owner_email } } : {}),
        ...(parsed.seed !== undefined ? { seed: parsed.seed } : {}),
      };
      if (parsed.hash && ctx.state.stores.has(parsed.hash)) throw new SandboxInputError(`store ${parsed.hash} already exists`, 409);
      return createStore(ctx.state, deps.baseUrl(), storeInput, ctx.now());
    },
    install: (storeHash, userId) => {
      const { code, authCallbackUrl } = lifecycle.beginInstall(storeHash, userId);
      return { code, authCallbackUrl };
    },
    loadUrl: (storeHash, userId, options = {}) => lifecycle.loadUrl(storeHash, userId, options.url, options.channelId),
    uninstall: (storeHash, userId) => lifecycle.uninstall(storeHash, userId),
    addUser: (storeHash, input) => lifecycle.addUser(storeHash, parseInput(addUserInputSchema, input)),
    removeUser: (storeHash, userId) => lifecycle.removeUser(storeHash, userId),
    createApiAccount(storeHash, input = {}) {
      const token = lifecycle.createApiAccount(storeHash, input);
      return { accessToken: token.token, clientId: token.clientId, scope: token.scope };
    },
    cancelStore: (storeHash) => lifecycle.cancelStore(storeHash),
    createOrder: (storeHash, input) => createOrder(ctx, storeHash, input),
    editOrder: (storeHash, orderId, input) => editOrder(ctx, storeHash, orderId, input),
    payOrder: (storeHash, orderId) => payOrder(ctx, storeHash, orderId),
    cancelOrder: (storeHash, orderId) => cancelOrder(ctx, storeHash, orderId),
    archiveOrder: (storeHash, orderId) => archiveOrder(ctx, storeHash, orderId),
    refundOrder: (storeHash, orderId, input) => refundOrder(ctx, storeHash, orderId, input),
    shipOrder: (storeHash, orderId, input) => shipOrder(ctx, storeHash, orderId, input),
    createCustomer: (storeHash, input) => createCustomer(ctx, storeHash, input),
    updateCustomer: (storeHash, id, input) => updateCustomer(ctx, storeHash, id, input),
    deleteCustomer: (storeHash, id) => deleteCustomer(ctx, storeHash, id),
    addCustomerAddress: (storeHash, id, input) => addCustomerAddress(ctx, storeHash, id, input),
    updateCustomerAddress: (storeHash, id, addressId, input) => updateCustomerAddress(ctx, storeHash, id, addressId, input),
    deleteCustomerAddress: (storeHash, id, addressId) => deleteCustomerAddress(ctx, storeHash, id, addressId),
    emit(storeHash, scope, data) {
      requireStore(ctx.state, storeHash);
      ctx.emit(storeHash, scope, data);
    },
    configure(raw) {
      const input = parseInput(configInputSchema, raw);
      const config = ctx.state.config;
      if (input.quota !== undefined || input.windowMs !== undefined) {
        config.rateLimit = { quota: input.quota ?? config.rateLimit.quota, windowMs: input.windowMs ?? config.rateLimit.windowMs };
        deps.limiter.reset();
      }
      if (input.latencyMs !== undefined) config.latencyMs = input.latencyMs;
      if (input.fault === null) config.faults = [];
      else if (input.fault) config.faults.push({ status: input.fault.status, remaining: input.fault.count });
      return config;
    },
    setWebhookMode(raw) {
      const { retryDelaysMs, ...mode } = parseInput(webhookModeInputSchema, raw);
      if (retryDelaysMs) webhooks.retryDelaysMs = retryDelaysMs;
      const patch: Partial<WebhookMode> = Object.fromEntries(Object.entries(mode).filter(([, v]) => v !== undefined));
      return { ...webhooks.setMode(patch), retryDelaysMs: webhooks.retryDelaysMs };
    },
    flushWebhooks: () => webhooks.flush(),
  };
}

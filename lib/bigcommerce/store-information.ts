/** GET /v2/store, reduced to the facts the app keeps about a store. */
import { z } from 'zod';
import type { StoreFacts } from '@/lib/firestore/store-repository';
import type { BigCommerceClient } from './bigcommerce-client';
import { BigCommerceUnavailableError } from './bigcommerce-errors';

const storeSchema = z.object({
  id: z.string(),
  store_id: z.number().optional(),
  name: z.string(),
  domain: z.string(),
  secure_url: z.string().optional(),
  control_panel_base_url: z.string().optional(),
  admin_email: z.string().optional(),
  currency: z.string(),
  timezone: z
    .object({ name: z.string(), raw_offset: z.number(), dst_offset: z.number() })
    .partial()
    .optional(),
  is_price_entered_with_tax: z.boolean().optional(),
  plan_name: z.string().optional(),
});

export async function readStoreFacts(client: BigCommerceClient): Promise<StoreFacts> {
  const parsed = storeSchema.safeParse(await client.get('/v2/store'));
  if (!parsed.success) throw new BigCommerceUnavailableError('GET /v2/store: unexpected response shape');
  const store = parsed.data;
  return {
    storeId: String(store.store_id ?? ''),
    name: store.name,
    domain: store.domain,
    secureUrl: store.secure_url ?? `https://${store.domain}`,
    controlPanelBaseUrl: store.control_panel_base_url ?? '',
    adminEmail: store.admin_email ?? '',
    currency: store.currency,
    timezone: {
      name: store.timezone?.name ?? 'UTC',
      rawOffsetSeconds: store.timezone?.raw_offset ?? 0,
      dstOffsetSeconds: store.timezone?.dst_offset ?? 0,
    },
    isPriceEnteredWithTax: store.is_price_entered_with_tax ?? false,
    planName: store.plan_name ?? '',
  };
}

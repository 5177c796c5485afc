/**
 * Browser side of the settings page's writes: saving the form (whose 400/422 answers carry the fields to
 * fix, which apiFetch would drop) and the items section's actions.
 */
import type { ItemActionResult } from '@/lib/settings/item-mappings';
import type { FieldError } from '@/lib/settings/settings-validation';
import type { SyncSettings } from '@/lib/sync/sync-settings';
import { apiFetch } from './use-api';

export const SETTINGS_API = '/api/app/settings';
export const ITEMS_API = '/api/app/items';
export const QUICKBOOKS_ITEMS_API = '/api/app/quickbooks/items';

/** What the form sends: everything but `live` and `startDate`, which onboarding owns (the API keeps them). */
export type SettingsForm = Omit<SyncSettings, 'live' | 'startDate'>;

export type SaveOutcome = { ok: true; settings: SyncSettings } | { ok: false; status: number; message: string; fields: FieldError[] };

export async function saveSettingsRequest(token: string, form: SettingsForm): Promise<SaveOutcome> {
  let response: Response;
  try {
    response = await fetch(SETTINGS_API, {
      method: 'PUT',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(form),
    });
  } catch {
    return { ok: false, status: 0, message: 'The app could not be reached. Check your connection and try again.', fields: [] };
  }
  const body = (await response.json().catch(() => undefined)) as
    | { settings?: SyncSettings; error?: { message?: string; fields?: FieldError[] } }
    | undefined;
  if (response.ok && body?.settings) return { ok: true, settings: body.settings };
  return {
    ok: false,
    status: response.status,
    message: body?.error?.message ?? `Saving failed (${response.status}). Please try again.`,
    fields: body?.error?.fields ?? [],
  };
}

export type ItemActionRequest =
  | { action: 'auto-match'; skus?: string[] }
  | { action: 'map'; sku: string; name?: string; itemId: string }
  | { action: 'create'; skus: string[]; incomeAccountId?: string }
  | { action: 'unmap'; sku: string; name?: string };

export function itemActionRequest(token: string, request: ItemActionRequest): Promise<ItemActionResult> {
  return apiFetch<ItemActionResult>(ITEMS_API, token, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
}

/**
 * The onboarding checklist's actions: accept the default settings as they are (the merchant reviewed them),
 * pick the start date (orders placed before it are left to backfill), go live, and pause. Going live needs
 * a working QuickBooks connection and a start date; the answer says which is missing. Orders placed since the
 * start date while the app was not live were looked at and skipped, so going live catches them up with a
 * backfill from the start date to today (exactly once, like every posting).
 */
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import type { AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { HttpError } from '@/lib/http/api-route';
import { IsoDaySchema } from '@/lib/sync/iso-day';
import { storeDate } from '@/lib/sync/mappers/document-common';
import { startBackfill, type BackfillView } from '@/lib/sync/backfill';

export const OnboardingActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept-defaults') }),
  z.object({ action: z.literal('start-date'), startDate: IsoDaySchema }),
  z.object({ action: z.literal('go-live') }),
  z.object({ action: z.literal('pause') }),
]);
export type OnboardingAction = z.infer<typeof OnboardingActionSchema>;

export interface OnboardingResult {
  live: boolean;
  startDate: string | null;
  /** Going live with a start date in the past: the catch-up backfill that was started. */
  catchUp?: BackfillView;
}

export async function applyOnboardingAction(deps: AppDeps, auth: AuthenticatedRequest, input: unknown): Promise<OnboardingResult> {
  const action = OnboardingActionSchema.parse(input);
  const { storeHash } = auth;
  const settings = await deps.sync.settings.get(storeHash);
  const wasLive = settings.live;
  switch (action.action) {
    case 'accept-defaults':
      break;
    case 'start-date':
      settings.startDate = action.startDate;
      break;
    case 'go-live': {
      const connection = await deps.quickbooks.connections.get(storeHash);
      if (connection?.status !== 'connected') throw new HttpError(409, 'Connect QuickBooks before going live.');
      if (!settings.startDate) throw new HttpError(409, 'Pick the date to start from before going live (older orders can be backfilled).');
      settings.live = true;
      break;
    }
    case 'pause':
      settings.live = false;
      break;
  }
  const saved = await deps.sync.settings.save(storeHash, settings, auth.user.id);
  const result: OnboardingResult = { live: saved.live, startDate: saved.startDate };
  if (action.action === 'go-live' && !wasLive) {
    const today = storeDate(new Date().toISOString(), auth.store.facts?.timezone ?? 'UTC');
    const running = (await deps.sync.backfills.get(storeHash))?.status === 'running';
    if (saved.startDate && saved.startDate <= today && !running) {
      result.catchUp = await startBackfill(deps, auth, { from: saved.startDate, to: today, dryRun: false });
    }
  }
  return result;
}

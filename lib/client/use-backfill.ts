/**
 * The store's backfill from the browser: its state from GET /api/app/backfill, polled every couple of seconds
 * while it runs (and not at all otherwise), and the start / cancel / resume actions, each answering with the new
 * state so the page updates at once.
 */
import { useCallback, useState } from 'react';
import type { BackfillView } from '@/lib/sync/backfill';
import { apiFetch, useApi } from './use-api';
import { useSession } from './session-context';

export const BACKFILL_POLL_MS = 1_500;

export interface StartBackfill {
  from: string;
  to: string;
  dryRun: boolean;
}

type Action = 'start' | 'cancel' | 'resume';

export function useBackfill() {
  const { state } = useSession();
  const token = state.status === 'ready' ? state.session.token : undefined;
  const swr = useApi<{ backfill: BackfillView | null }>('/api/app/backfill', {
    refreshInterval: (latest) => (latest?.backfill?.status === 'running' ? BACKFILL_POLL_MS : 0),
  });
  const { mutate } = swr;
  const [busy, setBusy] = useState<Action | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();

  const act = useCallback(
    async (action: Action, init: RequestInit) => {
      if (!token) return;
      setBusy(action);
      setActionError(undefined);
      try {
        const answer = await apiFetch<{ backfill: BackfillView | null }>('/api/app/backfill', token, init);
        await mutate(answer, { revalidate: false });
      } catch (failure) {
        setActionError((failure as Error).message);
        // Someone else may have changed it meanwhile (409): show what is true now.
        await mutate();
      } finally {
        setBusy(undefined);
      }
    },
    [token, mutate],
  );

  return {
    ...swr,
    backfill: swr.data?.backfill ?? null,
    busy,
    actionError,
    clearActionError: useCallback(() => setActionError(undefined), []),
    start: (input: StartBackfill) =>
      act('start', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) }),
    cancel: () => act('cancel', { method: 'DELETE' }),
    resume: () => act('resume', { method: 'PUT' }),
  };
}

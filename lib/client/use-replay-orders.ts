/**
 * The "Retry" action of the activity pages: POST /api/app/activity/replay with the session token, then refresh
 * every cached activity answer (list pages and timelines) so the new state shows at once.
 */
import { useCallback, useState } from 'react';
import { useSWRConfig } from 'swr';
import type { ReplayOrdersResult } from '@/lib/activity/replay-orders';
import { apiFetch } from './use-api';
import { useSession } from './session-context';

export interface ReplayOrders {
  replay(orderIds: number[]): Promise<ReplayOrdersResult | undefined>;
  busy: boolean;
  error?: string;
  result?: ReplayOrdersResult;
  dismiss(): void;
}

/** useApi keys are [path, token]; activity answers all live under this path. */
const isActivityKey = (key: unknown) => Array.isArray(key) && typeof key[0] === 'string' && key[0].startsWith('/api/app/activity');

export function useReplayOrders(): ReplayOrders {
  const { state } = useSession();
  const { mutate } = useSWRConfig();
  const token = state.status === 'ready' ? state.session.token : undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<ReplayOrdersResult | undefined>();

  const replay = useCallback(
    async (orderIds: number[]) => {
      if (!token || orderIds.length === 0) return undefined;
      setBusy(true);
      setError(undefined);
      setResult(undefined);
      try {
        const answer = await apiFetch<ReplayOrdersResult>('/api/app/activity/replay', token, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ orderIds }),
        });
        setResult(answer);
        await mutate(isActivityKey);
        return answer;
      } catch (failure) {
        setError((failure as Error).message);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [token, mutate],
  );

  const dismiss = useCallback(() => {
    setError(undefined);
    setResult(undefined);
  }, []);

  return { replay, busy, ...(error !== undefined ? { error } : {}), ...(result ? { result } : {}), dismiss };
}

/** SWR over the app's own API routes; every request carries the in-memory session token. */
import useSWR, { type SWRConfiguration } from 'swr';
import { useSession } from './session-context';

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function apiFetch<T>(path: string, token: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...init.headers },
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message =
      (body as { error?: { message?: string } } | undefined)?.error?.message ?? `Request failed (${response.status})`;
    throw new ApiError(response.status, message);
  }
  return body as T;
}

export function useApi<T>(path: string | null, config?: SWRConfiguration<T, ApiError>) {
  const { state } = useSession();
  const token = state.status === 'ready' ? state.session.token : undefined;
  return useSWR<T, ApiError>(path && token ? [path, token] : null, ([url, bearer]: [string, string]) => apiFetch<T>(url, bearer), config);
}

/**
 * SWR over the support API (/api/support/*). The support view is a top-level page on the app's origin, so the
 * browser sends the HttpOnly session cookie itself (same-origin); there is no token in memory, unlike the app in
 * the iframe (lib/client/use-api.ts). Answers are not refetched on window focus: every view is a staff-audited
 * action, and support data is refreshed on demand.
 */
import useSWR, { type SWRConfiguration } from 'swr';

export class SupportApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    /** Seconds, from Retry-After on a 429. */
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SupportApiError';
  }
}

export async function supportFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(path, {
    ...rest,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(json === undefined ? {} : { 'Content-Type': 'application/json' }), ...rest.headers },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new SupportApiError(
      response.status,
      error?.code ?? 'error',
      error?.message ?? `Request failed (${response.status})`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return body as T;
}

export function useSupportApi<T>(path: string | null, config?: SWRConfiguration<T, SupportApiError>) {
  return useSWR<T, SupportApiError>(path, (url: string) => supportFetch<T>(url), {
    revalidateOnFocus: false,
    // A 4xx will not get better by asking again.
    shouldRetryOnError: (error: SupportApiError) => error.status >= 500,
    ...config,
  });
}

export interface SupportSessionView {
  username: string;
  expiresAt: string;
}

export const SUPPORT_SESSION_API = '/api/support/session';

/** Who is signed in; `error.status === 401` means nobody (show the sign-in form). */
export function useSupportSession() {
  return useSupportApi<SupportSessionView>(SUPPORT_SESSION_API);
}

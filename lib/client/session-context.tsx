/**
 * Browser side of the iframe session (see lib/app-session/session-token.ts): redeem the one-time
 * `exchange` code from the URL, drop it from the address bar, keep the token in memory only, and renew it
 * before it expires while the page stays open.
 */
import { useRouter } from 'next/router';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ClientSession {
  token: string;
  expiresAt: number;
  storeHash: string;
  userId: number;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'ready'; session: ClientSession }
  | { status: 'missing' }
  | { status: 'expired' }
  | { status: 'signed-out' };

interface SessionContextValue {
  state: SessionState;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue>({ state: { status: 'loading' }, signOut: () => undefined });

const RENEW_BEFORE_MS = 5 * 60 * 1000;

async function requestSession(init: RequestInit): Promise<ClientSession | undefined> {
  const response = await fetch('/api/app/session', { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });
  return response.ok ? ((await response.json()) as ClientSession) : undefined;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const redeemed = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!router.isReady) return;
    const code = typeof router.query.exchange === 'string' ? router.query.exchange : undefined;
    if (!code) {
      setState((current) => (current.status === 'loading' ? { status: 'missing' } : current));
      return;
    }
    if (redeemed.current === code) return;
    redeemed.current = code;
    void requestSession({ method: 'POST', body: JSON.stringify({ code }) })
      .then((session) => {
        setState(session ? { status: 'ready', session } : { status: 'expired' });
        const { exchange: _exchange, ...rest } = router.query;
        void router.replace({ pathname: router.pathname, query: rest }, undefined, { shallow: true });
      })
      .catch(() => setState({ status: 'expired' }));
  }, [router, router.isReady, router.query.exchange]);

  const token = state.status === 'ready' ? state.session.token : undefined;
  const expiresAt = state.status === 'ready' ? state.session.expiresAt : undefined;
  useEffect(() => {
    if (!token || !expiresAt) return;
    const timer = setTimeout(
      () => {
        void requestSession({ method: 'PUT', headers: { Authorization: `Bearer ${token}` } })
          .then((session) => setState(session ? { status: 'ready', session } : { status: 'expired' }))
          .catch(() => setState({ status: 'expired' }));
      },
      Math.max(expiresAt - Date.now() - RENEW_BEFORE_MS, 10_000),
    );
    return () => clearTimeout(timer);
  }, [token, expiresAt]);

  const signOut = useCallback(() => setState({ status: 'signed-out' }), []);
  const value = useMemo(() => ({ state, signOut }), [state, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  return useContext(SessionContext);
}

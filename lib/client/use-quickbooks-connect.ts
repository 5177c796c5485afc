/**
 * Connect-to-QuickBooks from inside the control-panel iframe. Intuit's consent cannot be framed, so it
 * opens in a popup: the window is opened synchronously on the click (popup blockers only allow that),
 * then pointed at the authorize URL once the app has issued a state. The callback page posts its outcome
 * to our origin and closes; if the opener link is lost (some browsers sever it across origins) we notice
 * the popup closing and re-read the connection instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSWRConfig } from 'swr';
import { apiFetch } from './use-api';
import { useSession } from './session-context';

export const CONNECTION_API = '/api/app/quickbooks/connection';

export interface ConnectNotice {
  outcome: 'connected' | 'denied' | 'company_mismatch' | 'invalid_state' | 'failed' | 'popup_blocked' | 'closed';
  title: string;
  message: string;
  /** When the popup was blocked: the consent URL to open from a real link. */
  authorizeUrl?: string;
}

interface CallbackMessage {
  source: 'qbo-sync';
  type: 'quickbooks-connect';
  outcome: Exclude<ConnectNotice['outcome'], 'popup_blocked' | 'closed'>;
  title: string;
  message: string;
}

function isCallbackMessage(data: unknown): data is CallbackMessage {
  const value = data as Partial<CallbackMessage> | null;
  return value?.source === 'qbo-sync' && value.type === 'quickbooks-connect' && typeof value.outcome === 'string';
}

export function useQuickBooksConnect() {
  const { state } = useSession();
  const { mutate } = useSWRConfig();
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<ConnectNotice | undefined>();
  const popupRef = useRef<Window | null>(null);
  const token = state.status === 'ready' ? state.session.token : undefined;

  const refresh = useCallback(
    () => mutate((key) => Array.isArray(key) && typeof key[0] === 'string' && key[0].startsWith('/api/app/')),
    [mutate],
  );

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || !isCallbackMessage(event.data)) return;
      const { outcome, title, message } = event.data;
      // The popup's own words end with "close this window"; here the merchant is already back in the app.
      setNotice({ outcome, title, message: outcome === 'connected' ? 'Orders, refunds and customers now post to this company.' : message });
      setPending(false);
      void refresh();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [refresh]);

  useEffect(() => {
    if (!pending) return undefined;
    const timer = window.setInterval(() => {
      if (!popupRef.current) {
        // Consent runs in a tab we cannot see (popup blocked, link opened): keep re-reading the connection.
        void refresh();
      } else if (popupRef.current.closed) {
        popupRef.current = null;
        setPending(false);
        void refresh();
      }
    }, 2500);
    return () => window.clearInterval(timer);
  }, [pending, refresh]);

  const connect = useCallback(
    async (options: { allowCompanySwitch?: boolean } = {}) => {
      if (!token) return;
      setNotice(undefined);
      const popup = window.open('', 'qbo-connect', 'popup,width=560,height=720');
      popupRef.current = popup;
      setPending(true);
      try {
        const { authorizeUrl } = await apiFetch<{ authorizeUrl: string }>('/api/app/quickbooks/connect', token, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ allowCompanySwitch: options.allowCompanySwitch ?? false }),
        });
        if (!popup || popup.closed) {
          popupRef.current = null;
          setNotice({
            outcome: 'popup_blocked',
            title: 'Your browser blocked the QuickBooks window',
            message: 'Open QuickBooks with the link below; this page updates when you are done.',
            authorizeUrl,
          });
          return;
        }
        popup.location.href = authorizeUrl;
        popup.focus();
      } catch (error) {
        popup?.close();
        setPending(false);
        setNotice({
          outcome: 'failed',
          title: 'Could not start connecting QuickBooks',
          message: error instanceof Error ? error.message : 'Please try again.',
        });
      }
    },
    [token],
  );

  /** Stop waiting (the merchant gave up, or the connection is known to have changed). */
  const settle = useCallback(() => {
    popupRef.current = null;
    setPending(false);
  }, []);

  return { connect, pending, settle, notice, dismiss: () => setNotice(undefined) };
}

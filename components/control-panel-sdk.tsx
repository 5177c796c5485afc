/**
 * BigCommerce's control-panel SDK keeps the merchant's control-panel session alive while the app is used
 * and tells us when they log out. It is optional: offline, or if the CDN is unreachable, the app works
 * without it. The script URL comes from the server config through /api/bc-sdk (a redirect).
 */
import Script from 'next/script';
import { useEffect } from 'react';
import { useSession } from '@/lib/client/session-context';

declare global {
  interface Window {
    bcAsyncInit?: () => void;
    Bigcommerce?: { init(options: { onLogout?: () => void }): void };
  }
}

export function ControlPanelSdk() {
  const { signOut } = useSession();
  useEffect(() => {
    window.bcAsyncInit = () => window.Bigcommerce?.init({ onLogout: signOut });
    // The SDK calls bcAsyncInit when it loads; if it loaded first, initialise now.
    if (window.Bigcommerce) window.bcAsyncInit();
    return () => {
      window.bcAsyncInit = undefined;
    };
  }, [signOut]);
  return <Script src="/api/bc-sdk" strategy="afterInteractive" onError={() => undefined} />;
}

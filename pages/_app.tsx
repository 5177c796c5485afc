import { GlobalStyles } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import type { AppProps } from 'next/app';
import Head from 'next/head';
import { ThemeProvider } from 'styled-components';
import { ControlPanelSdk } from '@/components/control-panel-sdk';
import { SessionProvider } from '@/lib/client/session-context';

export default function App({ Component, pageProps, router }: AppProps) {
  // The support view is a normal top-level page for staff, not the app in the control panel: no iframe session,
  // no BigCommerce control-panel SDK.
  const inControlPanel = !/^\/support(\/|$)/.test(router.pathname);
  return (
    <ThemeProvider theme={theme}>
      <Head>
        <title>QuickBooks Sync</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <GlobalStyles />
      {inControlPanel ? (
        <SessionProvider>
          <ControlPanelSdk />
          <Component {...pageProps} />
        </SessionProvider>
      ) : (
        <Component {...pageProps} />
      )}
    </ThemeProvider>
  );
}

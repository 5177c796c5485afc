import { GlobalStyles } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import type { AppProps } from 'next/app';
import Head from 'next/head';
import { ThemeProvider } from 'styled-components';
import { ControlPanelSdk } from '@/components/control-panel-sdk';
import { SessionProvider } from '@/lib/client/session-context';

export default function App({ Component, pageProps }: AppProps) {
  return (
    <ThemeProvider theme={theme}>
      <Head>
        <title>QuickBooks Sync</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <GlobalStyles />
      <SessionProvider>
        <ControlPanelSdk />
        <Component {...pageProps} />
      </SessionProvider>
    </ThemeProvider>
  );
}

/**
 * Test support for the sandbox's own tests (and for app tests that need a BigCommerce counterpart):
 * a recording HTTP receiver (webhooks, app callbacks) and a minimal stand-in app that completes the
 * OAuth install the way a real app must.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppRegistration } from './app-lifecycle';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Decides each response status (default 200). Receives the 0-based index of the request. */
  respond: (req: ReceivedRequest, index: number) => number | Promise<number>;
  waitFor(predicate: (requests: ReceivedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: { predicate: (r: ReceivedRequest[]) => boolean; resolve: () => void }[] = [];
  const receiver: Partial<Receiver> = { requests, respond: () => 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const index = requests.length;
      requests.push(entry);
      Promise.resolve(receiver.respond!(entry, index)).then((status) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end('{}');
        for (const w of [...waiters]) {
          if (w.predicate(requests)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}`;
  receiver.waitFor = (predicate, timeoutMs = 10_000) =>
    predicate(requests)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`receiver: condition not met after ${timeoutMs} ms (${requests.length} requests)`)), timeoutMs);
          waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
        });
  receiver.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver as Receiver;
}

export interface FakeApp {
  app: AppRegistration;
  receiver: Receiver;
  /** Tokens the app obtained, by store hash. */
  tokens: Map<string, { access_token: string; scope: string; user: { id: number } }>;
  /** Responses of /oauth2/token as the app saw them. */
  exchanges: { status: number; body: Record<string, unknown> }[];
  stop(): Promise<void>;
}

/**
 * A minimal app: its auth callback exchanges the code at the sandbox's /oauth2/token (as a real app must
 * before answering), other callbacks just answer 200. Call `bindSandbox` once the sandbox URL is known.
 */
export async function startFakeApp(options: { clientId?: string; clientSecret?: string } = {}): Promise<FakeApp & { bindSandbox(loginUrl: string): void }> {
  const receiver = await startReceiver();
  let loginUrl = '';
  const tokens: FakeApp['tokens'] = new Map();
  const exchanges: FakeApp['exchanges'] = [];
  const app: AppRegistration = {
    name: 'Test App',
    clientId: options.clientId ?? 'test-client-id',
    clientSecret: options.clientSecret ?? 'test-client-secret-0123456789',
    authCallbackUrl: `${receiver.url}/api/bigcommerce/auth`,
    loadCallbackUrl: `${receiver.url}/api/bigcommerce/load`,
    uninstallCallbackUrl: `${receiver.url}/api/bigcommerce/uninstall`,
    removeUserCallbackUrl: `${receiver.url}/api/bigcommerce/remove-user`,
  };
  receiver.respond = async (req) => {
    const url = new URL(req.url, receiver.url);
    if (url.pathname !== '/api/bigcommerce/auth') return 200;
    const response = await fetch(`${loginUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: url.searchParams.get('code'),
        context: url.searchParams.get('context'),
        scope: url.searchParams.get('scope'),
        grant_type: 'authorization_code',
        redirect_uri: app.authCallbackUrl,
      }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    exchanges.push({ status: response.status, body });
    if (response.ok && typeof body.context === 'string' && typeof body.access_token === 'string') {
      const user = body.user as { id?: unknown } | undefined;
      tokens.set(body.context.replace('stores/', ''), { access_token: body.access_token, scope: String(body.scope), user: { id: Number(user?.id) } });
    }
    return response.ok ? 200 : 500;
  };
  return {
    app,
    receiver,
    tokens,
    exchanges,
    bindSandbox: (url) => {
      loginUrl = url;
    },
    stop: () => receiver.stop(),
  };
}

export interface ApiResult {
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  json(): unknown;
}

/** fetch against the sandbox's REST API with a token. */
export async function apiCall(baseUrl: string, storeHash: string, token: string | null, method: string, path: string, body?: unknown): Promise<ApiResult> {
  const response = await fetch(`${baseUrl}/stores/${storeHash}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(token ? { 'X-Auth-Token': token } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, contentType: response.headers.get('content-type'), text, json: () => JSON.parse(text) as unknown };
}

export const FULL_SCOPE = [
  'store_v2_orders',
  'store_v2_transactions',
  'store_v2_customers',
  'store_v2_products',
  'store_inventory',
  'store_v2_information',
].join(' ');

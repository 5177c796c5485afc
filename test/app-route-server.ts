/**
 * Serves the app's real Next.js API route modules over loopback HTTP through Next's own API resolver
 * (body parsing, req.query, res.json/redirect), without a `next build`. Integration tests and the
 * BigCommerce sandbox talk to it exactly as they would to the deployed app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextApiHandler } from 'next';
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver';

export interface RouteModule {
  default: NextApiHandler;
  config?: unknown;
}

export interface RouteServer {
  url: string;
  stop(): Promise<void>;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

export async function startRouteServer(routes: Record<string, RouteModule>): Promise<RouteServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes[url.pathname];
    if (!route) {
      res.statusCode = 404;
      res.end('Not Found');
      return;
    }
    void apiResolver(req, res, queryOf(url), route, { dev: false, previewModeId: '', previewModeEncryptionKey: '', previewModeSigningKey: '' }, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What the suite checks behind the browser's back, over the sandboxes' HTTP APIs only (the app runs in another
 * process): the BigCommerce sandbox's /__sandbox controls, and the QuickBooks company's books, read through the
 * Accounting API with a grant of their own (like an accountant's second app) so the app's tokens stay untouched.
 */
import { connectSandbox, qboApi, type SandboxTokens } from '@/sandboxes/quickbooks/sandbox-client';
import type { AppUnderTest } from './app-under-test';

export async function sandboxJson<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /__sandbox${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface QuickBooksDocument {
  Id: string;
  DocNumber?: string;
  TotalAmt?: number;
  TxnDate?: string;
  Line?: Array<{ DetailType?: string; SalesItemLineDetail?: { ItemRef?: { value?: string; name?: string } } }>;
}

export class QuickBooksBooks {
  private tokens: SandboxTokens | undefined;

  constructor(private readonly app: AppUnderTest) {}

  private endpoints() {
    const url = this.app.quickBooksUrl;
    return { url, authorizeUrl: `${url}/connect/oauth2`, tokenUrl: `${url}/oauth2/v1/tokens/bearer`, apiBaseUrl: `${url}/v3/company/` };
  }

  private async grant(): Promise<SandboxTokens> {
    this.tokens ??= await connectSandbox(this.endpoints(), {
      clientId: 'sandbox-qbo-client-id',
      clientSecret: this.app.secrets.QBO_CLIENT_SECRET ?? '',
      redirectUri: `${this.app.appUrl}/api/quickbooks/callback`,
      realmId: this.app.quickBooksRealmId,
    });
    return this.tokens;
  }

  /** `select * from <entity> [where …]`, every row (the suite's companies are small). */
  async query<T = QuickBooksDocument>(entity: string, where = ''): Promise<T[]> {
    const statement = `select * from ${entity}${where ? ` where ${where}` : ''} maxresults 1000`;
    const result = await qboApi(this.endpoints(), await this.grant(), 'GET', `query?query=${encodeURIComponent(statement)}`);
    if (result.status !== 200) throw new Error(`QuickBooks query "${statement}" answered ${result.status}: ${result.text.slice(0, 300)}`);
    const response = (result.json?.QueryResponse ?? {}) as Record<string, unknown>;
    return (response[entity] as T[] | undefined) ?? [];
  }

  /** What the bookkeeper does in QuickBooks itself, e.g. add an item. Returns the created entity. */
  async create<T = Record<string, unknown>>(entity: string, body: Record<string, unknown>): Promise<T> {
    const result = await qboApi(this.endpoints(), await this.grant(), 'POST', entity.toLowerCase(), body);
    if (result.status !== 200) throw new Error(`QuickBooks create ${entity} answered ${result.status}: ${result.text.slice(0, 300)}`);
    return result.json?.[entity] as T;
  }
}

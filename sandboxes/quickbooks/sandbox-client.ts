/**
 * A few lines of HTTP for tests and benchmarks that need a connected realm without a browser: runs the
 * consent page (Approve), exchanges the code at the token endpoint, and makes raw v3 calls. The app's own
 * code should go through intuit-oauth / node-quickbooks instead; this exists so suites can set up fast.
 */
export interface SandboxEndpoints {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
}

export interface ConnectOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  realmId?: string;
  scope?: string;
  state?: string;
}

export interface SandboxTokens {
  accessToken: string;
  refreshToken: string;
  realmId: string;
  expiresIn: number;
  idToken?: string;
}

/** The consent form's hidden id, from the authorize page HTML. */
export function consentIdFrom(html: string): string {
  const m = /name="consent_id" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no consent form on the page');
  return m[1];
}

/** Consent (Approve) → redirect with ?code&state&realmId. Returns the redirect URL. */
export async function approveConsent(sandbox: SandboxEndpoints, options: ConnectOptions & { decision?: 'approve' | 'deny' }): Promise<URL> {
  const authorize = new URL(sandbox.authorizeUrl);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    scope: options.scope ?? 'com.intuit.quickbooks.accounting',
    redirect_uri: options.redirectUri,
    state: options.state ?? 'sandbox-state',
  }).toString();
  return decideConsent(sandbox, authorize.toString(), options);
}

/**
 * What a merchant does in the consent window: open an authorize URL (e.g. the one an app built), pick the
 * company, approve or deny. Returns where the sandbox sends the browser back to (the app's redirect URI).
 */
export async function decideConsent(
  sandbox: Pick<SandboxEndpoints, 'url'>,
  authorizeUrl: string,
  options: { realmId?: string; decision?: 'approve' | 'deny' } = {},
): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${html.slice(0, 200)}`);
  const realmId = options.realmId ?? /name="realmId"[^>]*value="([^"]+)"|<option value="([^"]+)"/.exec(html)?.slice(1).find(Boolean) ?? '';
  const form = new URLSearchParams({ consent_id: consentIdFrom(html), realmId, decision: options.decision ?? 'approve' });
  const answer = await fetch(new URL('/connect/oauth2/consent', sandbox.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status}`);
  return new URL(location);
}

/** Full connection: consent, then the authorization_code grant (Basic client auth, like intuit-oauth). */
export async function connectSandbox(sandbox: SandboxEndpoints, options: ConnectOptions): Promise<SandboxTokens> {
  const callback = await approveConsent(sandbox, options);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.toString()}`);
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri }).toString(),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(json)}`);
  return {
    accessToken: String(json.access_token),
    refreshToken: String(json.refresh_token),
    realmId: callback.searchParams.get('realmId') ?? '',
    expiresIn: Number(json.expires_in),
    ...(typeof json.id_token === 'string' ? { idToken: json.id_token } : {}),
  };
}

export interface ApiResult {
  status: number;
  text: string;
  /** Parsed JSON (undefined for non-JSON answers such as the XML auth fault). */
  json: Record<string, unknown> | undefined;
}

/** Raw v3 call: `path` is relative to the realm, e.g. 'invoice?requestid=1' or 'query?query=…'. */
export async function qboApi(sandbox: SandboxEndpoints, tokens: Pick<SandboxTokens, 'accessToken' | 'realmId'>, method: string, path: string, body?: unknown): Promise<ApiResult> {
  const url = `${sandbox.apiBaseUrl}${tokens.realmId}/${path}${path.includes('?') ? '&' : '?'}minorversion=75&format=json`;
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${tokens.accessToken}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : typeof body === 'string' ? { 'Content-Type': 'application/text' } : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** First fault code of a v3 answer, whichever envelope Intuit used (Fault / fault). */
export function faultCode(result: ApiResult): string | undefined {
  const fault = (result.json?.Fault ?? result.json?.fault) as { Error?: { code?: string }[]; error?: { code?: string }[] } | undefined;
  return (fault?.Error ?? fault?.error)?.[0]?.code;
}

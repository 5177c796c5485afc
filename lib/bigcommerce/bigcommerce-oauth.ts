/** Exchanges the install callback's one-time code for the store's permanent API token. */
import { z } from 'zod';
import {
  BigCommerceAuthError,
  BigCommerceRequestError,
  BigCommerceUnavailableError,
} from './bigcommerce-errors';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  context: z.string().regex(/^stores\/[a-z0-9]{1,64}$/),
  user: z.object({ id: z.number().int().positive(), email: z.string(), username: z.string().optional() }),
  // The docs' example includes owner; BigCommerce's own newer app omits it from its schema: treat as optional.
  owner: z.object({ id: z.number().int().positive(), email: z.string(), username: z.string().optional() }).optional(),
  account_uuid: z.string().optional(),
});

export type InstallToken = z.infer<typeof tokenResponseSchema>;

export async function exchangeInstallCode(input: {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  scope: string;
  context: string;
  fetchImpl?: typeof fetch;
}): Promise<InstallToken> {
  const fetchImpl = input.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(`${input.loginUrl}/oauth2/token`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_id: input.clientId,
        client_secret: input.clientSecret,
        code: input.code,
        scope: input.scope,
        context: input.context,
        grant_type: 'authorization_code',
        redirect_uri: input.redirectUri,
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new BigCommerceUnavailableError('token exchange: BigCommerce did not answer');
  }
  const text = await response.text();
  if (response.status >= 500) throw new BigCommerceUnavailableError(`token exchange: HTTP ${response.status}`, response.status);
  if (response.status === 401 || response.status === 403) {
    throw new BigCommerceAuthError('token exchange: BigCommerce rejected the app credentials', response.status);
  }
  if (!response.ok) {
    throw new BigCommerceRequestError(`token exchange: BigCommerce rejected the install code (HTTP ${response.status})`, response.status);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BigCommerceUnavailableError('token exchange: response was not JSON');
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new BigCommerceUnavailableError('token exchange: unexpected response shape');
  return parsed.data;
}

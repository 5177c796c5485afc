/**
 * intuit-oauth, wrapped once: authorize URL, one-time code exchange, refresh, revoke. Results are our own
 * TokenSet with absolute expiry times (intuit-oauth's own validity checks trust a createdAt that restored
 * tokens don't carry). invalid_grant becomes ReconnectRequiredError; nothing here logs a token.
 */
import OAuthClient from 'intuit-oauth';

export const QBO_SCOPES = ['com.intuit.quickbooks.accounting'];

export interface IntuitOAuthConfig {
  clientId: string;
  clientSecret: string;
  environment: 'sandbox' | 'production';
  redirectUri: string;
  /** Offline dev and tests point these at the loopback QuickBooks sandbox. */
  endpoints?: { authorizeUrl?: string; tokenUrl?: string; revokeUrl?: string };
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  realmId?: string;
}

/** The grant is gone (revoked, superseded, expired): only the merchant reconnecting can fix it. */
export class ReconnectRequiredError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ReconnectRequiredError';
  }
}

/** Intuit's token endpoint did not answer usefully; try again later (the grant is probably fine). */
export class TokenEndpointUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenEndpointUnavailableError';
  }
}

/** intuit-oauth keeps its endpoints in statics: set them from the config before every use (cheap). */
function applyEndpoints(config: IntuitOAuthConfig) {
  const { authorizeUrl, tokenUrl, revokeUrl } = config.endpoints ?? {};
  if (authorizeUrl) OAuthClient.authorizeEndpoint = authorizeUrl;
  if (tokenUrl) OAuthClient.tokenEndpoint = tokenUrl;
  if (revokeUrl) OAuthClient.revokeEndpoint = revokeUrl;
  // Never replay a refresh on our own: a retried refresh after an ambiguous failure can burn the grant.
  OAuthClient.retryConfig.maxRetries = 0;
}

function client(config: IntuitOAuthConfig): OAuthClient {
  applyEndpoints(config);
  return new OAuthClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    environment: config.environment,
    redirectUri: config.redirectUri,
    logging: false,
  });
}

interface TokenJson {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  x_refresh_token_expires_in?: number;
  realmId?: string;
}

function toTokenSet(json: TokenJson, realmId?: string): TokenSet {
  if (!json.access_token || !json.refresh_token) throw new TokenEndpointUnavailableError('Intuit answered without tokens');
  const now = Date.now();
  return {
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
    accessTokenExpiresAt: now + (json.expires_in ?? 3600) * 1000,
    refreshTokenExpiresAt: now + (json.x_refresh_token_expires_in ?? 8_726_400) * 1000,
    realmId,
  };
}

function translate(error: unknown, action: string): Error {
  const failure = error as { error?: string; error_description?: string; authResponse?: { response?: { status?: number } } };
  if (failure?.error === 'invalid_grant') {
    return new ReconnectRequiredError('QuickBooks no longer accepts this connection (invalid_grant): reconnect QuickBooks.');
  }
  const status = failure?.authResponse?.response?.status;
  if (status === 401 || failure?.error === 'invalid_client') {
    return new ReconnectRequiredError(`QuickBooks rejected the app's credentials while trying to ${action}.`);
  }
  return new TokenEndpointUnavailableError(`QuickBooks token endpoint failed to ${action}${status ? ` (HTTP ${status})` : ''}`);
}

export function authorizeUrl(config: IntuitOAuthConfig, state: string): string {
  return client(config).authorizeUri({ scope: QBO_SCOPES, state });
}

/** Exchanges the callback's code. Call once per code: a second exchange can poison the grant. */
export async function exchangeAuthorizationCode(config: IntuitOAuthConfig, callbackQuery: string): Promise<TokenSet> {
  const oauth = client(config);
  try {
    const response = await oauth.createToken(callbackQuery);
    const json = response.getJson() as TokenJson;
    return toTokenSet(json, oauth.getToken().realmId);
  } catch (error) {
    throw translate(error, 'exchange the authorization code');
  }
}

export async function refreshTokens(config: IntuitOAuthConfig, refreshToken: string): Promise<TokenSet> {
  try {
    const response = await client(config).refreshUsingToken(refreshToken);
    return toTokenSet(response.getJson() as TokenJson);
  } catch (error) {
    throw translate(error, 'refresh the access token');
  }
}

export async function revokeToken(config: IntuitOAuthConfig, refreshToken: string): Promise<void> {
  try {
    await client(config).revoke({ refresh_token: refreshToken });
  } catch (error) {
    const translated = translate(error, 'revoke the connection');
    // Already invalid means already revoked: the goal is met.
    if (!(translated instanceof ReconnectRequiredError)) throw translated;
  }
}

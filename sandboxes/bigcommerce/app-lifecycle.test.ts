import jwt, { type JwtPayload } from 'jsonwebtoken';
import { startBigCommerceSandbox, type BigCommerceSandbox } from './bigcommerce-sandbox';
import { apiCall, startFakeApp, type FakeApp } from './sandbox-test-kit';

let sandbox: BigCommerceSandbox;
let app: FakeApp & { bindSandbox(url: string): void };

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function token(body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.loginUrl}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeEach(async () => {
  app = await startFakeApp();
  sandbox = await startBigCommerceSandbox({ app: { ...app.app, scopes: ['store_v2_orders_read_only', 'store_v2_customers_read_only'] }, authCodeTtlMs: 60_000 });
  app.bindSandbox(sandbox.loginUrl);
});

afterEach(async () => {
  await sandbox.stop();
  await app.stop();
});

describe('install (auth callback + token exchange)', () => {
  test('the control panel hands the app a single-use code; the token response has every documented field', async () => {
    const hash = sandbox.storeHash;
    const install = await admin('POST', `/stores/${hash}/install`, {});
    expect(install.status).toBe(200);
    const callback = new URL(String(install.body.auth_callback_url));
    expect(`${callback.origin}${callback.pathname}`).toBe(app.app.authCallbackUrl);
    expect(callback.searchParams.get('context')).toBe(`stores/${hash}`);
    expect(callback.searchParams.get('scope')).toBe('store_v2_orders_read_only store_v2_customers_read_only');
    expect(callback.searchParams.get('account_uuid')).toMatch(/^[0-9a-f-]{36}$/);

    // The browser (iframe) loads the auth callback; the app exchanges the code before answering.
    expect((await fetch(callback)).status).toBe(200);
    const exchange = app.exchanges[0]!;
    const owner = sandbox.state.stores.get(hash)!.users.get(sandbox.state.stores.get(hash)!.ownerId)!;
    expect(exchange.status).toBe(200);
    expect(exchange.body).toEqual({
      access_token: expect.any(String),
      scope: 'store_v2_orders_read_only store_v2_customers_read_only',
      user: { id: owner.id, username: owner.username, email: owner.email },
      owner: { id: owner.id, username: owner.username, email: owner.email },
      context: `stores/${hash}`,
      account_uuid: callback.searchParams.get('account_uuid'),
    });
    expect(sandbox.state.stores.get(hash)!.app.installed).toBe(true);

    // The code is single use.
    const replay = await token({
      client_id: app.app.clientId,
      client_secret: app.app.clientSecret,
      code: callback.searchParams.get('code'),
      context: `stores/${hash}`,
      scope: callback.searchParams.get('scope'),
      grant_type: 'authorization_code',
      redirect_uri: app.app.authCallbackUrl,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    // The token works for the store's API (and only within its scopes).
    const accessToken = String(exchange.body.access_token);
    expect((await apiCall(sandbox.url, hash, accessToken, 'GET', '/v2/orders')).status).toBe(204);
    expect((await apiCall(sandbox.url, hash, accessToken, 'GET', '/v3/catalog/products')).status).toBe(403);
  });

  test('redirect_uri must equal the registered auth callback; client credentials and grant type are checked', async () => {
    const { code } = sandbox.admin.install(sandbox.storeHash);
    const base = { client_id: app.app.clientId, client_secret: app.app.clientSecret, code, grant_type: 'authorization_code', redirect_uri: app.app.authCallbackUrl };
    const wrongRedirect = await token({ ...base, redirect_uri: 'https://evil.example/auth' });
    expect(wrongRedirect).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(String(wrongRedirect.body.error_description)).toMatch(/redirect_uri/);
    expect(await token({ ...base, client_secret: 'nope' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await token({ ...base, client_id: 'someone-else' })).toMatchObject({ status: 401 });
    expect(await token({ ...base, grant_type: 'client_credentials' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await token({ ...base, context: 'stores/other' })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const { code: _unused, ...missingCode } = base;
    expect(await token(missingCode)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    // Failed attempts do not burn the code; the correct request still succeeds, exactly once.
    expect((await token(base)).status).toBe(200);
    expect((await token(base)).status).toBe(400);
  });

  test('expired codes are refused; a re-install revokes the previous token', async () => {
    await sandbox.stop();
    sandbox = await startBigCommerceSandbox({ app: app.app, authCodeTtlMs: 1 });
    app.bindSandbox(sandbox.loginUrl);
    const { code } = sandbox.admin.install(sandbox.storeHash);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const expired = await token({ client_id: app.app.clientId, client_secret: app.app.clientSecret, code, grant_type: 'authorization_code', redirect_uri: app.app.authCallbackUrl });
    expect(expired.status).toBe(400);

    await sandbox.stop();
    sandbox = await startBigCommerceSandbox({ app: app.app });
    app.bindSandbox(sandbox.loginUrl);
    await fetch(sandbox.admin.install(sandbox.storeHash).authCallbackUrl);
    const first = app.tokens.get(sandbox.storeHash)!.access_token;
    await fetch(sandbox.admin.install(sandbox.storeHash).authCallbackUrl);
    const second = app.tokens.get(sandbox.storeHash)!.access_token;
    expect(second).not.toBe(first);
    expect((await apiCall(sandbox.url, sandbox.storeHash, first, 'GET', '/v2/orders')).status).toBe(401);
    expect((await apiCall(sandbox.url, sandbox.storeHash, second, 'GET', '/v2/orders')).status).toBe(204);
  });

  test('plain users cannot install; authorized users can and appear as `user` in the token response', async () => {
    const plain = sandbox.admin.addUser(sandbox.storeHash, { email: 'clerk@example.com' });
    expect((await admin('POST', `/stores/${sandbox.storeHash}/install`, { user_id: plain.id })).status).toBe(403);
    const manager = sandbox.admin.addUser(sandbox.storeHash, { email: 'manager@example.com', role: 'authorized' });
    await fetch(sandbox.admin.install(sandbox.storeHash, manager.id).authCallbackUrl);
    expect(app.exchanges[0]!.body.user).toEqual({ id: manager.id, username: 'manager@example.com', email: 'manager@example.com' });
  });
});

describe('load, uninstall and remove_user', () => {
  async function install(): Promise<string> {
    await fetch(sandbox.admin.install(sandbox.storeHash).authCallbackUrl);
    return app.tokens.get(sandbox.storeHash)!.access_token;
  }

  test('load: HS256 JWT signed with the client secret, with the documented claims and a deep link', async () => {
    await install();
    const store = sandbox.state.stores.get(sandbox.storeHash)!;
    const user = sandbox.admin.addUser(store.hash, { email: 'clerk@example.com', locale: 'fr-FR' });
    const { load_url: loadUrl } = (await admin('POST', `/stores/${store.hash}/load`, { user_id: user.id, url: '/orders/101' })).body;
    const url = new URL(String(loadUrl));
    expect(`${url.origin}${url.pathname}`).toBe(app.app.loadCallbackUrl);
    const token = url.searchParams.get('signed_payload_jwt')!;
    expect(jwt.decode(token, { complete: true })?.header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const claims = jwt.verify(token, app.app.clientSecret, { algorithms: ['HS256'], audience: app.app.clientId, issuer: 'bc' }) as JwtPayload;
    const owner = store.users.get(store.ownerId)!;
    expect(claims).toEqual({
      aud: app.app.clientId,
      iss: 'bc',
      iat: expect.any(Number),
      nbf: claims.iat! - 5,
      exp: claims.iat! + 86_400,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sub: `stores/${store.hash}`,
      user: { id: user.id, email: 'clerk@example.com', locale: 'fr-FR' },
      owner: { id: owner.id, email: owner.email },
      url: '/orders/101',
      channel_id: null,
    });
    expect(() => jwt.verify(token, 'another-secret')).toThrow();

    const custom = sandbox.signSignedPayloadJwt({ storeHash: store.hash, userId: owner.id, channelId: 2, overrides: { aud: 'wrong' }, secret: 'other', expiresInSeconds: 60 });
    expect(jwt.verify(custom, 'other')).toMatchObject({ aud: 'wrong', channel_id: 2, url: '/' });
  });

  test('uninstall: the server calls the uninstall callback, revokes tokens and deletes only this client\'s hooks', async () => {
    const token = await install();
    const hash = sandbox.storeHash;
    await apiCall(sandbox.url, hash, token, 'POST', '/v3/hooks', { scope: 'store/order/created', destination: `${app.receiver.url}/hooks` });
    const other = sandbox.admin.createApiAccount(hash, { clientId: 'other-app' }).accessToken;
    await apiCall(sandbox.url, hash, other, 'POST', '/v3/hooks', { scope: 'store/order/created', destination: `${app.receiver.url}/other` });
    const result = await admin('POST', `/stores/${hash}/uninstall`, {});
    expect(result.body.callback).toMatchObject({ kind: 'uninstall', status: 200 });
    const call = app.receiver.requests.find((r) => r.url.startsWith('/api/bigcommerce/uninstall'))!;
    expect(call.method).toBe('GET');
    const claims = jwt.verify(new URL(call.url, app.receiver.url).searchParams.get('signed_payload_jwt')!, app.app.clientSecret, { audience: app.app.clientId }) as JwtPayload;
    expect(claims.sub).toBe(`stores/${hash}`);
    expect((await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders')).status).toBe(401);
    expect([...sandbox.state.stores.get(hash)!.hooks.values()].map((h) => h.clientId)).toEqual(['other-app']);
    expect(sandbox.state.stores.get(hash)!.app.installed).toBe(false);
    expect((await admin('POST', `/stores/${hash}/load`, {})).status).toBe(422);
  });

  test('uninstall still completes when the app does not answer', async () => {
    await install();
    await app.stop();
    const result = await sandbox.admin.uninstall(sandbox.storeHash);
    expect(result.status).toBeNull();
    expect(result.error).toBeDefined();
    expect(sandbox.state.stores.get(sandbox.storeHash)!.app.installed).toBe(false);
    app = await startFakeApp(); // afterEach stops it again
  });

  test('remove user: deletes the user and calls remove_user with that user\'s JWT; the owner cannot be removed', async () => {
    await install();
    const hash = sandbox.storeHash;
    const user = sandbox.admin.addUser(hash, { email: 'temp@example.com' });
    const removed = await admin('DELETE', `/stores/${hash}/users/${user.id}`);
    expect(removed.body.callback).toMatchObject({ kind: 'remove_user', status: 200, userId: user.id });
    const call = app.receiver.requests.find((r) => r.url.startsWith('/api/bigcommerce/remove-user'))!;
    const claims = jwt.verify(new URL(call.url, app.receiver.url).searchParams.get('signed_payload_jwt')!, app.app.clientSecret) as JwtPayload;
    expect(claims.user).toEqual({ id: user.id, email: 'temp@example.com', locale: 'en-US' });
    expect(sandbox.state.stores.get(hash)!.users.has(user.id)).toBe(false);
    const ownerId = sandbox.state.stores.get(hash)!.ownerId;
    expect((await admin('DELETE', `/stores/${hash}/users/${ownerId}`)).status).toBe(422);
  });

  test('a second store can be created and installed independently; store cancellation fires store/app/uninstalled', async () => {
    const created = await admin('POST', '/stores', { name: 'Second', currency: 'EUR', is_price_entered_with_tax: true });
    expect(created.status).toBe(201);
    const hash = String(created.body.hash);
    expect(hash).toMatch(/^[a-z][a-z0-9]{6}$/);
    await fetch(sandbox.admin.install(hash).authCallbackUrl);
    const token = app.tokens.get(hash)!.access_token;
    expect((await apiCall(sandbox.url, hash, token, 'GET', '/v2/orders')).status).toBe(204);
    expect((await apiCall(sandbox.url, sandbox.storeHash, token, 'GET', '/v2/orders')).status).toBe(401);
    await apiCall(sandbox.url, hash, token, 'POST', '/v3/hooks', { scope: 'store/app/uninstalled', destination: `${app.receiver.url}/hooks` });
    expect((await admin('POST', `/stores/${hash}/cancel`, {})).status).toBe(200);
    await sandbox.webhooksIdle();
    expect(app.receiver.requests.some((r) => r.url === '/hooks' && JSON.parse(r.body).scope === 'store/app/uninstalled')).toBe(true);
  });
});

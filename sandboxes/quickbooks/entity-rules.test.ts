/**
 * Company rules over HTTP (raw fetch through sandbox-client): references, required fields, lengths, closed
 * books, subscription status, non-US tax, payments against invoices, journal entries, voids and deletes,
 * plus the OAuth edge cases and the /__sandbox controls.
 */
import type { JsonObject } from './json';
import { startQuickBooksSandbox, type QuickBooksSandbox } from './quickbooks-sandbox';
import { approveConsent, connectSandbox, faultCode, qboApi, type SandboxTokens } from './sandbox-client';
import { SchemaValidator } from './schema-validator';

const client = { clientId: 'rules-client', clientSecret: 'rules-secret', redirectUri: 'http://127.0.0.1:3999/callback' };

describe('QuickBooks sandbox company rules', () => {
  let sandbox: QuickBooksSandbox;
  let us: SandboxTokens;
  let ca: SandboxTokens;
  let gb: SandboxTokens;
  const validator = new SchemaValidator();
  const api = (tokens: SandboxTokens, method: string, path: string, body?: unknown) => qboApi(sandbox, tokens, method, path, body);
  const entity = (result: { json: Record<string, unknown> | undefined }, name: string) => result.json?.[name] as JsonObject;

  beforeAll(async () => {
    sandbox = await startQuickBooksSandbox({
      ...client,
      redirectUris: [client.redirectUri],
      companies: [
        { realmId: '9130000000000001', country: 'US', name: 'US Co', automatedSalesTax: true },
        { realmId: '9130000000000002', country: 'CA', name: 'CA Co' },
        { realmId: '9130000000000003', country: 'GB', name: 'GB Co', closedThrough: '2025-12-31' },
      ],
    });
    us = await connectSandbox(sandbox, { ...client, realmId: '9130000000000001' });
    ca = await connectSandbox(sandbox, { ...client, realmId: '9130000000000002' });
    gb = await connectSandbox(sandbox, { ...client, realmId: '9130000000000003' });
  });

  afterAll(() => sandbox.stop());

  const customer = async (tokens: SandboxTokens, name: string) => entity(await api(tokens, 'POST', 'customer', { DisplayName: name }), 'Customer');

  it('lists several companies on the consent page and returns the chosen realm', async () => {
    expect(us.realmId).toBe('9130000000000001');
    expect(gb.realmId).toBe('9130000000000003');
    const page = await (await fetch(`${sandbox.authorizeUrl}?client_id=${client.clientId}&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=${encodeURIComponent(client.redirectUri)}&state=s`)).text();
    expect(page).toContain('<select name="realmId"');
    expect(page).toContain('GB Co');
  });

  it('Deny redirects with error=access_denied; unknown client or redirect_uri get an error page, never a redirect', async () => {
    const denied = await approveConsent(sandbox, { ...client, state: 'xyz', decision: 'deny' });
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('xyz');
    expect(denied.searchParams.get('code')).toBeNull();
    const badRedirect = await fetch(`${sandbox.authorizeUrl}?client_id=${client.clientId}&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`, { redirect: 'manual' });
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain('Invalid redirect URI');
    const badClient = await fetch(`${sandbox.authorizeUrl}?client_id=nope&response_type=code&scope=x&redirect_uri=${encodeURIComponent(client.redirectUri)}`, { redirect: 'manual' });
    expect(badClient.status).toBe(400);
  });

  it('authorization codes are single use; a replay also revokes the grant it produced', async () => {
    const callback = await approveConsent(sandbox, client);
    const exchange = () => fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: client.redirectUri }).toString(),
    });
    const first = (await (await exchange()).json()) as { access_token: string };
    const second = await exchange();
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: 'invalid_grant' });
    const after = await api({ ...us, accessToken: first.access_token }, 'GET', 'preferences');
    expect(after.status).toBe(401);
    const wrongSecret = await fetch(sandbox.tokenUrl, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${client.clientId}:nope`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=x' });
    expect(wrongSecret.status).toBe(401);
  });

  it('a token of one company used on another answers the XML AuthenticationFault (code 100)', async () => {
    const result = await api({ ...us, realmId: ca.realmId }, 'GET', 'preferences');
    expect(result.status).toBe(401);
    expect(result.text).toContain('<Error code="100">');
  });

  it('checks references: unknown → 2500, inactive → 610, non-numeric → 2030, GET unknown id → 610', async () => {
    const line = (itemId: string) => ({ DetailType: 'SalesItemLineDetail', Amount: 10, SalesItemLineDetail: { ItemRef: { value: itemId } } });
    expect(faultCode(await api(us, 'POST', 'invoice', { CustomerRef: { value: '999' }, Line: [line('1')] }))).toBe('2500');
    const c = await customer(us, 'Ref Checker');
    expect(faultCode(await api(us, 'POST', 'invoice', { CustomerRef: { value: c.Id }, Line: [line('999')] }))).toBe('2500');
    expect(faultCode(await api(us, 'POST', 'invoice', { CustomerRef: { value: c.Id }, ClassRef: { value: 'abc' }, Line: [line('1')] }))).toBe('2030');
    const inactive = await api(us, 'POST', 'customer', { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Active: false });
    expect(entity(inactive, 'Customer').Active).toBe(false);
    expect(faultCode(await api(us, 'POST', 'invoice', { CustomerRef: { value: c.Id }, Line: [line('1')] }))).toBe('610');
    expect(faultCode(await api(us, 'GET', 'invoice/4242'))).toBe('610');
    // Inactive customers drop out of queries unless Active is filtered, like QBO.
    const listed = await api(us, 'GET', `query?query=${encodeURIComponent("select * from Customer where DisplayName = 'Ref Checker'")}`);
    expect(listed.json?.QueryResponse).toEqual({});
    const all = await api(us, 'GET', `query?query=${encodeURIComponent("select * from Customer where DisplayName = 'Ref Checker' and Active in (true, false)")}`);
    expect((all.json?.QueryResponse as { Customer: unknown[] }).Customer).toHaveLength(1);
  });

  it('requires fields (2020) and limits lengths (6000); currency must be home without multicurrency (2500)', async () => {
    const c = await customer(us, 'Length Checker');
    expect(faultCode(await api(us, 'POST', 'invoice', { CustomerRef: { value: c.Id } }))).toBe('2020');
    expect(faultCode(await api(us, 'POST', 'refundreceipt', { Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: {} }] }))).toBe('2020');
    expect(faultCode(await api(us, 'POST', 'payment', { CustomerRef: { value: c.Id } }))).toBe('2020');
    expect(faultCode(await api(us, 'POST', 'item', { Name: 'No account', Type: 'Service' }))).toBe('2020');
    const long = await api(us, 'POST', 'salesreceipt', { DocNumber: 'BC-1234567890123456789', Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: {} }] });
    expect(faultCode(long)).toBe('6000');
    expect(faultCode(await api(us, 'POST', 'customer', { DisplayName: 'x'.repeat(501) }))).toBe('6000');
    expect(faultCode(await api(us, 'POST', 'item', { Name: 'n'.repeat(101), IncomeAccountRef: { value: '1' } }))).toBe('6000');
    expect(faultCode(await api(us, 'POST', 'salesreceipt', { CurrencyRef: { value: 'EUR' }, Line: [{ DetailType: 'SalesItemLineDetail', Amount: 1, SalesItemLineDetail: {} }] }))).toBe('2500');
  });

  it('computes US AST tax without an override and keeps computed tax on sparse updates', async () => {
    const c = await customer(us, 'Tax Payer');
    const created = entity(await api(us, 'POST', 'invoice', {
      CustomerRef: { value: c.Id }, DocNumber: 'INV-1',
      Line: [
        { DetailType: 'SalesItemLineDetail', Amount: 100, SalesItemLineDetail: { Qty: 4, UnitPrice: 25, TaxCodeRef: { value: 'TAX' } } },
        { DetailType: 'SalesItemLineDetail', Amount: 20, SalesItemLineDetail: { TaxCodeRef: { value: 'NON' } } },
      ],
    }), 'Invoice');
    expect(created).toMatchObject({ TotalAmt: 128.25, Balance: 128.25, TxnTaxDetail: { TotalTax: 8.25 } });
    expect(validator.check('Invoice', created)).toBeNull();
    expect(sandbox.state.entity('Customer', String(c.Id), us.realmId)?.Balance).toBe(128.25);
    const sparse = entity(await api(us, 'POST', 'invoice', { Id: created.Id, SyncToken: created.SyncToken, sparse: true, PrivateNote: 'note' }), 'Invoice');
    expect(sparse).toMatchObject({ TotalAmt: 128.25, SyncToken: '1' });
  });

  it('applies a payment to an invoice: balance, LinkedTxn and SyncToken change; void restores', async () => {
    const c = await customer(us, 'Payer');
    const invoice = entity(await api(us, 'POST', 'invoice', { CustomerRef: { value: c.Id }, Line: [{ DetailType: 'SalesItemLineDetail', Amount: 50, SalesItemLineDetail: { TaxCodeRef: { value: 'NON' } } }] }), 'Invoice');
    expect(faultCode(await api(us, 'POST', 'payment', { CustomerRef: { value: c.Id }, TotalAmt: 60, Line: [{ Amount: 60, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] }))).toBe('6000');
    const payment = entity(await api(us, 'POST', 'payment', { CustomerRef: { value: c.Id }, TotalAmt: 50, PaymentMethodRef: { value: '3' }, Line: [{ Amount: 30, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] }), 'Payment');
    expect(payment).toMatchObject({ TotalAmt: 50, UnappliedAmt: 20 });
    expect(validator.check('Payment', payment)).toBeNull();
    const paid = sandbox.state.entity('Invoice', String(invoice.Id), us.realmId);
    expect(paid).toMatchObject({ Balance: 20, SyncToken: '1', LinkedTxn: [{ TxnId: payment.Id, TxnType: 'Payment' }] });
    expect(sandbox.state.entity('Customer', String(c.Id), us.realmId)?.Balance).toBe(0);
    // Voiding the invoice with a payment applied is refused; voiding the payment restores the balance.
    expect(faultCode(await api(us, 'POST', 'invoice?operation=void', { Id: invoice.Id, SyncToken: '1' }))).toBe('6000');
    const voided = entity(await api(us, 'POST', 'payment?operation=update&include=void', { Id: payment.Id, SyncToken: payment.SyncToken, sparse: true }), 'Payment');
    expect(voided).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' });
    expect(sandbox.state.entity('Invoice', String(invoice.Id), us.realmId)).toMatchObject({ Balance: 50, SyncToken: '2' });
    const invoiceVoid = entity(await api(us, 'POST', 'invoice?operation=void', { Id: invoice.Id, SyncToken: '2' }), 'Invoice');
    expect(invoiceVoid).toMatchObject({ TotalAmt: 0, Balance: 0, SyncToken: '3' });
    const deleted = entity(await api(us, 'POST', 'invoice?operation=delete', { Id: invoice.Id, SyncToken: '3' }), 'Invoice');
    expect(deleted).toEqual({ Id: invoice.Id, status: 'Deleted', domain: 'QBO' });
    expect(faultCode(await api(us, 'POST', 'customer?operation=delete', { Id: c.Id, SyncToken: c.SyncToken }))).toBe('500');
  });

  it('journal entries must balance and name a customer on A/R lines', async () => {
    const accounts = sandbox.state.company(us.realmId).accounts;
    const jeLine = (posting: string, account: string, amount: number, extra: JsonObject = {}) => ({ DetailType: 'JournalEntryLineDetail', Amount: amount, JournalEntryLineDetail: { PostingType: posting, AccountRef: { value: account }, ...extra } });
    expect(faultCode(await api(us, 'POST', 'journalentry', { Line: [jeLine('Debit', accounts.undeposited, 100), jeLine('Credit', accounts.sales, 90)] }))).toBe('6000');
    expect(faultCode(await api(us, 'POST', 'journalentry', { Line: [jeLine('Debit', accounts.receivable, 100), jeLine('Credit', accounts.sales, 100)] }))).toBe('6000');
    const c = await customer(us, 'JE Customer');
    const je = entity(await api(us, 'POST', 'journalentry', { DocNumber: 'BC-2026-03-02', Line: [jeLine('Debit', accounts.receivable, 100, { Entity: { Type: 'Customer', EntityRef: { value: String(c.Id) } } }), jeLine('Credit', accounts.sales, 92.5), jeLine('Credit', accounts.taxPayable, 7.5)] }), 'JournalEntry');
    expect(je).toMatchObject({ TotalAmt: 100, DocNumber: 'BC-2026-03-02' });
    expect(validator.check('JournalEntry', je)).toBeNull();
  });

  it('CA company: per-line tax codes, HST ON 13 %, and a missing tax code is refused', async () => {
    const c = await customer(ca, 'Maple Buyer');
    const codes = sandbox.state.entities('TaxCode', ca.realmId);
    const hst = codes.find((code) => code.Name === 'HST ON')?.Id;
    const exempt = codes.find((code) => code.Name === 'Exempt')?.Id;
    expect(faultCode(await api(ca, 'POST', 'salesreceipt', { CustomerRef: { value: c.Id }, Line: [{ DetailType: 'SalesItemLineDetail', Amount: 10, SalesItemLineDetail: {} }] }))).toBe('6000');
    const receipt = entity(await api(ca, 'POST', 'salesreceipt', {
      CustomerRef: { value: c.Id }, GlobalTaxCalculation: 'TaxExcluded',
      Line: [
        { DetailType: 'SalesItemLineDetail', Amount: 119.99, SalesItemLineDetail: { Qty: 1, UnitPrice: 119.99, TaxCodeRef: { value: hst } } },
        { DetailType: 'SalesItemLineDetail', Amount: 10, SalesItemLineDetail: { ItemRef: { value: 'SHIPPING_ITEM_ID' }, TaxCodeRef: { value: hst } } },
        { DetailType: 'SalesItemLineDetail', Amount: 5, SalesItemLineDetail: { TaxCodeRef: { value: exempt } } },
      ],
    }), 'SalesReceipt');
    // 129.99 × 13 % = 16.8987 → 16.90
    expect(receipt).toMatchObject({ TotalAmt: 151.89, GlobalTaxCalculation: 'TaxExcluded', CurrencyRef: { value: 'CAD' } });
    expect((receipt.TxnTaxDetail as JsonObject).TotalTax).toBe(16.9);
  });

  it('GB company: VAT-inclusive amounts, and closed books (6210)', async () => {
    const c = await customer(gb, 'Tea Buyer');
    const standard = sandbox.state.entities('TaxCode', gb.realmId).find((code) => code.Name === '20.0% S')?.Id;
    const line = { DetailType: 'SalesItemLineDetail', Amount: 120, SalesItemLineDetail: { Qty: 2, UnitPrice: 60, TaxCodeRef: { value: standard } } };
    const receipt = entity(await api(gb, 'POST', 'salesreceipt', { CustomerRef: { value: c.Id }, TxnDate: '2026-01-15', GlobalTaxCalculation: 'TaxInclusive', Line: [line] }), 'SalesReceipt');
    expect(receipt).toMatchObject({ TotalAmt: 120, TxnTaxDetail: { TotalTax: 20 } });
    expect(faultCode(await api(gb, 'POST', 'salesreceipt', { CustomerRef: { value: c.Id }, TxnDate: '2025-12-31', GlobalTaxCalculation: 'TaxInclusive', Line: [line] }))).toBe('6210');
    sandbox.updateCompany(gb.realmId, { closedThrough: '2026-01-31' });
    expect(faultCode(await api(gb, 'POST', 'salesreceipt', { Id: receipt.Id, SyncToken: receipt.SyncToken, sparse: true, PrivateNote: 'x' }))).toBe('6210');
    const prefs = entity(await api(gb, 'GET', 'preferences'), 'Preferences');
    expect((prefs.AccountingInfoPrefs as JsonObject).BookCloseDate).toBe('2026-01-31');
  });

  it('an ended subscription answers 403 / 6190 on every call', async () => {
    sandbox.updateCompany(ca.realmId, { subscriptionActive: false });
    const result = await api(ca, 'GET', 'preferences');
    expect(result.status).toBe(403);
    expect(faultCode(result)).toBe('6190');
    sandbox.updateCompany(ca.realmId, { subscriptionActive: true });
  });

  it('refuses batches over 30 items and malformed queries', async () => {
    const items = Array.from({ length: 31 }, (_, i) => ({ bId: `b${i}`, operation: 'create', Customer: { DisplayName: `Bulk ${i}` } }));
    const tooMany = await api(us, 'POST', 'batch', { BatchItemRequest: items });
    expect(tooMany.status).toBe(400);
    expect(sandbox.state.company(us.realmId).store.findDisplayName('Bulk 0')).toBeUndefined();
    const malformed = await api(us, 'GET', `query?query=${encodeURIComponent('select * from Customer where')}`);
    expect([malformed.status, faultCode(malformed)]).toEqual([400, '4000']);
    const posted = await api(us, 'POST', 'query', 'SELECT COUNT(*) FROM Account WHERE AccountType = \'Bank\'');
    expect(posted.json?.QueryResponse).toEqual({ totalCount: 2 });
  });

  it('fault injection over /__sandbox: status faults for N requests, 504 after commit, and a clean state summary', async () => {
    const post = (path: string, body: unknown) => fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/__sandbox/faults', { realmId: us.realmId, method: 'GET', path: '/preferences', status: 503, times: 2 })).status).toBe(201);
    expect((await api(us, 'GET', 'preferences')).status).toBe(503);
    expect((await api(us, 'GET', 'preferences')).status).toBe(503);
    expect((await api(us, 'GET', 'preferences')).status).toBe(200);

    await post('/__sandbox/faults', { realmId: us.realmId, path: '/customer', method: 'POST', commitThenDrop: '504' });
    const dropped = await api(us, 'POST', 'customer', { DisplayName: 'Committed Anyway' });
    expect(dropped.status).toBe(504);
    expect(sandbox.state.company(us.realmId).store.findDisplayName('Committed Anyway')).toBeDefined();

    const added = await post('/__sandbox/companies', { country: 'CA', name: 'Added Co', realmId: '9130000000000009' });
    expect(added.status).toBe(201);
    expect(await (await post(`/__sandbox/realms/${us.realmId}/expire-access-tokens`, {})).json()).toMatchObject({ expired: expect.any(Number) });
    expect((await api(us, 'GET', 'preferences')).status).toBe(401);
    const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as { companies: { realmId: string }[]; counters: { byRealm: Record<string, { injected: number }> } };
    expect(state.companies.map((c) => c.realmId)).toContain('9130000000000009');
    expect(state.counters.byRealm[us.realmId]?.injected).toBe(3);
  });
});

/**
 * The stand-in for the store control panel: one self-contained HTML page (inline CSS/JS, no external
 * assets) that embeds the app in a cross-origin iframe exactly where BigCommerce would, and drives
 * install/open/uninstall, users, test orders and webhook inspection through the /__sandbox API.
 */
import { formatV2 } from './money';
import { ORDER_STATUSES, statusName } from './order-statuses';
import type { CallbackResult, SandboxState, Store, StoreUser } from './sandbox-state';
import type { WebhookDelivery } from './webhook-dispatcher';

export interface ControlPanelInput {
  state: SandboxState;
  store: Store;
  user: StoreUser;
  appName: string;
  baseUrl: string;
  deliveries: readonly WebhookDelivery[];
  /** Deep link requested through control_panel_base_url (e.g. "/manage/orders/101"). */
  deepLink?: string;
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function time(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

function appCard(store: Store, user: StoreUser, appName: string): string {
  const installed = store.app.installed;
  const canManage = user.role !== 'user';
  return `<section class="card" id="app-card" data-refresh>
  <h2>Apps › My Apps</h2>
  <div class="app-row">
    <div><strong>${escapeHtml(appName)}</strong>
      <span class="badge ${installed ? 'ok' : 'muted'}">${installed ? 'Installed' : 'Not installed'}</span>
      ${installed ? `<div class="small">scope: <code>${escapeHtml(store.app.scope)}</code></div>` : ''}
    </div>
    <div class="buttons">
      ${installed ? '' : `<button data-action="install" ${canManage ? '' : 'disabled title="Only the owner and authorized users can install"'}>Install</button>`}
      ${installed ? '<button data-action="open" class="primary">Open</button>' : ''}
      ${installed ? `<button data-action="uninstall" class="danger" ${canManage ? '' : 'disabled'}>Uninstall</button>` : ''}
    </div>
  </div>
  ${installed ? '<label class="small">Deep link path (JWT <code>url</code>) <input id="deep-link" placeholder="/" value=""></label>' : ''}
</section>`;
}

function usersCard(store: Store, acting: StoreUser): string {
  const rows = [...store.users.values()]
    .map(
      (u) => `<tr><td>${u.id}</td><td>${escapeHtml(u.email)}</td><td>${escapeHtml(u.role)}</td><td>${escapeHtml(u.locale)}</td>
      <td>${u.role === 'owner' ? '' : `<button class="link danger" data-action="remove-user" data-user-id="${u.id}">Remove</button>`}${u.id === acting.id ? ' <em>(acting)</em>' : ''}</td></tr>`,
    )
    .join('');
  return `<section class="card" id="users-card" data-refresh>
  <h2>Users</h2>
  <table><thead><tr><th>id</th><th>email</th><th>role</th><th>locale</th><th></th></tr></thead><tbody>${rows}</tbody></table>
  <form id="add-user" class="inline">
    <input name="email" type="email" placeholder="new.user@example.com" required>
    <select name="role"><option value="user">user</option><option value="authorized">authorized</option></select>
    <input name="locale" value="en-US" size="6">
    <button type="submit">Add user</button>
  </form>
</section>`;
}

function orderForm(store: Store): string {
  const items: [string, string][] = [...store.products.values()].flatMap((p) =>
    p.variants.map((v): [string, string] => [`p:${p.id}:${p.options.length ? v.id : ''}`, p.options.length ? `${p.name} (${v.sku})` : p.name]),
  );
  const itemOptions = (selected: string) =>
    `<option value="">—</option><option value="custom">Custom item…</option>${items
      .map(([value, label]) => `<option value="${value}"${value === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`)
      .join('')}`;
  const lines = [0, 1, 2]
    .map(
      (i) => `<div class="line">
      <select name="line${i}_item">${itemOptions(i === 0 ? (items[0]?.[0] ?? '') : '')}</select>
      <input name="line${i}_qty" type="number" min="1" value="1" title="quantity">
      <input name="line${i}_price" placeholder="unit price override" size="10">
      <input name="line${i}_name" placeholder="custom name" size="12">
    </div>`,
    )
    .join('');
  const customers = [...store.customers.values()].map((c) => `<option value="${c.id}">${escapeHtml(`${c.firstName} ${c.lastName} <${c.email}>`)}</option>`).join('');
  const statuses = [11, 7, 0, 1, 9, 10, 12]
    .map((id) => `<option value="${id}">${id} ${escapeHtml(statusName(id))}</option>`)
    .join('');
  const gateways = ['testgateway', 'stripe', 'braintree', 'paypalexpress', 'cod', 'cheque', 'bankdeposit', 'custom'].map((g) => `<option>${g}</option>`).join('');
  return `<section class="card" id="order-card">
  <h2>Create a test order</h2>
  <form id="order-form">
    <fieldset><legend>Customer</legend>
      <select name="customer"><option value="guest">Guest</option>${customers}</select>
      <div class="grid guest">
        <input name="email" value="guest@example.com" placeholder="email">
        <input name="first_name" value="Gina" placeholder="first name"><input name="last_name" value="Guest" placeholder="last name">
        <input name="street_1" value="1 Main Street" placeholder="street"><input name="city" value="Austin" placeholder="city">
        <input name="state" value="Texas" placeholder="state"><input name="zip" value="78701" placeholder="zip">
        <input name="country_iso2" value="US" placeholder="country" size="3">
      </div>
    </fieldset>
    <fieldset><legend>Lines</legend>${lines}</fieldset>
    <fieldset class="grid"><legend>Coupon, charges, tax, currency</legend>
      <input name="coupon_code" placeholder="coupon code">
      <select name="coupon_type"><option>per_total_discount</option><option>per_item_discount</option><option>percentage_discount</option><option>shipping_discount</option><option>free_shipping</option></select>
      <input name="coupon_amount" placeholder="coupon amount / %">
      <input name="shipping_cost" placeholder="shipping" value="10.00"><input name="handling_cost" placeholder="handling"><input name="wrapping_cost" placeholder="gift wrapping (line 1)">
      <input name="tax_rate" placeholder="tax rate %"><label><input type="checkbox" name="tax_inclusive" ${store.isPriceEnteredWithTax ? 'checked' : ''}> prices include tax</label>
      <input name="currency_code" value="${escapeHtml(store.currency)}" size="4"><input name="exchange_rate" placeholder="exchange rate" value="1">
      <select name="status_id">${statuses}</select>
      <select name="gateway">${gateways}</select>
    </fieldset>
    <button type="submit" class="primary">Place order</button>
  </form>
</section>`;
}

function ordersCard(store: Store): string {
  const orders = [...store.orders.values()].slice(-20).reverse();
  const rows = orders
    .map(
      (o) => `<tr${o.isDeleted ? ' class="archived"' : ''}><td>${o.id}</td><td>${escapeHtml(statusName(o.statusId))}</td><td>${escapeHtml(o.paymentStatus || '—')}</td>
      <td class="num">${escapeHtml(formatV2(o.totalIncTax))} ${escapeHtml(o.currency.code)}</td><td class="num">${escapeHtml(formatV2(o.refundedTotal))}</td>
      <td class="buttons">
        <button class="link" data-action="pay" data-order-id="${o.id}">Pay</button>
        <button class="link" data-action="ship" data-order-id="${o.id}">Ship</button>
        <button class="link" data-action="refund" data-order-id="${o.id}">Refund…</button>
        <button class="link danger" data-action="cancel" data-order-id="${o.id}">Cancel</button>
      </td></tr>`,
    )
    .join('');
  return `<section class="card" id="orders-card" data-refresh>
  <h2>Recent orders</h2>
  ${orders.length ? `<table><thead><tr><th>id</th><th>status</th><th>payment</th><th>total</th><th>refunded</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No orders yet.</p>'}
</section>`;
}

function deliveriesCard(deliveries: readonly WebhookDelivery[], callbacks: readonly CallbackResult[]): string {
  const rows = deliveries
    .map((d) => {
      const last = d.attempts[d.attempts.length - 1];
      return `<tr><td>${time(d.createdAt)}</td><td><code>${escapeHtml(d.scope)}</code></td><td class="small">${escapeHtml(d.destination)}</td>
        <td>${d.attempts.length}</td><td>${last ? escapeHtml(last.status ?? last.error ?? '') : ''}</td><td><span class="badge ${d.state === 'delivered' ? 'ok' : d.state === 'failed' ? 'bad' : 'muted'}">${escapeHtml(d.state)}</span></td></tr>`;
    })
    .join('');
  const cbRows = callbacks
    .map((c) => `<tr><td>${time(c.at)}</td><td>${escapeHtml(c.kind)}</td><td>${c.userId}</td><td>${escapeHtml(c.status ?? c.error ?? 'pending')}</td></tr>`)
    .join('');
  return `<section class="card" id="deliveries-card" data-refresh>
  <h2>Webhook deliveries <button class="link" data-action="refresh">refresh</button></h2>
  ${deliveries.length ? `<table><thead><tr><th>time</th><th>scope</th><th>destination</th><th>tries</th><th>last</th><th>state</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">None yet (the app registers hooks through /v3/hooks).</p>'}
  <h3>App callbacks (server to server)</h3>
  ${callbacks.length ? `<table><thead><tr><th>time</th><th>callback</th><th>user</th><th>result</th></tr></thead><tbody>${cbRows}</tbody></table>` : '<p class="muted">None yet.</p>'}
</section>`;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#313440;background:#f6f7f9}
header{display:flex;gap:16px;align-items:center;padding:10px 20px;background:#34313f;color:#fff}header h1{font-size:16px;margin:0 12px 0 0}
header a{color:#c9c4ff}header select{padding:4px}main{display:grid;grid-template-columns:minmax(420px,560px) 1fr;gap:16px;padding:16px}
.card{background:#fff;border:1px solid #d9dce9;border-radius:6px;padding:12px 16px;margin-bottom:16px}.card h2{font-size:15px;margin:0 0 10px}.card h3{font-size:13px;margin:14px 0 6px}
table{width:100%;border-collapse:collapse;font-size:13px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eceef5;vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.archived{opacity:.5}button{font:inherit;padding:5px 12px;border:1px solid #b9bdd0;border-radius:4px;background:#fff;cursor:pointer}button.primary{background:#3c64f4;border-color:#3c64f4;color:#fff}
button.danger{color:#c4001a}button.link{border:0;background:none;padding:0 4px;color:#3c64f4}button.link.danger{color:#c4001a}button:disabled{opacity:.5;cursor:not-allowed}
input,select{font:inherit;padding:4px 6px;border:1px solid #c8cbd9;border-radius:4px}fieldset{border:1px solid #eceef5;border-radius:4px;margin:0 0 10px;padding:8px}legend{font-size:12px;color:#5e637a}
.grid{display:flex;flex-wrap:wrap;gap:6px}.line{display:flex;gap:6px;margin-bottom:6px}.line select{flex:1;min-width:0}.line input[type=number]{width:60px}
.badge{display:inline-block;font-size:11px;padding:1px 8px;border-radius:10px;margin-left:6px;background:#eceef5}.badge.ok{background:#d7f5e3;color:#0b6b34}.badge.bad{background:#fde2e4;color:#a0001a}
.small{font-size:12px;color:#5e637a}.muted{color:#8c90a6}.app-row{display:flex;justify-content:space-between;align-items:center;gap:8px}.buttons{display:flex;gap:6px;flex-wrap:wrap}
form.inline{display:flex;gap:6px;margin-top:8px}#frame-wrap{position:sticky;top:16px;height:calc(100vh - 90px);display:flex;flex-direction:column}
#app-frame{flex:1;width:100%;border:1px solid #d9dce9;border-radius:6px;background:#fff}#status{min-height:22px;padding:4px 2px;font-size:13px}#status.error{color:#c4001a}
code{font-size:12px;background:#f1f2f7;padding:0 3px;border-radius:3px}
`;

// Runs in the browser. Kept as plain ES2017 so any browser the team tests with can run it.
const SCRIPT = `
const S = JSON.parse(document.getElementById('sandbox-data').textContent);
const frame = document.getElementById('app-frame');
const statusEl = document.getElementById('status');
function say(text, isError) { statusEl.textContent = text; statusEl.className = isError ? 'error' : ''; }
async function api(method, path, body) {
  const res = await fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || ('HTTP ' + res.status));
  return data;
}
async function refresh() {
  const html = await (await fetch(location.href)).text();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.querySelectorAll('[data-refresh]').forEach((el) => { const next = doc.getElementById(el.id); if (next) el.replaceWith(next); });
}
const base = '/__sandbox/stores/' + S.store;
const actions = {
  async install() { const r = await api('POST', base + '/install', { user_id: S.user }); frame.addEventListener('load', () => refresh(), { once: true }); frame.src = r.auth_callback_url; say('Install: the auth callback is loading in the app frame. The app must exchange the code at /oauth2/token.'); },
  async open() { const link = document.getElementById('deep-link'); const r = await api('POST', base + '/load', { user_id: S.user, url: link && link.value ? link.value : undefined }); frame.src = r.load_url; say('Open: load callback with a signed_payload_jwt for user ' + S.user + '.'); },
  async uninstall() { if (!confirm('Uninstall the app?')) return; const r = await api('POST', base + '/uninstall', { user_id: S.user }); frame.src = 'about:blank'; say('Uninstalled. Uninstall callback → ' + (r.callback.status || r.callback.error)); await refresh(); },
  async logout() { if (frame.contentWindow) frame.contentWindow.postMessage({ type: 'logout' }, '*'); say('Posted {type:"logout"} to the app frame (bc-sdk onLogout).'); },
  async 'remove-user'(el) { const r = await api('DELETE', base + '/users/' + el.dataset.userId); say('User removed. remove_user callback → ' + (r.callback ? (r.callback.status || r.callback.error) : 'not called (app not installed)')); await refresh(); },
  async pay(el) { await api('POST', base + '/orders/' + el.dataset.orderId + '/pay'); say('Order ' + el.dataset.orderId + ' paid.'); await refresh(); },
  async ship(el) { await api('POST', base + '/orders/' + el.dataset.orderId + '/shipments', {}); say('Order ' + el.dataset.orderId + ' shipped.'); await refresh(); },
  async cancel(el) { await api('POST', base + '/orders/' + el.dataset.orderId + '/cancel'); say('Order ' + el.dataset.orderId + ' cancelled.'); await refresh(); },
  async refund(el) {
    const amount = prompt('Refund amount (blank = refund everything left):', '');
    if (amount === null) return;
    const id = Number(el.dataset.orderId);
    const body = amount.trim() ? { items: [{ item_type: 'ORDER', item_id: id, amount: amount.trim() }] } : {};
    const r = await api('POST', base + '/orders/' + id + '/refund', body);
    say('Refund ' + r.data.id + ' of ' + r.data.total_amount + ' created on order ' + id + '.'); await refresh();
  },
  async refresh() { await refresh(); },
};
document.addEventListener('click', (event) => {
  const el = event.target.closest('[data-action]');
  if (!el) return;
  event.preventDefault();
  actions[el.dataset.action](el).catch((e) => say(e.message, true));
});
document.getElementById('acting-user').addEventListener('change', (e) => { const u = new URL(location.href); u.searchParams.set('user', e.target.value); location.href = u.toString(); });
document.addEventListener('submit', (event) => {
  const form = event.target;
  event.preventDefault();
  if (form.id === 'add-user') {
    const f = form.elements;
    api('POST', base + '/users', { email: f.email.value, role: f.role.value, locale: f.locale.value })
      .then((u) => { say('User ' + u.id + ' added. The app learns about them on their first Open.'); form.reset(); return refresh(); })
      .catch((e) => say(e.message, true));
  }
  if (form.id === 'order-form') {
    api('POST', base + '/orders', orderFromForm(form))
      .then((o) => { say('Order ' + o.id + ' created: total ' + o.total_inc_tax + ' ' + o.currency_code + '.'); return refresh(); })
      .then(() => setTimeout(refresh, 1500))
      .catch((e) => say(e.message, true));
  }
});
function orderFromForm(form) {
  const v = (n) => (form.elements[n] && form.elements[n].value ? form.elements[n].value.trim() : '');
  const input = { lines: [] };
  for (let i = 0; i < 3; i++) {
    const item = v('line' + i + '_item');
    if (!item) continue;
    const line = { quantity: Number(v('line' + i + '_qty') || '1') };
    if (item === 'custom') { line.name = v('line' + i + '_name') || 'Custom item'; line.price = v('line' + i + '_price') || '0'; }
    else { const parts = item.split(':'); line.product_id = Number(parts[1]); if (parts[2]) line.variant_id = Number(parts[2]); if (v('line' + i + '_price')) line.price = v('line' + i + '_price'); }
    input.lines.push(line);
  }
  if (v('wrapping_cost') && input.lines[0]) input.lines[0].wrapping = { cost: v('wrapping_cost') };
  if (v('customer') === 'guest') {
    input.billing_address = { email: v('email'), first_name: v('first_name'), last_name: v('last_name'), street_1: v('street_1'), city: v('city'), state: v('state'), zip: v('zip'), country_iso2: v('country_iso2'), country: v('country_iso2') === 'US' ? 'United States' : v('country_iso2') };
  } else input.customer_id = Number(v('customer'));
  if (v('coupon_code')) { input.coupon = { code: v('coupon_code'), type: v('coupon_type') }; if (v('coupon_type') !== 'free_shipping') input.coupon.amount = v('coupon_amount') || '0'; }
  if (v('shipping_cost')) input.shipping = { cost: v('shipping_cost') };
  if (v('handling_cost')) input.handling = { cost: v('handling_cost') };
  input.tax = { inclusive: form.elements.tax_inclusive.checked };
  if (v('tax_rate')) input.tax.rate = v('tax_rate');
  if (v('currency_code') && v('currency_code') !== S.currency) input.currency = { code: v('currency_code'), exchange_rate: v('exchange_rate') || '1' };
  input.status_id = Number(v('status_id'));
  input.payment = { gateway: v('gateway') };
  return input;
}
`;

export function renderControlPanel(input: ControlPanelInput): string {
  const { state, store, user, appName, baseUrl, deliveries } = input;
  const storeLinks = [...state.stores.values()]
    .map((s) => (s.hash === store.hash ? `<strong>${escapeHtml(s.name)}</strong>` : `<a href="/manage?store=${s.hash}">${escapeHtml(s.name)}</a>`))
    .join(' · ');
  const userOptions = [...store.users.values()]
    .map((u) => `<option value="${u.id}" ${u.id === user.id ? 'selected' : ''}>${escapeHtml(u.email)} (${u.role})</option>`)
    .join('');
  const data = JSON.stringify({ store: store.hash, user: user.id, currency: store.currency, baseUrl }).replace(/</g, '\\u003c');
  const callbacks = state.callbacks.filter((c) => c.storeHash === store.hash).slice(-10).reverse();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(store.name)} · BigCommerce sandbox control panel</title><style>${CSS}</style></head>
<body>
<header><h1>BigCommerce sandbox</h1><span>${storeLinks}</span>
  <span class="small" style="color:#ddd">hash <code>${escapeHtml(store.hash)}</code> · store_id ${store.storeId} · ${escapeHtml(store.currency)}${store.isPriceEnteredWithTax ? ' · prices incl. tax' : ''}</span>
  <span style="margin-left:auto">Acting user <select id="acting-user">${userOptions}</select></span>
  <button data-action="logout" title="Posts {type:'logout'} into the app iframe, like the control panel's logout">Log out</button>
</header>
<main>
  <div id="panels">
    ${appCard(store, user, appName)}
    ${ordersCard(store)}
    ${orderForm(store)}
    ${usersCard(store, user)}
    ${deliveriesCard(deliveries, callbacks)}
    <p class="small">Statuses: ${ORDER_STATUSES.map((s) => `${s.id} ${escapeHtml(s.name)}`).join(' · ')}</p>
  </div>
  <div id="frame-wrap">
    <div id="status">${input.deepLink ? `Deep link: <code>${escapeHtml(input.deepLink)}</code>` : ''}</div>
    <iframe id="app-frame" name="app-frame" title="${escapeHtml(appName)}" src="about:blank" allow="clipboard-write"></iframe>
  </div>
</main>
<script id="sandbox-data" type="application/json">${data}</script>
<script>${SCRIPT}</script>
</body></html>`;
}

/** GET /jssdk/bc-sdk.js: the control-panel SDK's browser surface (init + onLogout). */
export const BC_SDK_SCRIPT = `/* BigCommerce control-panel SDK stand-in (sandbox). */
(function () {
  var options = {};
  function onMessage(event) {
    var data = event.data;
    if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) { return; } }
    if (data && data.type === 'logout' && typeof options.onLogout === 'function') options.onLogout();
  }
  window.Bigcommerce = {
    init: function (opts) {
      options = opts || {};
      window.removeEventListener('message', onMessage);
      window.addEventListener('message', onMessage);
    },
  };
  if (typeof window.bcAsyncInit === 'function') {
    setTimeout(function () { window.bcAsyncInit(); }, 0);
  }
})();
`;

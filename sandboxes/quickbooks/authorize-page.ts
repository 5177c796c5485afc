/**
 * The consent page Intuit shows at /connect/oauth2, reduced to what a developer needs: which app asks for
 * which scopes, which company to connect (a select when there are several) and Approve / Deny. Plain HTML
 * and inline CSS, no external assets, so it works offline and in a headless browser.
 */

export interface ConsentView {
  consentId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  companies: { realmId: string; name: string; country: string }[];
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
  body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f8;color:#393a3d;margin:0}
  main{max-width:440px;margin:48px auto;background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.08);padding:32px}
  h1{font-size:20px;margin:0 0 4px}
  .brand{color:#2ca01c;font-weight:700;letter-spacing:.02em;font-size:13px;text-transform:uppercase}
  p{margin:12px 0}
  ul{padding-left:20px;margin:8px 0 16px}
  code{background:#f4f5f8;padding:1px 4px;border-radius:3px;font-size:13px}
  label{display:block;font-weight:600;margin:16px 0 6px}
  select{width:100%;padding:8px;border:1px solid #babec5;border-radius:4px;font-size:15px}
  .company{padding:10px 12px;border:1px solid #dcdfe4;border-radius:4px;background:#fafbfc}
  .actions{display:flex;gap:12px;justify-content:flex-end;margin-top:24px}
  button{font-size:15px;padding:9px 20px;border-radius:20px;cursor:pointer;border:1px solid #8d9096;background:#fff}
  button.approve{background:#2ca01c;border-color:#2ca01c;color:#fff;font-weight:600}
  .note{font-size:12px;color:#6b6c72;margin-top:20px}
`;

export function renderConsentPage(view: ConsentView): string {
  const company = view.companies.length === 1
    ? `<div class="company" id="company">${escapeHtml(view.companies[0]?.name ?? '')} <small>(${escapeHtml(view.companies[0]?.country ?? '')}, realm ${escapeHtml(view.companies[0]?.realmId ?? '')})</small></div>
       <input type="hidden" name="realmId" value="${escapeHtml(view.companies[0]?.realmId ?? '')}">`
    : `<select name="realmId" id="realmId">${view.companies
        .map((c) => `<option value="${escapeHtml(c.realmId)}">${escapeHtml(c.name)} (${escapeHtml(c.country)}, realm ${escapeHtml(c.realmId)})</option>`)
        .join('')}</select>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Connect to QuickBooks (sandbox)</title><style>${STYLE}</style></head>
<body><main>
  <div class="brand">QuickBooks sandbox</div>
  <h1>Connect an app to your company</h1>
  <p>The app <code>${escapeHtml(view.clientId)}</code> wants to:</p>
  <ul>${view.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>
  <form method="post" action="/connect/oauth2/consent">
    <input type="hidden" name="consent_id" value="${escapeHtml(view.consentId)}">
    <label for="${view.companies.length === 1 ? 'company' : 'realmId'}">Company</label>
    ${company}
    <div class="actions">
      <button type="submit" name="decision" value="deny" class="deny">Deny</button>
      <button type="submit" name="decision" value="approve" class="approve">Approve</button>
    </div>
  </form>
  <p class="note">After you decide, you return to <code>${escapeHtml(view.redirectUri)}</code>.</p>
</main></body></html>`;
}

export function renderErrorPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><div class="brand">QuickBooks sandbox</div><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}

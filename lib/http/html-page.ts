/**
 * A small self-contained HTML answer for callback failures, shown inside the control-panel iframe.
 * Styled after BigDesign (colours, type) without loading the React bundle for an error.
 */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** JSON safe to embed in an inline script (no `</script>`, no HTML comment openers). */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/**
 * For pages opened as popups by the app (OAuth callbacks): tell the opener what happened, then close.
 * `origin` is the app's own origin: the message is never delivered to any other page.
 */
export interface OpenerNotice {
  origin: string;
  message: Record<string, unknown>;
}

function openerScript(notice: OpenerNotice): string {
  return `<script>
(function () {
  var opener = window.opener;
  if (!opener) return;
  try { opener.postMessage(${scriptJson(notice.message)}, ${scriptJson(notice.origin)}); } catch (e) { return; }
  setTimeout(function () { window.close(); }, 400);
})();
</script>`;
}

export function renderMessagePage(input: { title: string; message: string; hint?: string; notifyOpener?: OpenerNotice }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(input.title)} · QuickBooks Sync</title>
<style>
  body{margin:0;font-family:"Source Sans Pro",-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f6f7fc;color:#313440}
  main{max-width:40rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border-radius:4px;box-shadow:0 1px 6px rgba(49,52,64,.2)}
  h1{font-size:1.5rem;font-weight:600;margin:0 0 .75rem} p{line-height:1.5;margin:.5rem 0} .hint{color:#5e637a}
  .brand{font-size:.875rem;font-weight:600;color:#3c64f4;letter-spacing:.02em;margin-bottom:1rem}
</style></head>
<body><main role="main"><div class="brand">QuickBooks Sync for BigCommerce</div>
<h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.message)}</p>
${input.hint ? `<p class="hint">${escapeHtml(input.hint)}</p>` : ''}
</main>${input.notifyOpener ? openerScript(input.notifyOpener) : ''}</body></html>`;
}

// The control panel's HTML: plain server-rendered markup styled a little like BigCommerce's control panel.
// Two layouts: the home page (status, actions, callbacks, settings) and the app view, where, as in BigCommerce's
// control panel, a side menu and a top bar frame the app's iframe, which fills the rest of the window without the
// page scrolling (at 1280×800 the frame is 1040×704); the actions stay reachable in a compact toolbar.
// Everything interpolated goes through escapeHtml.
import type { SandboxContext, SandboxUser } from "../context";
import { escapeHtml as e } from "../http";
import { oauthState } from "../oauth";
import type { PanelState } from "./state";

export interface PanelView {
  ctx: SandboxContext;
  state: PanelState;
  selectedUser: SandboxUser;
  channelId: number | null;
  /** Set on /app: the load callback URL (with a fresh signed_payload_jwt) for the iframe. */
  appSrc?: string;
  /** The panel's own host (from the request), to warn when the app would not be cross-site. */
  panelHost: string;
}

export const CSS = `
*{box-sizing:border-box}body{margin:0;font-family:"Source Sans Pro",system-ui,sans-serif;color:#313440;background:#f6f7fc}
.shell{display:flex;min-height:100vh}
nav{width:220px;background:#313440;color:#d9dce9;padding:20px 0;flex-shrink:0}
nav .brand{color:#fff;font-weight:700;font-size:18px;padding:0 20px 20px}
nav a{display:block;color:#d9dce9;padding:8px 20px;text-decoration:none}nav a.active{background:#4b4f5f;color:#fff}
.content{flex:1;min-width:0}
header{background:#fff;border-bottom:1px solid #d9dce9;padding:14px 28px;display:flex;justify-content:space-between;align-items:center}
header h1{font-size:20px;margin:0}header .hash{color:#8c93ad;font-size:14px}
section.card{background:#fff;border:1px solid #d9dce9;border-radius:4px;margin:20px 28px;padding:16px 20px}
section.card h2{font-size:16px;margin:0 0 12px}
label{font-weight:600;margin-right:8px}select,input[type=text],input[type=url]{padding:6px 8px;border:1px solid #d9dce9;border-radius:4px;font:inherit}
input[type=url],input[type=text]{width:100%}
.row{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:10px}
button{font:inherit;padding:7px 14px;border-radius:4px;border:1px solid #3c64f4;background:#3c64f4;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#3c64f4}button.danger{background:#fff;color:#db3643;border-color:#db3643}
.grid{display:grid;grid-template-columns:200px 1fr;gap:8px 12px;align-items:center}
[role=status]{margin:20px 28px;padding:10px 14px;border-radius:4px;border:1px solid #d9dce9;background:#fff}
[role=status].ok{border-color:#208831;background:#ecf7ed}[role=status].error{border-color:#db3643;background:#fbe9eb}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef5;font-size:14px;vertical-align:top}
code{font-size:13px;word-break:break-all}
.warn{color:#a05c00}
/* App view: the window is the panel; only the app's frame scrolls. */
.app-view{height:100vh;overflow:hidden}.app-view .shell{height:100vh;min-height:0}
.app-view nav{width:240px}.app-view .content{display:flex;flex-direction:column;height:100vh}
.topbar{height:48px;flex-shrink:0;background:#fff;border-bottom:1px solid #d9dce9;padding:0 16px;display:flex;align-items:center;gap:16px;font-size:14px}
.topbar h1{font-size:16px;margin:0;white-space:nowrap}.topbar .hash{color:#8c93ad;white-space:nowrap}.topbar .who{white-space:nowrap}
.toolbar{height:48px;flex-shrink:0;background:#f6f7fc;border-bottom:1px solid #d9dce9;padding:0 16px;display:flex;align-items:center;gap:6px;font-size:13px}
.toolbar label{margin:0 2px 0 4px}.toolbar select{padding:3px 4px;font-size:13px;max-width:220px}
.toolbar button{padding:4px 10px;font-size:13px}
.topbar [role=status]{flex:1;min-width:0;margin:0;padding:4px 8px;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.badge{padding:2px 8px;border-radius:10px;background:#eceef5;font-size:12px;white-space:nowrap}.badge[data-installed=true]{background:#ecf7ed;color:#208831}
#app-frame{display:block;flex:1;min-height:0;width:100%;border:0;background:#fff}
`;

export function renderPanel(view: PanelView): string {
  const { ctx, state, selectedUser } = view;
  const storeName = ctx.store.getChannel(1)?.name ?? "Sandbox store";
  const userName = (id: number | undefined) => {
    const user = ctx.users.find((u) => u.id === id);
    return user ? `${user.username} (${user.id})` : "—";
  };
  const exchanges = oauthState(ctx).exchanges;
  const lastExchange = exchanges[exchanges.length - 1];

  const userOptions = ctx.users
    .map(
      (u) =>
        `<option value="${u.id}"${u.id === selectedUser.id ? " selected" : ""}>${e(u.username)} — ${u.owner ? "store owner" : "staff"} (${u.id})</option>`,
    )
    .join("");
  const channelOptions = [`<option value="">None</option>`]
    .concat(
      ctx.store
        .listChannels()
        .map((c) => `<option value="${c.id}"${c.id === view.channelId ? " selected" : ""}>${e(c.name)} (${c.id})</option>`),
    )
    .join("");

  const status = state.status
    ? `<p role="status" class="${state.status.ok ? "ok" : "error"}">${e(state.status.text)}</p>`
    : `<p role="status">No action yet.</p>`;


  const sameSite = (() => {
    try {
      return new URL(state.callbacks.load).hostname === view.panelHost.replace(/:\d+$/, "");
    } catch {
      return false;
    }
  })();

  const userSelect = `<label for="user">User</label><select id="user" name="user_id">${userOptions}</select>`;
  const channelSelect = `<label for="channel">Channel context</label><select id="channel" name="channel_id">${channelOptions}</select>`;
  const buttons = `<button type="submit" formaction="/panel/install">Install</button>
<button type="submit" formaction="/panel/open" class="secondary">Open app</button>
<button type="submit" formaction="/panel/uninstall" class="danger">Uninstall</button>
<button type="submit" formaction="/panel/remove-user" class="danger">Remove user</button>`;
  const nav = `<nav aria-label="Control panel"><div class="brand">BigCommerce</div><a href="/?user_id=${selectedUser.id}">Home</a><a href="/customers?user_id=${selectedUser.id}">Customers</a><a class="active" href="/?user_id=${selectedUser.id}">Apps · My apps</a></nav>`;
  // Keep the selected user when switching: reload the page for that user (no action runs on GET).
  const script = `<script>
document.getElementById("user").addEventListener("change", function (ev) { location.search = "?user_id=" + encodeURIComponent(ev.target.value); });
</script>`;
  const head = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Control panel · ${e(storeName)}</title><style>${CSS}</style></head>`;

  if (view.appSrc) {
    const statusLine = state.status
      ? `<p role="status" class="${state.status.ok ? "ok" : "error"}" title="${e(state.status.text)}">${e(state.status.text)}</p>`
      : `<p role="status">No action yet.</p>`;
    return `${head}
<body class="app-view"><div class="shell">
${nav}
<div class="content">
<header class="topbar"><h1>${e(storeName)}</h1><span class="hash">Store hash: <code data-store-hash>${e(ctx.config.storeHash)}</code></span>
<span class="badge" data-installed="${state.installed}" data-opened-by="${[...state.openedBy].join(",")}">Channel Access: ${state.installed ? "installed" : "not installed"}</span>
${statusLine}
<span class="who">Signed in as <strong data-current-user="${selectedUser.id}">${e(selectedUser.username)}</strong></span></header>
<form class="toolbar" method="post" action="/panel/open" aria-label="Actions">
${userSelect}${channelSelect}
${buttons}
</form>
<iframe id="app-frame" title="Channel Access app" src="${e(view.appSrc)}"></iframe>
</div></div>
${script}
</body></html>`;
  }

  const revokedNote = (c: PanelState["calls"][number]) =>
    c.tokensRevokedBefore === undefined ? "" : `<br><small>${c.tokensRevokedBefore ? "token revoked before the call" : "token still valid during the call"}</small>`;
  const callsTable = state.calls.length
    ? `<table><thead><tr><th>Callback</th><th>User</th><th>Result</th><th>Body</th></tr></thead><tbody>${state.calls
        .map(
          (c) =>
            `<tr><td>${e(c.kind)}<br><code>${e(c.url)}</code>${revokedNote(c)}</td><td>${e(userName(c.userId))}</td><td>${
              c.status !== undefined ? `HTTP ${c.status}` : e(c.error ?? "no answer")
            }</td><td><code>${e(c.bodySnippet ?? "")}</code></td></tr>`,
        )
        .join("")}</tbody></table>`
    : "<p>No server-to-server calls yet.</p>";
  const orderOption = (value: string, label: string) => `<option value="${value}"${state.uninstallOrder === value ? " selected" : ""}>${label}</option>`;

  return `${head}
<body><div class="shell">
${nav}
<div class="content">
<header><div><h1>${e(storeName)}</h1><span class="hash">Store hash: <code data-store-hash>${e(ctx.config.storeHash)}</code></span></div>
<div>Signed in as <strong data-current-user="${selectedUser.id}">${e(selectedUser.username)}</strong></div></header>
${status}
<section class="card" aria-label="App status"><h2>Channel Access</h2>
<div class="grid">
<span>Status</span><strong data-installed="${state.installed}">${state.installed ? "Installed" : "Not installed"}</strong>
<span>Installed by</span><span>${e(state.installed ? userName(state.installedBy) : "—")}</span>
<span>Last token issued to</span><span>${e(lastExchange ? userName(lastExchange.userId) : "—")}</span>
<span>Opened by</span><span data-opened-by="${[...state.openedBy].join(",")}">${e([...state.openedBy].map(userName).join(", ") || "—")}</span>
<span>Client id</span><code>${e(ctx.config.clientId)}</code>
</div></section>
<section class="card" aria-label="Actions"><h2>Actions</h2>
<form method="post" action="/panel/open">
<div class="row">${userSelect}
${channelSelect}</div>
<div class="row">
${buttons}
</div></form></section>
<section class="card" aria-label="Callback results"><h2>Server-to-server callbacks</h2>${callsTable}</section>
<section class="card" aria-label="App settings"><h2>App settings</h2>
${sameSite ? `<p class="warn">The app's load URL is on the panel's host, so the iframe is not cross-site as in production.</p>` : ""}
<form method="post" action="/panel/settings"><div class="grid">
<label for="auth_url">Auth callback URL</label><input type="url" id="auth_url" name="auth_url" value="${e(state.callbacks.auth)}">
<label for="load_url">Load callback URL</label><input type="url" id="load_url" name="load_url" value="${e(state.callbacks.load)}">
<label for="uninstall_url">Uninstall callback URL</label><input type="url" id="uninstall_url" name="uninstall_url" value="${e(state.callbacks.uninstall)}">
<label for="remove_user_url" title="remove_user callback">Staff removal callback URL</label><input type="url" id="remove_user_url" name="remove_user_url" value="${e(state.callbacks.removeUser)}">
<label for="scopes">Scopes</label><input type="text" id="scopes" name="scopes" value="${e(state.scopes.join(" "))}">
<label for="uninstall_order">On uninstall</label><select id="uninstall_order" name="uninstall_order">${orderOption("revoke-first", "Revoke the token, then call back (BigCommerce)")}${orderOption("callback-first", "Call back, then revoke the token")}</select>
<input type="hidden" name="user_id" value="${selectedUser.id}">
</div><div class="row" style="margin-top:12px"><button type="submit">Save settings</button></div></form>
</section>
</div></div>
${script}
</body></html>`;
}

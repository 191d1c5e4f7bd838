// The control panel's HTML: plain server-rendered markup styled a little like BigCommerce's control panel.
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

const CSS = `
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
#app-frame{display:block;width:100%;height:800px;border:0;background:#fff}
.app-card{padding:0;overflow:hidden}
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

  const calls = state.calls.length
    ? `<table><thead><tr><th>Callback</th><th>User</th><th>Result</th><th>Body</th></tr></thead><tbody>${state.calls
        .map(
          (c) =>
            `<tr><td>${e(c.kind)}<br><code>${e(c.url)}</code></td><td>${e(userName(c.userId))}</td><td>${
              c.status !== undefined ? `HTTP ${c.status}` : e(c.error ?? "no answer")
            }</td><td><code>${e(c.bodySnippet ?? "")}</code></td></tr>`,
        )
        .join("")}</tbody></table>`
    : "<p>No server-to-server calls yet.</p>";

  const sameSite = (() => {
    try {
      return new URL(state.callbacks.load).hostname === view.panelHost.replace(/:\d+$/, "");
    } catch {
      return false;
    }
  })();

  const appCard = view.appSrc
    ? `<section class="card app-card" aria-label="App"><iframe id="app-frame" title="Channel Access app" src="${e(view.appSrc)}"></iframe></section>`
    : "";

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Control panel · ${e(storeName)}</title><style>${CSS}</style></head>
<body><div class="shell">
<nav aria-label="Control panel"><div class="brand">BigCommerce</div><a href="/?user_id=${selectedUser.id}">Home</a><a class="active" href="/?user_id=${selectedUser.id}">Apps · My apps</a></nav>
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
<div class="row"><label for="user">User</label><select id="user" name="user_id">${userOptions}</select>
<label for="channel">Channel context</label><select id="channel" name="channel_id">${channelOptions}</select></div>
<div class="row">
<button type="submit" formaction="/panel/install">Install</button>
<button type="submit" formaction="/panel/open" class="secondary">Open app</button>
<button type="submit" formaction="/panel/uninstall" class="danger">Uninstall</button>
<button type="submit" formaction="/panel/remove-user" class="danger">Remove user</button>
</div></form></section>
${appCard}
<section class="card" aria-label="Callback results"><h2>Server-to-server callbacks</h2>${calls}</section>
<section class="card" aria-label="App settings"><h2>App settings</h2>
${sameSite ? `<p class="warn">The app's load URL is on the panel's host, so the iframe is not cross-site as in production.</p>` : ""}
<form method="post" action="/panel/settings"><div class="grid">
<label for="auth_url">Auth callback URL</label><input type="url" id="auth_url" name="auth_url" value="${e(state.callbacks.auth)}">
<label for="load_url">Load callback URL</label><input type="url" id="load_url" name="load_url" value="${e(state.callbacks.load)}">
<label for="uninstall_url">Uninstall callback URL</label><input type="url" id="uninstall_url" name="uninstall_url" value="${e(state.callbacks.uninstall)}">
<label for="remove_user_url" title="remove_user callback">Staff removal callback URL</label><input type="url" id="remove_user_url" name="remove_user_url" value="${e(state.callbacks.removeUser)}">
<label for="scopes">Scopes</label><input type="text" id="scopes" name="scopes" value="${e(state.scopes.join(" "))}">
<input type="hidden" name="user_id" value="${selectedUser.id}">
</div><div class="row" style="margin-top:12px"><button type="submit">Save settings</button></div></form>
</section>
</div></div>
<script>
// Keep the selected user when switching: reload the page for that user (no action runs on GET).
document.getElementById("user").addEventListener("change", function (ev) { location.search = "?user_id=" + encodeURIComponent(ev.target.value); });
</script>
</body></html>`;
}

// The control panel's Customers pages, where a merchant changes a customer's channel access outside the app:
//   GET  /customers?user_id=&page=            the store's customers, 50 a page, each linking to its edit page
//   GET  /customers/{id}/edit?user_id=         the edit page: global access, or a list of channels
//   POST /panel/customers/{id}                 saves it (form; PRG back to the edit page)
// The save goes through the store's own write, so it is checked like an API write and fires the same webhooks.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { SandboxContext } from "../context";
import { escapeHtml as e, readText, redirect, sendHtml } from "../http";
import { CSS } from "./render";
import { issuesText } from "../validation/issues";
import { panelState } from "./state";

const PAGE_SIZE = 50;
const EDIT_PATH = /^\/customers\/(\d+)\/edit$/;
const SAVE_PATH = /^\/panel\/customers\/(\d+)$/;

/** global: `channel_ids: null`; channels: the ticked channels (none ticked is refused by the store, as by the API). */
const AccessForm = z.discriminatedUnion("access", [
  z.object({ access: z.literal("global") }),
  z.object({ access: z.literal("channels"), channel_ids: z.array(z.coerce.number().int().positive()) }),
], { error: 'access must be "global" or "channels"' });

export async function customerRoutes(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext): Promise<boolean> {
  const userId = Number(url.searchParams.get("user_id")) || ctx.users.find((u) => u.owner)?.id || 0;
  if (req.method === "GET" && url.pathname === "/customers") {
    sendHtml(res, 200, listPage(ctx, userId, Math.max(1, Number(url.searchParams.get("page")) || 1)), { "Cache-Control": "no-store" });
    return true;
  }
  const edit = req.method === "GET" ? EDIT_PATH.exec(url.pathname) : null;
  if (edit) {
    const html = editPage(ctx, userId, Number(edit[1]));
    sendHtml(res, html ? 200 : 404, html ?? page(ctx, userId, "Customer not found", `<p>No customer ${e(edit[1])}.</p>`), { "Cache-Control": "no-store" });
    return true;
  }
  const save = req.method === "POST" ? SAVE_PATH.exec(url.pathname) : null;
  if (save) {
    await saveCustomer(req, res, ctx, Number(save[1]));
    return true;
  }
  return false;
}

async function saveCustomer(req: IncomingMessage, res: ServerResponse, ctx: SandboxContext, id: number): Promise<void> {
  const state = panelState(ctx);
  const form = new URLSearchParams(await readText(req));
  const userId = Number(form.get("user_id")) || undefined;
  const back = () => redirect(res, `/customers/${id}/edit${userId ? `?user_id=${userId}` : ""}`, 303);
  const parsed = AccessForm.safeParse({ access: form.get("access"), channel_ids: form.getAll("channel_ids") });
  if (!parsed.success) {
    state.status = { ok: false, text: `Customer ${id} not saved: ${issuesText(parsed.error)}` };
    return back();
  }
  const channelIds = parsed.data.access === "global" ? null : parsed.data.channel_ids;
  try {
    ctx.store.updateCustomers([{ id, channel_ids: channelIds }]);
    state.status = { ok: true, text: `Saved customer ${id}: ${describeAccess(ctx, channelIds)}.` };
  } catch (error) {
    const errors = (error as { errors?: Record<string, string> }).errors;
    const detail = errors && Object.keys(errors).length ? Object.values(errors).join(" ") : error instanceof Error ? error.message : String(error);
    state.status = { ok: false, text: `Customer ${id} not saved: ${detail}` };
  }
  back();
}

function describeAccess(ctx: SandboxContext, channelIds: number[] | null): string {
  if (channelIds === null) return "global access (every channel that allows global logins)";
  return `channels ${channelIds.map((id) => `${ctx.store.getChannel(id)?.name ?? "unknown"} (${id})`).join(", ")}`;
}

function page(ctx: SandboxContext, userId: number, title: string, body: string): string {
  const state = panelState(ctx);
  const status = state.status ? `<p role="status" class="${state.status.ok ? "ok" : "error"}">${e(state.status.text)}</p>` : `<p role="status">No action yet.</p>`;
  const storeName = ctx.store.getChannel(1)?.name ?? "Sandbox store";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)} · ${e(storeName)}</title><style>${CSS}</style></head>
<body><div class="shell">
<nav aria-label="Control panel"><div class="brand">BigCommerce</div><a href="/?user_id=${userId}">Home</a><a class="active" href="/customers?user_id=${userId}">Customers</a><a href="/?user_id=${userId}">Apps · My apps</a></nav>
<div class="content">
<header><div><h1>${e(title)}</h1><span class="hash">Store hash: <code data-store-hash>${e(ctx.config.storeHash)}</code></span></div></header>
${status}
${body}
</div></div></body></html>`;
}

const accessText = (channelIds: number[] | null) => (channelIds === null ? "Global" : channelIds.join(", "));

function listPage(ctx: SandboxContext, userId: number, pageNumber: number): string {
  const all = ctx.store.customersSorted();
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const rows = all
    .slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE)
    .map(
      (c) =>
        `<tr data-customer-id="${c.id}"><td>${c.id}</td><td>${e(`${c.first_name} ${c.last_name}`)}</td><td>${e(c.email)}</td><td>${e(accessText(c.channel_ids))}</td><td><a href="/customers/${c.id}/edit?user_id=${userId}">Edit</a></td></tr>`,
    )
    .join("");
  const link = (p: number, label: string) => `<a href="/customers?user_id=${userId}&page=${p}">${label}</a>`;
  const nav = [pageNumber > 1 ? link(pageNumber - 1, "Previous") : "", `Page ${pageNumber} of ${pages}`, pageNumber < pages ? link(pageNumber + 1, "Next") : ""].join(" ");
  return page(
    ctx,
    userId,
    "Customers",
    `<section class="card" aria-label="Customers"><h2>Customers (${all.length})</h2>
<table><thead><tr><th>ID</th><th>Name</th><th>Email</th><th>Channel access</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<p>${nav}</p></section>`,
  );
}

function editPage(ctx: SandboxContext, userId: number, id: number): string | undefined {
  const customer = ctx.store.getCustomer(id);
  if (!customer) return undefined;
  const ids = customer.channel_ids;
  const boxes = ctx.store
    .listChannels()
    .map(
      (c) =>
        `<label><input type="checkbox" name="channel_ids" value="${c.id}"${ids?.includes(c.id) ? " checked" : ""}> ${e(c.name)} (${c.id})</label><br>`,
    )
    .join("");
  return page(
    ctx,
    userId,
    `Edit customer ${id}`,
    `<section class="card" aria-label="Customer"><h2>${e(`${customer.first_name} ${customer.last_name}`)} · ${e(customer.email)}</h2>
<p>Current access: <strong data-channel-ids="${ids === null ? "null" : ids.join(",")}">${e(describeAccess(ctx, ids))}</strong></p>
<form method="post" action="/panel/customers/${id}">
<input type="hidden" name="user_id" value="${userId}">
<fieldset><legend>Channel access</legend>
<label><input type="radio" name="access" value="global"${ids === null ? " checked" : ""}> All channels that allow global logins</label><br>
<label><input type="radio" name="access" value="channels"${ids === null ? "" : " checked"}> Only the channels ticked below</label><br>
${boxes}
</fieldset>
<div class="row" style="margin-top:12px"><button type="submit">Save</button> <a href="/customers?user_id=${userId}">Back to customers</a></div>
</form></section>`,
  );
}

// What load and auth answer inside the control panel's iframe: a small branded page that hands the sealed session
// to the app's JavaScript through sessionStorage (and a Partitioned cookie) and replaces itself with the app. The
// token never appears in a URL or a Referer.
import "server-only";
import { randomBytes } from "node:crypto";
import { NextResponse } from "next/server";
import { frameAncestorsDirective } from "@/lib/auth/frame-ancestors";
import { SESSION_STORAGE_KEY } from "@/lib/contract/session";
import { setSessionCookie } from "@/lib/session";

/** JSON that is safe inside <script>: no `</script>`, no HTML comment or line-separator tricks. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function pageHeaders(nonce?: string): Record<string, string> {
  const script = nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'";
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": `default-src 'none'; ${script}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; ${frameAncestorsDirective()}`,
  };
}

/** The brand the landing and error pages share, so the merchant never sees a bare or blank frame. */
const PAGE_CSS =
  "body{margin:0;font-family:system-ui,-apple-system,'Source Sans Pro',sans-serif;color:#313440;background:#f6f7fc}" +
  "main{max-width:560px;margin:48px auto;padding:28px 32px;background:#fff;border:1px solid #d9dce9;border-radius:8px;box-shadow:0 1px 2px rgba(49,52,64,.08)}" +
  ".brand{display:flex;align-items:center;gap:10px;font-weight:700;font-size:15px;color:#3c64f4;margin-bottom:18px}" +
  ".mark{display:inline-flex;align-items:center;justify-content:center;width:28px;height:28px;border-radius:6px;background:#3c64f4;color:#fff;font-size:13px}" +
  "h1{font-size:20px;margin:0 0 8px}p{margin:8px 0;line-height:1.5}a{color:#3c64f4}.muted{color:#5e637a}";

const page = (title: string, body: string, script = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Channel Access</title><style>${PAGE_CSS}</style></head>
<body><main><div class="brand"><span class="mark" aria-hidden="true">CA</span>Channel Access</div>
${body}</main>${script}</body></html>`;

export interface LandingView {
  /** The heading, e.g. "Channel Access is installed". */
  title: string;
  /** Who is signed in, for which store. */
  signedInAs: { email: string; storeHash: string };
}

/**
 * 200 page: store the token, set the cookie, go to `path` (a same-origin path, already checked). It shows who is
 * signed in while the app loads, and a link if scripts are off: a frame never stays blank.
 */
export function sessionLandingResponse(token: string, path: string, view?: LandingView): NextResponse {
  const nonce = randomBytes(16).toString("base64");
  const title = view?.title ?? "Opening Channel Access";
  const who = view ? `<p data-testid="landing-signed-in">Signed in as <strong>${escapeHtml(view.signedInAs.email)}</strong> for store <strong>${escapeHtml(view.signedInAs.storeHash)}</strong>.</p>` : "";
  const html = page(
    title,
    `<h1>${escapeHtml(title)}</h1>${who}<p class="muted">Opening the access matrix… <a href="${escapeHtml(path)}">Open it now</a>.</p>` +
      `<noscript><p>Channel Access needs JavaScript.</p></noscript>`,
    `<script nonce="${nonce}">(function(){try{sessionStorage.setItem(${scriptJson(SESSION_STORAGE_KEY)},${scriptJson(token)});}catch(e){}location.replace(${scriptJson(path)});})();</script>`,
  );
  const response = new NextResponse(html, { status: 200, headers: pageHeaders(nonce) });
  setSessionCookie(response, token);
  return response;
}

const ERROR_CODES: Record<number, string> = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 500: "server_error" };

/** An error page for the merchant inside the control panel (or JSON when the caller asked for JSON). */
export function callbackErrorResponse(request: Request, status: number, title: string, message: string): NextResponse {
  const wantsHtml = (request.headers.get("accept") ?? "").includes("text/html");
  if (!wantsHtml) {
    const error = ERROR_CODES[status] ?? (status >= 500 ? "bad_gateway" : "bad_request");
    return NextResponse.json({ error, message }, { status, headers: { ...pageHeaders(), "Content-Type": "application/json" } });
  }
  return new NextResponse(page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`), { status, headers: pageHeaders() });
}

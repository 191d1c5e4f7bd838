// What load and auth answer: a tiny page that hands the sealed session to the app's JavaScript through
// sessionStorage and replaces itself with the app. The token never appears in a URL or a Referer.
import "server-only";
import { randomBytes } from "node:crypto";
import { NextResponse } from "next/server";
import { frameAncestors } from "@/lib/auth/frame-ancestors";
import { SESSION_STORAGE_KEY } from "@/lib/client/session-token";
import { setSessionCookie } from "@/lib/session";

/** JSON that is safe inside <script>: no `</script>`, no HTML comment or line-separator tricks. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function pageHeaders(nonce?: string): Record<string, string> {
  const script = nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'";
  let ancestors: string;
  try {
    ancestors = frameAncestors();
  } catch {
    ancestors = frameAncestors(""); // a bad BC_CONTROL_PANEL_ORIGINS never widens framing
  }
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": `default-src 'none'; ${script}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
  };
}

/** 200 page: store the token, set the cookie, go to `path` (a same-origin path, already checked). */
export function sessionLandingResponse(token: string, path: string): NextResponse {
  const nonce = randomBytes(16).toString("base64");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Channel Access</title></head>
<body><p>Opening Channel Access…</p><noscript>Channel Access needs JavaScript.</noscript>
<script nonce="${nonce}">(function(){try{sessionStorage.setItem(${scriptJson(SESSION_STORAGE_KEY)},${scriptJson(token)});}catch(e){}location.replace(${scriptJson(path)});})();</script>
</body></html>`;
  const response = new NextResponse(html, { status: 200, headers: pageHeaders(nonce) });
  setSessionCookie(response, token);
  return response;
}

/** An error page for the merchant inside the control panel (or JSON when the caller asked for JSON). */
export function callbackErrorResponse(request: Request, status: number, title: string, message: string): NextResponse {
  const wantsHtml = (request.headers.get("accept") ?? "").includes("text/html");
  if (!wantsHtml) {
    const error = status === 401 ? "unauthorized" : status >= 500 ? "bad_gateway" : "bad_request";
    return NextResponse.json({ error, message }, { status, headers: { ...pageHeaders(), "Content-Type": "application/json" } });
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Channel Access</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#313440}h1{font-size:1.25rem}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  return new NextResponse(html, { status, headers: pageHeaders() });
}

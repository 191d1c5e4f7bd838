// Small HTTP helpers shared by the sandbox's route modules.
import type { IncomingMessage, ServerResponse } from "node:http";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: Record<string, string> = {},
  ) {
    super(title);
  }
}

/** BigCommerce's standard error body: {status, title, type, errors}. */
export function errorBody(status: number, title: string, errors: Record<string, string> = {}) {
  return { status, title, type: "/api-docs/getting-started/api-status-codes", errors };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "Content-Type": "application/json" } : {}), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, title: string, errors: Record<string, string> = {}): void {
  sendJson(res, status, errorBody(status, title, errors));
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", ...headers });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { Location: location });
  res.end();
}

const MAX_BODY = 1024 * 1024;

export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, "The request payload is too large.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON or urlencoded body. An unparsable JSON body is a 422, as BigCommerce answers. */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  const type = String(req.headers["content-type"] ?? "");
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(422, "Invalid JSON request body", { body: "The request body is not valid JSON." });
  }
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

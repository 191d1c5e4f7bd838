// Who may frame the app: proxy.ts (every page) and the pages the load/auth callbacks answer. Extra origins come
// from BC_CONTROL_PANEL_ORIGINS, validated so nothing but an origin can reach the CSP header.
import { z } from "zod";
import { describeIssues } from "@/lib/contract/issues";

/** BigCommerce's control panel and storefront hosts. */
const BIGCOMMERCE_FRAME_ANCESTORS = ["https://*.bigcommerce.com", "https://*.mybigcommerce.com"] as const;

// scheme://host[:port], host optionally starting with "*." — no path, quotes, spaces or semicolons.
const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

export const ControlPanelOrigins = z
  .string()
  .optional()
  .transform((raw) => (raw ?? "").split(/[\s,]+/).filter(Boolean).map((o) => o.replace(/\/$/, "")))
  .superRefine((origins, ctx) => {
    const wrong = origins.filter((o) => !ORIGIN.test(o)).map((o) => `"${o}"`);
    if (wrong.length) ctx.addIssue({ code: "custom", message: `each entry must be an origin like http://127.0.0.1:4000 (scheme, host, optional port), not ${wrong.join(", ")}` });
  });

/** Parses BC_CONTROL_PANEL_ORIGINS; throws a message naming the variable when it holds something else. */
function parseControlPanelOrigins(raw: string | undefined): string[] {
  const parsed = ControlPanelOrigins.safeParse(raw);
  if (!parsed.success) throw new Error(describeIssues(parsed.error, { root: "BC_CONTROL_PANEL_ORIGINS" }));
  return parsed.data;
}

/** The CSP `frame-ancestors` directive value: self, BigCommerce, and the configured extra origins. */
export function frameAncestors(raw: string | undefined = process.env.BC_CONTROL_PANEL_ORIGINS): string {
  return ["'self'", ...BIGCOMMERCE_FRAME_ANCESTORS, ...parseControlPanelOrigins(raw)].join(" ");
}

/** The `frame-ancestors …` directive every page carries (proxy.ts and the callbacks' own pages). */
export function frameAncestorsDirective(): string {
  try {
    return `frame-ancestors ${frameAncestors()}`;
  } catch (error) {
    // A bad BC_CONTROL_PANEL_ORIGINS must not widen framing: fall back to BigCommerce only.
    console.error((error as Error).message);
    return `frame-ancestors ${frameAncestors("")}`;
  }
}

/**
 * Routes that answer with their own, stricter CSP (script nonce, frame-ancestors) and `Referrer-Policy: no-referrer`
 * (their URLs carry BigCommerce's signed payload or code). next.config.js's API headers leave those headers to them
 * (lib/auth/proxy.test.ts checks its pattern against this list).
 */
export const PATHS_WITH_OWN_POLICY = ["/api/load", "/api/auth"] as const;

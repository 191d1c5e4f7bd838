// The install's code-for-token exchange: the app's only request to BigCommerce's login host.
// Failures keep BigCommerce's status and words (4xx → same 4xx; 5xx, unreachable, nonsense → 502).
import "server-only";
import { z } from "zod";
import { storeContext } from "@/lib/contract/store-hash";
import { parseJsonText } from "@/lib/contract/json";

export const TOKEN_EXCHANGE_TIMEOUT_MS = 10_000;

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  user: z.object({ id: z.number().int().positive(), username: z.string().optional(), email: z.email() }),
  owner: z.object({ id: z.number().int().positive(), username: z.string().optional(), email: z.email().optional() }).optional(),
  context: storeContext("context"),
  account_uuid: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export class OAuthExchangeError extends Error {
  override name = "OAuthExchangeError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ExchangeConfig {
  clientId: string;
  clientSecret: string;
  loginUrl: string;
  appUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface ExchangeRequest {
  code: string;
  scope: string;
  context: string;
}

export async function exchangeAuthCode(request: ExchangeRequest, config: ExchangeConfig): Promise<TokenResponse> {
  const body = new URLSearchParams({
    client_id: config.clientId,
    client_secret: config.clientSecret,
    code: request.code,
    context: request.context,
    scope: request.scope,
    grant_type: "authorization_code",
    redirect_uri: `${config.appUrl}/api/auth`,
  });
  const doFetch = config.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${config.loginUrl}/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body,
      redirect: "error",
      cache: "no-store",
      signal: AbortSignal.timeout(config.timeoutMs ?? TOKEN_EXCHANGE_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new OAuthExchangeError(
      502,
      timedOut ? "BigCommerce's login service did not answer in time. Try installing again." : "BigCommerce's login service could not be reached. Try installing again.",
    );
  }

  const text = await response.text().catch(() => "");
  if (!response.ok) {
    const detail = errorText(text) || response.statusText || "no details";
    const status = response.status >= 400 && response.status < 500 ? response.status : 502;
    throw new OAuthExchangeError(status, `BigCommerce refused the installation (HTTP ${response.status}): ${detail}`);
  }
  const parsed = parseJsonText(text, TokenResponse);
  if (!parsed.ok)
    throw new OAuthExchangeError(
      502,
      parsed.notJson
        ? "BigCommerce's login service answered with something that is not JSON."
        : `BigCommerce's token response is missing fields: ${parsed.error.issues.map((i) => i.path.join(".") || "body").join(", ")}.`,
    );
  if (parsed.data.context !== request.context)
    throw new OAuthExchangeError(502, `BigCommerce issued a token for ${parsed.data.context}, not ${request.context}.`);
  return parsed.data;
}

/** BigCommerce's error text: `error_description`, `error`, `title` or `message` from JSON, else the raw text. */
function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const words = ["error", "error_description", "title", "message"]
      .map((key) => body?.[key])
      .filter((v): v is string => typeof v === "string" && v.trim() !== "")
      .map((v) => v.trim());
    if (words.length) return words.join(": ").slice(0, 500);
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 500);
}

import { describe, expect, it } from "vitest";
import { exchangeAuthCode, OAuthExchangeError } from "./oauth";

const config = { clientId: "cid", clientSecret: "csecret", loginUrl: "https://login.test", appUrl: "https://app.test" };
const request = { code: "code-1", scope: "store_v2_customers store_channel_settings", context: "stores/abc123" };
const tokenBody = {
  access_token: "tok",
  scope: request.scope,
  user: { id: 1, username: "u", email: "u@example.com" },
  owner: { id: 1, username: "u", email: "u@example.com" },
  context: "stores/abc123",
  account_uuid: "uuid",
};

function fakeFetch(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  }) as typeof fetch;
  return { calls, impl };
}

async function failure(promise: Promise<unknown>): Promise<OAuthExchangeError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OAuthExchangeError);
  return error as OAuthExchangeError;
}

describe("exchangeAuthCode", () => {
  it("posts the form BigCommerce expects and returns the validated token", async () => {
    const f = fakeFetch(() => Response.json(tokenBody));
    expect(await exchangeAuthCode(request, { ...config, fetch: f.impl })).toEqual(tokenBody);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0].url).toBe("https://login.test/oauth2/token");
    expect(f.calls[0].init.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(String(f.calls[0].init.body)))).toEqual({
      client_id: "cid",
      client_secret: "csecret",
      code: "code-1",
      context: "stores/abc123",
      scope: request.scope,
      grant_type: "authorization_code",
      redirect_uri: "https://app.test/api/auth",
    });
  });

  it("keeps a 4xx status and shows BigCommerce's words", async () => {
    const f = fakeFetch(() => Response.json({ error: "invalid_grant", error_description: "The authorization code has expired." }, { status: 400 }));
    const error = await failure(exchangeAuthCode(request, { ...config, fetch: f.impl }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("invalid_grant: The authorization code has expired.");
    const g = fakeFetch(() => new Response("Invalid client id.", { status: 401 }));
    const e2 = await failure(exchangeAuthCode(request, { ...config, fetch: g.impl }));
    expect([e2.status, e2.message]).toEqual([401, "BigCommerce refused the installation (HTTP 401): Invalid client id."]);
  });

  it("answers 502 for 5xx, unreachable, timeouts and nonsense", async () => {
    expect((await failure(exchangeAuthCode(request, { ...config, fetch: fakeFetch(() => new Response("oops", { status: 503 })).impl }))).status).toBe(502);
    const unreachable = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
    const e = await failure(exchangeAuthCode(request, { ...config, fetch: unreachable.impl }));
    expect([e.status, e.message]).toEqual([502, "BigCommerce's login service could not be reached. Try installing again."]);
    const slow = ((_u: string, init?: RequestInit) =>
      new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)))) as typeof fetch;
    expect((await failure(exchangeAuthCode(request, { ...config, fetch: slow, timeoutMs: 20 }))).message).toMatch(/did not answer in time/);
    expect((await failure(exchangeAuthCode(request, { ...config, fetch: fakeFetch(() => new Response("<html>")).impl }))).status).toBe(502);
    const missing = await failure(exchangeAuthCode(request, { ...config, fetch: fakeFetch(() => Response.json({ scope: "x" })).impl }));
    expect(missing.message).toMatch(/missing fields: access_token/);
  });

  it("refuses a token for another store than the one installing", async () => {
    const f = fakeFetch(() => Response.json({ ...tokenBody, context: "stores/other" }));
    expect((await failure(exchangeAuthCode(request, { ...config, fetch: f.impl }))).message).toMatch(/stores\/other, not stores\/abc123/);
  });
});

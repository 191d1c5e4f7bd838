import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppApiError, isSessionError, SessionError } from "./errors";
import { GlobalLoginsResponseSchema } from "@/lib/contract/responses";
import { appFetch, appJson, fetchSession } from "./fetch";
import { clearSessionToken, getSessionToken, SESSION_STORAGE_KEY, setSessionToken } from "./session-token";

class MemoryStorage {
  private items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

const g = globalThis as { window?: unknown };
beforeEach(() => {
  g.window = { sessionStorage: new MemoryStorage() };
  clearSessionToken();
});
afterEach(() => {
  delete g.window;
});

function recorder(response: () => Response) {
  const seen: { url: string; headers: Headers }[] = [];
  const fetchImpl = async (url: string, init?: RequestInit) => {
    seen.push({ url, headers: new Headers(init?.headers) });
    return response();
  };
  return { seen, fetchImpl };
}

describe("appFetch", () => {
  it("sends the session as a bearer token and adopts a renewed one", async () => {
    setSessionToken("old-token");
    const r = recorder(() => Response.json({ ok: true }, { headers: { "X-Session-Token": "new-token" } }));
    await appFetch("/api/session", { fetchImpl: r.fetchImpl });
    expect(r.seen[0].headers.get("authorization")).toBe("Bearer old-token");
    expect(getSessionToken()).toBe("new-token");
    expect((g.window as { sessionStorage: MemoryStorage }).sessionStorage.getItem(SESSION_STORAGE_KEY)).toBe("new-token");
  });

  it("sends no Authorization header without a token (the cookie may still carry it)", async () => {
    const r = recorder(() => Response.json({}));
    await appFetch("/api/x", { fetchImpl: r.fetchImpl });
    expect(r.seen[0].headers.has("authorization")).toBe(false);
  });

  it.each([401, 403])("turns %i into a SessionError that says to reopen the app", async (status) => {
    const r = recorder(() => Response.json({ error: "forbidden", message: "You no longer have access." }, { status }));
    const error = await appFetch("/api/session", { fetchImpl: r.fetchImpl }).catch((e: unknown) => e);
    expect(isSessionError(error)).toBe(true);
    expect(error).toMatchObject({ status, code: "forbidden", message: "You no longer have access." });
    expect((error as SessionError).reopenMessage).toMatch(/Reopen the app from the BigCommerce control panel/);
  });

  it("keeps a 403 not_permitted (a live session refused one action) apart from a lost session", async () => {
    const r = recorder(() => Response.json({ error: "not_permitted", message: "Ask the store owner." }, { status: 403 }));
    const error = await appFetch("/api/x", { fetchImpl: r.fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppApiError);
    expect(isSessionError(error)).toBe(false);
    expect(error).toMatchObject({ status: 403, code: "not_permitted", message: "Ask the store owner." });
  });

  it("turns other failures into AppApiError with the server's message", async () => {
    const r = recorder(() => Response.json({ error: "bad_gateway", message: "BigCommerce is down." }, { status: 502 }));
    const error = await appFetch("/api/x", { fetchImpl: r.fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppApiError);
    expect(isSessionError(error)).toBe(false);
    expect(error).toMatchObject({ status: 502, message: "BigCommerce is down." });
  });

  it("refuses to send the session anywhere but the app's own paths", async () => {
    await expect(appFetch("https://evil.example.com/x")).rejects.toThrow(/own API paths/);
    await expect(appFetch("//evil.example.com/x")).rejects.toThrow(/own API paths/);
  });

  it("validates /api/session", async () => {
    const info = { storeHash: "abc", user: { id: 1, email: "a@example.com" }, isOwner: true, expiresAt: "2026-01-01T00:00:00.000Z" };
    expect(await fetchSession({ fetchImpl: recorder(() => Response.json(info)).fetchImpl })).toEqual(info);
    await expect(fetchSession({ fetchImpl: recorder(() => Response.json({ storeHash: 1 })).fetchImpl })).rejects.toThrow();
  });

  it("reads answers with the contract's schema, and names what is wrong with one it cannot read", async () => {
    const channel = { id: 2, name: "Acme Wholesale", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: false };
    const read = (body: unknown) => appJson("/api/channels/2/global-logins", { schema: GlobalLoginsResponseSchema, fetchImpl: recorder(() => Response.json(body)).fetchImpl });
    expect(await read({ channel, extra: 1 })).toEqual({ channel });
    await expect(read({ channel: { ...channel, allowGlobalLogins: "yes" } })).rejects.toThrow(
      /^The app's server sent an answer this page cannot read \(\/api\/channels\/2\/global-logins: channel\.allowGlobalLogins: .+\)\. Reopen the app/,
    );
  });

  it("keeps the token in memory where storage is denied to the third-party iframe", async () => {
    g.window = {
      get sessionStorage(): Storage {
        throw new DOMException("Access is denied for this document.", "SecurityError");
      },
    };
    const r = recorder(() => Response.json({}, { headers: { "X-Session-Token": "from-cookie" } }));
    await appFetch("/api/session", { fetchImpl: r.fetchImpl });
    expect(r.seen[0].headers.has("authorization")).toBe(false);
    expect(getSessionToken()).toBe("from-cookie");
    await appFetch("/api/x", { fetchImpl: r.fetchImpl });
    expect(r.seen[1].headers.get("authorization")).toBe("Bearer from-cookie");
  });

  it("fetches a token through the cookie before a write when it has none (the cookie alone cannot write)", async () => {
    const r = recorder(() => Response.json({}, { headers: { "X-Session-Token": "handed-over" } }));
    await appFetch("/api/customers", { method: "POST", body: "{}", fetchImpl: r.fetchImpl });
    expect(r.seen.map((s) => s.url)).toEqual(["/api/session", "/api/customers"]);
    expect(r.seen[1].headers.get("authorization")).toBe("Bearer handed-over");
  });
});

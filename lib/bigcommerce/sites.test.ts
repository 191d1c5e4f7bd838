import { describe, expect, it, vi } from "vitest";
import { BigCommerceError } from "./errors";
import { getSites, primaryUrl, type Site } from "./sites";
import type { Transport } from "./transport";

const site = (channelId: number, urls?: Site["urls"]): Site => ({ id: 100 + channelId, url: `https://c${channelId}.example.com/`, channel_id: channelId, urls });

function transport(answer: (query: Record<string, unknown>) => unknown) {
  const request = vi.fn(async (_method: string, _path: string, options: { query: Record<string, unknown> }) => answer(options.query));
  return { t: { request } as unknown as Transport, request };
}

describe("getSites", () => {
  it("asks for the channels' sites by channel_id:in, a page as large as the chunk, and reads data only (the spec's offset meta)", async () => {
    const { t, request } = transport(() => ({ data: [site(1), site(3)], meta: { pagination: { offset: 0, limit: 250, total_items: 2 } } }));
    expect((await getSites(t, [3, 1, 3])).map((s) => s.channel_id)).toEqual([1, 3]);
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0].slice(0, 2)).toEqual(["GET", "/sites"]);
    expect(request.mock.calls[0][2].query).toEqual({ "channel_id:in": [3, 1], limit: 250 });
  });

  it("reads 250 channels a call and keeps only the sites of the channels asked", async () => {
    const ids = Array.from({ length: 300 }, (_, i) => i + 1);
    const { t, request } = transport((query) => ({ data: [...(query["channel_id:in"] as number[]).map((id) => site(id)), site(999)] }));
    expect(await getSites(t, ids)).toHaveLength(300);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it("refuses an answer of the wrong shape", async () => {
    const { t } = transport(() => ({ data: [{ id: "x", channel_id: 1 }] }));
    await expect(getSites(t, [1])).rejects.toBeInstanceOf(BigCommerceError);
  });
});

describe("primaryUrl", () => {
  it("takes the URL typed primary wherever it is, else the site's url", () => {
    const urls = [
      { url: "https://store-abc-3.mybigcommerce.com", type: "canonical" },
      { url: "https://checkout.outlet.example.com", type: "checkout" },
      { url: "https://outlet.example.com", type: "primary" },
    ];
    expect(primaryUrl(site(3, urls))).toBe("https://outlet.example.com");
    expect(primaryUrl(site(3))).toBe("https://c3.example.com/");
    expect(primaryUrl(site(3, [urls[0]]))).toBe("https://c3.example.com/");
  });
});

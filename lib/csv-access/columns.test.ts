import { describe, expect, it } from "vitest";
import type { ChannelAccessSetting } from "@/lib/access";
import { channelCell, channelColumns, exportHeader, exportRecord } from "./columns";

const STOREFRONTS: ChannelAccessSetting[] = [
  { channelId: 1, name: "Main", allowGlobalLogins: true },
  { channelId: 2, name: "Wholesale", allowGlobalLogins: false },
  { channelId: 4, name: "Main", allowGlobalLogins: false, storefrontStatus: "closed" },
];

describe("the export's columns", () => {
  it("names a column per storefront after it, telling shared names and customer columns apart by id", () => {
    expect(channelColumns([...STOREFRONTS, { channelId: 6, name: "Email", allowGlobalLogins: true }, { channelId: 7, name: " ", allowGlobalLogins: true }])).toEqual([
      { name: "Main (#1)", channelId: 1 },
      { name: "Wholesale", channelId: 2 },
      { name: "Main (#4)", channelId: 4 },
      { name: "Email (#6)", channelId: 6 },
      { name: "Channel (#7)", channelId: 7 },
    ]);
    expect(exportHeader(STOREFRONTS)).toEqual([
      "customer_id", "email", "first_name", "last_name", "origin_channel_id", "access", "channel_ids", "Main (#1)", "Wholesale", "Main (#4)",
    ]);
  });
});

describe("a customer's record", () => {
  const base = { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", originChannelId: 2 };

  it("writes a global customer's access as the login rule decides it: global where global logins let them in", () => {
    expect(exportRecord({ ...base, customerId: 5, channelIds: null }, STOREFRONTS)).toEqual([5, "ada@example.com", "Ada", "Lovelace", 2, "global", "", "global", "no", "no"]);
  });

  it("writes a channel-specific customer's list sorted, ; between ids, and list or no per storefront", () => {
    expect(exportRecord({ ...base, customerId: 6, channelIds: [4, 2, 9] }, STOREFRONTS)).toEqual([6, "ada@example.com", "Ada", "Lovelace", 2, "specific", "2;4;9", "no", "list", "list"]);
  });

  it("says list for a listed channel even where global logins are off, and no for an unlisted one that allows them", () => {
    expect(channelCell({ customerId: 1, channelIds: [2] }, STOREFRONTS[1])).toBe("list");
    expect(channelCell({ customerId: 1, channelIds: [2] }, STOREFRONTS[0])).toBe("no");
  });
});

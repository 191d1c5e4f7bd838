import { describe, expect, it } from "vitest";
import type { ChannelView } from "@/lib/contract/access";
import { predictStorefrontLogin } from "./prediction";

const channel = (id: number, name: string, allowGlobalLogins: boolean, status = "active"): ChannelView => ({
  id,
  name,
  platform: "bigcommerce",
  status,
  storefrontStatus: status === "active" ? "live" : status === "prelaunch" ? "prelaunch" : "closed",
  allowGlobalLogins,
  inherited: false,
});
// The guide's store: Outfitters and Outlet allow global logins, Wholesale does not.
const outlet = channel(3, "Acme Outlet", true);
const wholesale = channel(2, "Acme Wholesale", false);
const jane = { customerId: 1, channelIds: null, name: "Jane Doe" };
const john = { customerId: 2, channelIds: [2], name: "John Smith" };

describe("predictStorefrontLogin", () => {
  it("a global customer on a storefront that allows global logins: signed in, via global", () => {
    expect(predictStorefrontLogin(jane, outlet)).toEqual({
      expect: "signed_in",
      why: "global",
      headline: "Jane Doe can log in here (via global)",
      sentence: "Jane Doe (customer 1) can log in to channel 3 (Acme Outlet) because they are global and the channel allows global logins.",
    });
  });

  it("a global customer where global logins are off: refused", () => {
    expect(predictStorefrontLogin(jane, wholesale)).toMatchObject({
      expect: "refused",
      why: "global_not_allowed",
      headline: "Jane Doe cannot log in here: global, and this storefront does not allow global logins",
      sentence: "Jane Doe (customer 1) cannot log in to channel 2 (Acme Wholesale) because they are global and the channel does not allow global logins.",
    });
  });

  it("a listed customer: in via their list, refused elsewhere, whatever global logins say", () => {
    expect(predictStorefrontLogin(john, wholesale)).toMatchObject({ expect: "signed_in", why: "explicit", headline: "John Smith can log in here (via their list)" });
    expect(predictStorefrontLogin(john, outlet)).toMatchObject({
      expect: "refused",
      why: "not_in_list",
      headline: "John Smith cannot log in here: not in their list",
      sentence: "John Smith (customer 2) cannot log in to channel 3 (Acme Outlet) because it is not in their list of channels.",
    });
  });

  it.each(["inactive", "archived", "prelaunch"])("a %s storefront refuses even a customer the rule admits", (status) => {
    const prediction = predictStorefrontLogin(jane, channel(3, "Acme Outlet", true, status));
    expect(prediction).toMatchObject({ expect: "refused", why: "not_live", headline: "This storefront is not live; BigCommerce will refuse" });
    expect(prediction.sentence).toContain(`(status ${status})`);
    expect(prediction.sentence).toContain('"Operation cannot be performed as the storefront channel is not live"');
    expect(prediction.sentence).toContain("By their access alone: Jane Doe (customer 1) can log in to channel 3 (Acme Outlet)");
  });

  it("names a customer without a name by id", () => {
    expect(predictStorefrontLogin({ customerId: 9, channelIds: null }, outlet).headline).toBe("Customer 9 can log in here (via global)");
  });
});

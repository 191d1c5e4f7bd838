// What BigCommerce should answer a sign-in on a storefront, said before anything is signed: a storefront that is not
// live refuses whoever signs in; otherwise lib/access's login rule decides, in the matrix's own sentence.
import { channelLabel, customerLabel, describeVerdict, loginVerdict, type CustomerAccess } from "@/lib/access";
import type { ChannelView } from "@/lib/contract/access";
import { channelSettingOf } from "@/lib/contract/shared";
import type { StorefrontLoginPrediction } from "@/lib/contract/storefront-login";

/** BigCommerce's refusal on a channel that is not a live storefront (vercel/commerce#627, #1380, catalyst#1037). */
export const CHANNEL_NOT_LIVE_MESSAGE = "Operation cannot be performed as the storefront channel is not live";

export function predictStorefrontLogin(customer: CustomerAccess, channel: ChannelView): StorefrontLoginPrediction {
  const setting = channelSettingOf(channel);
  const verdict = loginVerdict(customer, setting);
  const rule = describeVerdict(customer, setting, verdict);
  const who = customer.name || customerLabel(customer);
  if (channel.storefrontStatus !== "live") {
    const state =
      channel.storefrontStatus === "prelaunch"
        ? `it is not launched yet (status ${channel.status}), and BigCommerce is not known to accept sign-ins before launch`
        : `it is not live (status ${channel.status}), and BigCommerce refuses sign-ins there`;
    return {
      expect: "refused",
      why: "not_live",
      headline: "This storefront is not live; BigCommerce will refuse",
      sentence: `Expect a refusal on ${channelLabel(setting)}: ${state} ("${CHANNEL_NOT_LIVE_MESSAGE}"), whatever the customer's access. By their access alone: ${rule}.`,
    };
  }
  if (verdict.allowed)
    return { expect: "signed_in", why: verdict.reason, headline: `${who} can log in here (via ${verdict.reason === "global" ? "global" : "their list"})`, sentence: `${rule}.` };
  const why = verdict.why === "global_not_allowed" ? "global_not_allowed" : "not_in_list";
  const because = why === "global_not_allowed" ? "global, and this storefront does not allow global logins" : "not in their list";
  return { expect: "refused", why, headline: `${who} cannot log in here: ${because}`, sentence: `${rule}.` };
}

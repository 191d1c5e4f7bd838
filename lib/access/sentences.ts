/**
 * Plain-English sentences for verdicts, plan notes, problems, choices and impacts.
 * Used for hover text and accessible names, so each sentence stands on its own.
 */
import { loginVerdict } from "./rule";
import type {
  ChannelAccessSetting,
  ChannelIdsError,
  CustomerAccess,
  GlobalToggleImpact,
  LoginVerdict,
  PlanChoice,
  PlanNote,
  PlanProblem,
} from "./types";

type CustomerRef = Pick<CustomerAccess, "customerId" | "name">;
type ChannelRef = Pick<ChannelAccessSetting, "channelId" | "name">;

/** "Customer 1" or "Jane Doe (customer 1)". */
export function customerLabel(customer: CustomerRef): string {
  return customer.name ? `${customer.name} (customer ${customer.customerId})` : `Customer ${customer.customerId}`;
}

/** "channel 3" or "channel 3 (Wholesale)". */
export function channelLabel(channel: ChannelRef): string {
  return channel.name ? `channel ${channel.channelId} (${channel.name})` : `channel ${channel.channelId}`;
}

/** "channel 1 (Main)", "channels 1 (Main) and 3", "channels 1, 2 and 3", or "no channels". */
export function channelListLabel(channelIds: readonly number[], channels: readonly ChannelRef[] = []): string {
  if (channelIds.length === 0) return "no channels";
  const byId = new Map(channels.map((c) => [c.channelId, c]));
  const parts = channelIds.map((id) => {
    const name = byId.get(id)?.name;
    return name ? `${id} (${name})` : `${id}`;
  });
  const joined = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `${parts.length === 1 ? "channel" : "channels"} ${joined}`;
}

export function describeVerdict(
  customer: CustomerRef & Pick<CustomerAccess, "channelIds">,
  channel: ChannelAccessSetting,
  verdict: LoginVerdict = loginVerdict(customer, channel),
): string {
  const who = customerLabel(customer);
  const where = channelLabel(channel);
  const inherited = channel.inherited ? " (inherited from the store-wide setting)" : "";
  if (verdict.allowed) {
    return verdict.reason === "explicit"
      ? `${who} can log in to ${where} because it is in their list of channels`
      : `${who} can log in to ${where} because they are global and the channel allows global logins${inherited}`;
  }
  return verdict.why === "global_not_allowed"
    ? `${who} cannot log in to ${where} because they are global and the channel does not allow global logins${inherited}`
    : `${who} cannot log in to ${where} because it is not in their list of channels`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const notStorefronts = (n: number) =>
  `which ${n === 1 ? "is not a storefront" : "are not storefronts"} of this store (another kind of channel, or deleted)`;

export function describeNote(note: PlanNote, customer: CustomerRef, channels: readonly ChannelRef[] = []): string {
  const who = customerLabel(customer);
  const list = (ids: readonly number[]) => channelListLabel(ids, channels);
  switch (note.kind) {
    case "converted_from_global":
      return `${who} will no longer be global: they get an explicit list of channels, keeping ${list(note.keptChannelIds)} they can log in to today. Channels that allow global logins later will not include them automatically.`;
    case "kept_closed":
      return `${capitalise(list(note.channelIds))} ${note.channelIds.length === 1 ? "is" : "are"} closed, so BigCommerce refuses logins there for now; ${who} stays on ${note.channelIds.length === 1 ? "its" : "their"} list and can log in again once ${note.channelIds.length === 1 ? "it is" : "they are"} active.`;
    case "already_allowed":
      return `${who} can already log in to ${list(note.channelIds)}; no change is needed there.`;
    case "already_not_allowed":
      return `${who} already cannot log in to ${list(note.channelIds)}; no change is needed there.`;
    case "already_global":
      return `${who} is already global; no change is needed.`;
    case "same_list":
      return `${who} already has exactly this list of channels; no change is needed.`;
    case "global_loses":
      return `As a global customer, ${who} will lose ${list(note.channelIds)}, which ${note.channelIds.length === 1 ? "does" : "do"} not allow global logins.`;
    case "global_gains":
      return `As a global customer, ${who} will also be able to log in to ${list(note.channelIds)}, which ${note.channelIds.length === 1 ? "allows" : "allow"} global logins.`;
    case "unknown_channels_kept":
      return `${who}'s list includes ${list(note.channelIds)}, ${notStorefronts(note.channelIds.length)}; ${note.channelIds.length === 1 ? "it stays" : "they stay"} on the list.`;
    case "unknown_channels_dropped":
      return `${who}'s list includes ${list(note.channelIds)}, ${notStorefronts(note.channelIds.length)}; ${note.channelIds.length === 1 ? "it" : "they"} will be removed.`;
  }
}

export function describeChannelIdsError(error: ChannelIdsError): string {
  switch (error.code) {
    case "empty":
      return "The list of channels cannot be empty: choose at least one channel, or make the customer global.";
    case "not_integer":
      return `${JSON.stringify(error.value) ?? String(error.value)} is not a channel id.`;
    case "unknown_channel":
      return `Channel ${error.channelId} is not a storefront of this store (customers log in to storefronts only; it may be another kind of channel, or deleted).`;
    case "duplicate":
      return `Channel ${error.channelId} is listed more than once.`;
  }
}

export function describeProblem(problem: PlanProblem, customer: CustomerRef): string {
  switch (problem.code) {
    case "last_channel":
      return `${customerLabel(customer)} would be left with no channel to log in to. A customer must be global or keep at least one channel.`;
    case "invalid_channel_ids":
      return problem.errors.map(describeChannelIdsError).join(" ");
  }
}

export function describeChoice(choice: PlanChoice, customer: CustomerRef, channels: readonly ChannelRef[] = []): string {
  const who = customerLabel(customer);
  switch (choice.kind) {
    case "make_global":
      return `Make ${who} global instead: they could log in to ${channelListLabel(choice.wouldAllowChannelIds, channels)}.`;
    case "pick_channel":
      return `Pick a channel to give ${who} instead: ${channelListLabel(choice.channelIds, channels)}.`;
  }
}

/**
 * The counts the impact sentence rests on, named as the impact route answers them (GlobalLoginsImpactResponse
 * carries exactly these): the setting asked for, how many global customers gain or lose login, how many were examined.
 */
export interface ImpactCounts {
  allowGlobalLogins: boolean;
  gainingCount: number;
  losingCount: number;
  examined: number;
  /** Customers in the store, if known. */
  total: number | null;
  complete: boolean;
}

export const impactCounts = (impact: GlobalToggleImpact): ImpactCounts => ({
  allowGlobalLogins: impact.to,
  gainingCount: impact.counts.gaining,
  losingCount: impact.counts.losing,
  examined: impact.examined,
  total: impact.totalCustomers,
  complete: impact.complete,
});

/** The impact of setting `channel` (as it is now) to `impact.allowGlobalLogins`. */
export function describeImpact(impact: ImpactCounts, channel: ChannelRef & Pick<ChannelAccessSetting, "allowGlobalLogins">): string {
  const where = channelLabel(channel);
  const to = impact.allowGlobalLogins;
  const customers = (n: number) => `${n} global ${n === 1 ? "customer" : "customers"}`;
  const scope = impact.complete
    ? `All ${impact.examined} customers were checked.`
    : impact.total !== null
      ? `Only ${impact.examined} of ${impact.total} customers were checked.`
      : `${impact.examined} customers were checked; the store may have more.`;
  if (channel.allowGlobalLogins === to) {
    return `Global logins are already ${to ? "on" : "off"} for ${where}; nobody is affected. ${scope}`;
  }
  const effect = to
    ? `${customers(impact.gainingCount)} will be able to log in to ${where}.`
    : `${customers(impact.losingCount)} will no longer be able to log in to ${where}.`;
  return `Turning global logins ${to ? "on" : "off"} for ${where}: ${effect} Channel-specific customers are not affected. ${scope}`;
}

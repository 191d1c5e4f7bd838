// Each activity entry in words, for the Activity screen and the export: who did what to which customer or channel,
// and how it ended. Pure (no I/O): the list's views (./views) and the page share it, and every source, outcome and
// kind has a test. Channels and customers are named with lib/access's labels, so the log speaks like the matrix.
import { channelLabel, channelListLabel, customerLabel } from "@/lib/access/sentences";
import { formatCount } from "@/lib/contract/shared";
import type { ActivityEntryView, ActivitySource, ChannelEntryView, CustomerEntryView, GlobalLoginsValue, JobEntryView, StorefrontLoginEntryView } from "@/lib/contract/activity";

/** An entry before it has its sentence and undoability (what ./views builds from a row). */
export type EntryDraft = DistributiveOmit<ActivityEntryView, "sentence" | "undoable">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A channel as the sentences name it (storefronts and other channels alike). */
export interface NamedChannel {
  channelId: number;
  name?: string;
}

type ChannelIds = number[] | null | undefined;

const OUTSIDE = "Changed outside the app";

/** Who acted, as the sentence's subject: the user, "bulk job 12 by …", "the undo of #34 by …", "CSV import (bulk job 12) by …". */
function actorOf(entry: Pick<EntryDraft, "user" | "source" | "undoOf"> & { job?: number | null }): string {
  const user = entry.user ?? "someone";
  if (entry.source === "undo") return entry.undoOf !== null ? `undo of #${entry.undoOf} by ${user}` : `an undo by ${user}`;
  if (entry.source === "bulk_job") return entry.job ? `bulk job ${entry.job} by ${user}` : `a bulk job by ${user}`;
  if (entry.source === "csv_import") return entry.job ? `CSV import (bulk job ${entry.job}) by ${user}` : `a CSV import by ${user}`;
  return user;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * How a sentence of a done change starts: "sam@acme.test " (then the verb), or a title and a colon for a change
 * that was part of something ("Bulk job 12 by sam@acme.test: ", "Undo of #34 by …: ", "Changed outside the app: ").
 */
function leadOf(entry: Pick<EntryDraft, "user" | "source" | "undoOf"> & { job?: number | null }): string {
  if (entry.source === "outside") return `${OUTSIDE}: `;
  if (entry.source === "undo" || entry.source === "bulk_job" || entry.source === "csv_import") return `${capitalise(actorOf(entry))}: `;
  return `${entry.user ?? "Someone"} `;
}

const minus = (a: readonly number[], b: readonly number[]) => a.filter((id) => !b.includes(id));

/** What a change of channel_ids did, as a verb phrase: "gave Jane Doe (customer 1) channel 2 (Acme Wholesale); …". */
export function describeListChange(who: string, before: ChannelIds, after: ChannelIds, channels: readonly NamedChannel[] = []): string {
  const list = (ids: readonly number[]) => channelListLabel(ids, channels);
  if (after === undefined) return `changed ${who}'s channels`;
  if (before === undefined) return after === null ? `made ${who} global` : `set ${who} to ${list(after)}`;
  if (after === null) return before === null ? `left ${who} global` : `made ${who} global: they had ${list(before)}`;
  if (before === null) return `made ${who} channel-specific: ${list(after)} (they were global)`;
  const gained = minus(after, before);
  const lost = minus(before, after);
  if (gained.length && !lost.length) return `gave ${who} ${list(gained)}; ${before.length ? `they keep ${list(before)}` : "it is their only channel"}`;
  if (lost.length && !gained.length) return `took ${list(lost)} from ${who}; ${after.length ? `they keep ${list(after)}` : "they have no channels left"}`;
  if (gained.length) return `changed ${who} from ${list(before)} to ${list(after)}`;
  return `left ${who} on ${list(after)}`;
}

/** BigCommerce's reason, ending where the sentence's own full stop goes. */
const reasonOf = (reason: string | null) => reason?.trim().replace(/\.+$/, "") || "no reason was given";

export function describeCustomerEntry(entry: Omit<CustomerEntryView, "sentence" | "undoable">, channels: readonly NamedChannel[] = []): string {
  const who = customerLabel({ customerId: entry.customerId, name: entry.customer?.name || undefined });
  const change = describeListChange(who, entry.before, entry.after, channels);
  const actor = entry.source === "outside" ? "a change outside the app" : actorOf(entry);
  switch (entry.outcome) {
    case "changed":
      return `${leadOf(entry)}${change}.`;
    case "pending":
      return `${leadOf(entry)}${change} (waiting for BigCommerce's answer).`;
    case "refused":
      return `BigCommerce refused to change ${who} for ${actor}: ${reasonOf(entry.reason)}.`;
    case "failed":
      return `Changing ${who} failed for ${actor}: ${reasonOf(entry.reason)}.`;
    case "conflict":
      return `${leadOf(entry)}left ${who} as they are: they were changed since${entry.reason?.trim() ? ` (${reasonOf(entry.reason)})` : ""}.`;
  }
}

/** "on", "off", or "inherited" (BigCommerce reported no value of the channel's own); "unknown" when not recorded. */
export const settingWords = (value: GlobalLoginsValue | null) => (value === null ? "unknown" : value === "inherited" ? "inherited" : value ? "on" : "off");
/** settingWords in a sentence to the merchant: "inherited" said as what BigCommerce reported. */
export const settingSentence = (value: GlobalLoginsValue) => (value === "inherited" ? "not set (BigCommerce reports none)" : settingWords(value));

function switchPhrase(after: GlobalLoginsValue | null, before: GlobalLoginsValue | null, where: string): string {
  const was = before === null ? "" : ` (it was ${settingWords(before)})`;
  if (after === null) return `changed global logins for ${where}`;
  if (after === "inherited") return `set global logins for ${where} back to the store's default${was}`;
  return `turned ${after ? "on" : "off"} global logins for ${where}${before === "inherited" ? " (it was inherited)" : ""}`;
}

export function describeChannelEntry(entry: Omit<ChannelEntryView, "sentence" | "undoable">, channels: readonly NamedChannel[] = []): string {
  const named = channels.find((c) => c.channelId === entry.channel.id)?.name ?? entry.channel.name;
  const where = channelLabel({ channelId: entry.channel.id, name: named || undefined });
  const phrase = switchPhrase(entry.after, entry.before, where);
  const actor = entry.source === "outside" ? "a change outside the app" : actorOf(entry);
  switch (entry.outcome) {
    case "changed":
      return `${leadOf(entry)}${phrase}.`;
    case "pending":
      return `${leadOf(entry)}${phrase} (waiting for BigCommerce's answer).`;
    case "refused":
      return `BigCommerce refused to change global logins for ${where} for ${actor}: ${reasonOf(entry.reason)}.`;
    case "failed":
      return `Changing global logins for ${where} failed for ${actor}: ${reasonOf(entry.reason)}.`;
    case "conflict":
      return `${leadOf(entry)}left global logins for ${where} as they are: they were changed since.`;
  }
}

/** Where an entry came from, in a word or two (the screen's source badges and filter). */
export const SOURCE_WORDS: Record<ActivitySource, string> = {
  cell: "Matrix cell",
  editor: "Editor",
  bulk_job: "Bulk job",
  switch: "Global logins",
  outside: "Outside the app",
  undo: "Undo",
  storefront_login: "Storefront sign-in",
  csv_import: "CSV import",
};

/** A bulk job's status in words. */
export const JOB_STATUS_WORDS: Record<JobEntryView["job"]["status"], string> = {
  queued: "waiting to start",
  running: "running",
  cancelling: "cancelling",
  cancelled: "cancelled",
  done: "finished",
  failed: "stopped",
};

/** "1,980 changed, 20 refused": the counts that are not zero, in a fixed order. */
export function jobCountsText(counts: JobEntryView["job"]["counts"], undo = false): string {
  const parts: [number, string][] = [
    [counts.changed, undo ? "restored" : "changed"],
    [counts.unchanged, "unchanged"],
    [counts.refused, "refused"],
    [counts.failed, "failed"],
    [counts.skipped, "not found"],
    [counts.conflict, counts.conflict === 1 ? "conflict left as it is" : "conflicts left as they are"],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, words]) => `${formatCount(n)} ${words}`);
  return shown.length ? shown.join(", ") : "no customers done yet";
}

/** How a job's header starts: "Bulk job 12 by …", "Undo of bulk job 12 (bulk job 15) by …", "sam@acme.test imported access.csv (bulk job 12". */
function jobTitle(entry: Omit<JobEntryView, "sentence" | "undoable">): { title: string; open: string } {
  const { job } = entry;
  const user = entry.user ?? "someone";
  if (entry.source === "undo") return { title: `Undo${job.undoOfJob !== null ? ` of bulk job ${job.undoOfJob}` : ""} (bulk job ${job.id}) by ${user}`, open: " (" };
  if (entry.source === "csv_import") return { title: `${entry.user ?? "Someone"} imported ${job.importFile ?? "a CSV file"} (bulk job ${job.id}`, open: ", " };
  return { title: `Bulk job ${job.id} by ${user}`, open: " (" };
}

export function describeJobEntry(entry: Omit<JobEntryView, "sentence" | "undoable">): string {
  const { job } = entry;
  const { title, open } = jobTitle(entry);
  const counts = job.counts;
  const progress = job.status === "running" || job.status === "cancelling" ? `, ${formatCount(counts.done)} of ${formatCount(counts.total)} done` : "";
  const of = counts.total > 0 ? ` of ${formatCount(counts.total)} ${counts.total === 1 ? "customer" : "customers"}` : "";
  return `${title}${open}${JOB_STATUS_WORDS[job.status]}${progress}): ${jobCountsText(counts, entry.source === "undo")}${of}.`;
}

/** A staff user's sign-in on a storefront as the customer: not a change of access, but who acted as whom, where. */
export function describeStorefrontLogin(entry: Omit<StorefrontLoginEntryView, "sentence" | "undoable">, channels: readonly NamedChannel[] = []): string {
  const who = customerLabel({ customerId: entry.customerId, name: entry.customer?.name || undefined });
  const named = channels.find((c) => c.channelId === entry.channel.id)?.name ?? entry.channel.name;
  return `${entry.user ?? "Someone"} signed in on ${channelLabel({ channelId: entry.channel.id, name: named || undefined })} as ${who}.`;
}

/** The sentence of any entry. */
export function describeEntry(entry: EntryDraft, channels: readonly NamedChannel[] = []): string {
  switch (entry.kind) {
    case "customer":
      return describeCustomerEntry(entry, channels);
    case "channel":
      return describeChannelEntry(entry, channels);
    case "job":
      return describeJobEntry(entry);
    case "storefront_login":
      return describeStorefrontLogin(entry, channels);
  }
}

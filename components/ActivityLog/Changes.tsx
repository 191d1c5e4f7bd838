"use client";

// What an entry changed, drawn in the matrix's own look: for a customer, each storefront whose verdict differs between
// before and after (the matrix's marks, before → after); for a switch, the setting before → after.
import { Badge, Small } from "@bigcommerce/big-design";
import { loginVerdict, type ChannelAccessSetting } from "@/lib/access";
import { CompactMark, verdictLook, type VerdictLook } from "@/components/AccessMatrix/Verdict";
import type { ChannelView } from "@/lib/contract/access";
import type { ActivityEntryView, ChannelEntryView, CustomerEntryView, GlobalLoginsValue } from "@/lib/contract/activity";
import { channelSettingOf } from "@/lib/contract/shared";
import { settingWords } from "@/lib/activity/describe";
import { ChangeList } from "./styles";

export interface ChannelChange {
  channelId: number;
  name: string;
  before: VerdictLook;
  after: VerdictLook;
}

/**
 * The storefronts whose verdict a customer entry changed (on the storefronts' settings now); when none differ (a
 * refused or unchanged write), the channel a cell toggled, if any. Empty when before or after is not known.
 */
export function channelChanges(entry: Pick<CustomerEntryView, "customerId" | "before" | "after" | "channelId">, channels: readonly ChannelView[]): ChannelChange[] {
  if (entry.before === undefined || entry.after === undefined) return [];
  const look = (channelIds: number[] | null, setting: ChannelAccessSetting) => verdictLook(loginVerdict({ customerId: entry.customerId, channelIds }, setting));
  const all = channels.map((channel) => {
    const setting = channelSettingOf(channel);
    return { channelId: channel.id, name: channel.name, before: look(entry.before!, setting), after: look(entry.after!, setting) };
  });
  const changed = all.filter((c) => c.before !== c.after);
  return changed.length ? changed : all.filter((c) => c.channelId === entry.channelId);
}

const settingVariant = (value: GlobalLoginsValue | null) => (value === true ? "success" : value === false ? "secondary" : "warning");

function SwitchChange({ entry }: { entry: ChannelEntryView }) {
  return (
    <ChangeList aria-label={`Global logins: ${settingWords(entry.before)} to ${settingWords(entry.after)}`}>
      <li>
        <Badge label={`Global logins ${settingWords(entry.before)}`} variant={settingVariant(entry.before)} />
        <span aria-hidden>→</span>
        <Badge label={`Global logins ${settingWords(entry.after)}`} variant={settingVariant(entry.after)} />
      </li>
    </ChangeList>
  );
}

/** The entry's before → after cell; nothing for a bulk job (its customers have theirs) or a storefront sign-in. */
export function EntryChange({ entry, channels }: { entry: ActivityEntryView; channels: readonly ChannelView[] }) {
  if (entry.kind === "channel") return <SwitchChange entry={entry} />;
  if (entry.kind !== "customer") return null;
  const changes = channelChanges(entry, channels);
  if (!changes.length) return <Small marginBottom="none">{entry.before === undefined || entry.after === undefined ? "Not known" : "No storefront changed"}</Small>;
  return <VerdictChanges changes={changes} data-testid="entry-change" />;
}

/** Each storefront's mark before → after, in the matrix's look (an entry's change, an import's planned change). */
export function VerdictChanges({ changes, "data-testid": testId }: { changes: readonly ChannelChange[]; "data-testid"?: string }) {
  return (
    <ChangeList data-testid={testId}>
      {changes.map((change) => (
        <li key={change.channelId} data-channel-id={change.channelId} data-before={change.before} data-after={change.after}>
          <span>{change.name || `Channel ${change.channelId}`}</span>
          <CompactMark look={change.before} />
          <span aria-hidden>→</span>
          <CompactMark look={change.after} />
        </li>
      ))}
    </ChangeList>
  );
}

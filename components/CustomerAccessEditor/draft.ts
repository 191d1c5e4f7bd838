// The editor's draft: Global or a list, checked with the domain's rules before anything is sent, and the one intent
// it stands for (a new object only when the draft really changes, so the preview is asked once per change).
import { useMemo, useState } from "react";
import { describeChannelIdsError, normalizeChannelIds, validateChannelIds, type AccessIntent } from "@/lib/access";
import type { ChannelView, CustomerView } from "@/lib/contract/access";

export type Mode = "global" | "specific";

/**
 * The draft's problems in the domain's words; empty when it can be previewed and saved. `keptIds` are ids already on
 * the customer's list that are not storefronts: they may stay, but a list of only those lets the customer in nowhere.
 */
export function draftErrors(mode: Mode, channelIds: readonly number[], channels: readonly ChannelView[], keptIds: readonly number[] = []): string[] {
  if (mode === "global") return [];
  const storefrontIds = channels.map((c) => c.id);
  const result = validateChannelIds(channelIds, [...storefrontIds, ...keptIds]);
  if (!result.ok) return result.errors.map(describeChannelIdsError);
  return channelIds.some((id) => storefrontIds.includes(id)) ? [] : [describeChannelIdsError({ code: "empty" })];
}

export function useAccessDraft(customer: CustomerView, channels: readonly ChannelView[]) {
  const [mode, setMode] = useState<Mode>(customer.channelIds === null ? "global" : "specific");
  // A global customer turned specific starts from the channels they can log in to today, so nothing is lost by accident.
  const [checked, setChecked] = useState<number[]>(() => normalizeChannelIds(customer.channelIds ?? customer.access.allowedChannelIds));
  const errors = draftErrors(mode, checked, channels, customer.access.unknownChannelIds);
  const valid = errors.length === 0;
  const key = mode === "global" ? "global" : checked.join(",");
  const intent = useMemo<AccessIntent | null>(
    () => (!valid ? null : key === "global" ? { kind: "make_global" } : { kind: "set", channelIds: key.split(",").map(Number) }),
    [key, valid],
  );
  const toggle = (channelId: number, on: boolean) =>
    setChecked((ids) => normalizeChannelIds(on ? [...ids, channelId] : ids.filter((id) => id !== channelId)));
  return { mode, setMode, checked, toggle, errors, intent };
}

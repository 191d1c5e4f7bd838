"use client";

import { Box, Checkbox, H3, Radio, Small, Text } from "@bigcommerce/big-design";
import type { Dispatch } from "react";
import type { ChannelView } from "@/lib/contract/access";
import { ActionList, ChannelChoices } from "./styles";
import { intentOf, type BulkActionKind, type BulkDraft, type BulkDraftAction } from "./use-bulk-change";

const ACTIONS: { kind: BulkActionKind; label: string; description: string }[] = [
  { kind: "grant", label: "Grant channels", description: "Add the channels; global customers keep every channel they can log in to now." },
  { kind: "revoke", label: "Revoke channels", description: "Remove the channels; a customer who would be left with no channel is reported, not changed." },
  { kind: "make_global", label: "Make global", description: "Customers can log in to every channel that allows global logins." },
  { kind: "set", label: "Set exactly", description: "Customers can log in to exactly the channels ticked." },
];

/** The bulk dialog's first step: the action, and the channels it applies (none for "make global"). */
export function ChooseStep({ draft, dispatch, channels, about }: { draft: BulkDraft; dispatch: Dispatch<BulkDraftAction>; channels: readonly ChannelView[]; about: string }) {
  return (
    <Box data-testid="bulk-choose">
      <Text>{about}</Text>
      <H3 marginBottom="xSmall">Action</H3>
      <ActionList role="radiogroup" aria-label="Action">
        {ACTIONS.map((action) => (
          <Radio
            key={action.kind}
            name="bulk-action"
            label={action.label}
            description={action.description}
            checked={draft.kind === action.kind}
            onChange={() => dispatch({ type: "kind", kind: action.kind })}
          />
        ))}
      </ActionList>
      {draft.kind !== "make_global" && (
        <>
          <H3 marginBottom="xSmall">Channels</H3>
          <ChannelChoices role="group" aria-label="Channels">
            {channels.map((channel) => (
              <Checkbox
                key={channel.id}
                label={channel.name}
                checked={draft.channelIds.includes(channel.id)}
                onChange={(event) => dispatch({ type: "channel", id: channel.id, on: event.target.checked })}
              />
            ))}
          </ChannelChoices>
          {!intentOf(draft.kind, draft.channelIds) && <Small>Tick at least one channel.</Small>}
        </>
      )}
    </Box>
  );
}

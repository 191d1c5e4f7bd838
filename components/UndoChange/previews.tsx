"use client";

import { Box, Message, Small, Text } from "@bigcommerce/big-design";
import { formatCount } from "@/components/BulkChange/describe";
import { Count } from "@/components/BulkProgress/BulkProgress";
import { CountGrid } from "@/components/BulkProgress/styles";
import { channelIdsWords, PlanPreview } from "@/components/ConfirmAccessChange/PlanPreview";
import { ImpactView } from "@/components/GlobalLoginsToggle/ImpactView";
import type { ReactNode } from "react";
import type { ChannelUndoPreview, CustomerEntryView, CustomerUndoPreview, JobUndoPreview, UndoState } from "@/lib/contract/activity";
import { customerName } from "@/lib/client";

const onOff = (on: boolean) => (on ? "on" : "off");

/**
 * A single change's preview, by state: nothing to undo (`already`); or what restoring does (`restorable`), or what it
 * has now (`conflict`), above the detail in the matrix's look.
 */
function SingleUndo({ state, already, changedSince, restoring, children }: { state: UndoState; already: string; changedSince: { header: string; texts: string[] }; restoring: string; children: ReactNode }) {
  if (state === "already") return <Message type="info" data-testid="undo-already" header="Nothing to undo" messages={[{ text: `${already} Nothing will be written.` }]} />;
  return (
    <Box data-testid={`undo-${state}`}>
      {state === "conflict" ? (
        <Message type="warning" marginBottom="medium" header={changedSince.header} messages={changedSince.texts.map((text) => ({ text }))} />
      ) : (
        <Text>{restoring}</Text>
      )}
      {children}
    </Box>
  );
}

/** One customer's change: what restoring does, or what they have now when it changed since. */
export function CustomerUndoView({ preview, entry }: { preview: CustomerUndoPreview; entry: CustomerEntryView }) {
  const { customer, channels, restoreTo, plan, state } = preview;
  const name = customerName(customer) || `Customer ${customer.id}`;
  const earlier = channelIdsWords(restoreTo, channels);
  const texts = [
    `${name} has changed since: they now have ${channelIdsWords(customer.channelIds, channels)}.`,
    ...(entry.after !== undefined ? [`This change had left them with ${channelIdsWords(entry.after, channels)}.`] : []),
    `Replacing gives them the earlier access again (${earlier}); keeping leaves them as they are.`,
  ];
  return (
    <SingleUndo
      state={state}
      already={`${name} already has the access they had before this change: ${earlier}.`}
      changedSince={{ header: "They have changed since", texts }}
      restoring={`Restoring gives ${name} the access they had before this change: ${earlier}.`}
    >
      <PlanPreview plan={plan} customer={customer} channels={channels} />
    </SingleUndo>
  );
}

/** A global-logins switch: the same impact the switch itself shows, for switching it back. */
export function ChannelUndoView({ preview }: { preview: ChannelUndoPreview }) {
  const { channel, restoreTo, impact, state } = preview;
  const now = `${onOff(channel.allowGlobalLogins)}${channel.inherited ? " (inherited)" : ""}`;
  return (
    <SingleUndo
      state={state}
      already={`Global logins on ${channel.name} are already ${onOff(restoreTo)}, as before this change.`}
      changedSince={{ header: "It has changed since", texts: [`Global logins on ${channel.name} are now ${now}.`] }}
      restoring={`Global logins on ${channel.name} are ${now} now; undoing turns them back ${onOff(restoreTo)}.`}
    >
      <ImpactView impact={impact} channel={channel} />
    </SingleUndo>
  );
}

/** A whole bulk job: how many customers an undo job restores, and how many changed since (left as they are). */
export function JobUndoView({ preview }: { preview: JobUndoPreview }) {
  return (
    <Box data-testid="undo-job">
      <Text>
        Undoing bulk job {preview.jobId} runs a new bulk job over its {formatCount(preview.total)} changed customers: each one who still has what
        the job gave them gets their earlier access back. Customers changed since are listed as conflicts and left as they are.
      </Text>
      <CountGrid data-testid="undo-counts">
        <Count label="Restored" value={preview.restorable} />
        <Count label="Conflicts" value={preview.conflicts} />
        <Count label="Nothing to do" value={preview.unchanged} />
      </CountGrid>
      <Small data-testid="undo-basis">{preview.basis === "index" ? "Exact, from the access index." : "Read from BigCommerce."}</Small>
    </Box>
  );
}

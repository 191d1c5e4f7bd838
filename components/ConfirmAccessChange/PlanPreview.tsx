"use client";

import { Box, H3, Message, Small, Text } from "@bigcommerce/big-design";
import { verdictLook, VerdictMark } from "@/components/AccessMatrix/Verdict";
import { statusTag } from "@/components/AccessMatrix/storefront";
import { Grid } from "@/components/AccessMatrix/styles";
import { channelListLabel, describeNote, describeProblem, type ChannelChange, type PlanResult } from "@/lib/access";
import type { ChannelView, CustomerView } from "@/lib/contract/access";
import { channelSettingOf, customerAccessOf } from "@/lib/client";
import { NoteList } from "./styles";

function changeWords(change: ChannelChange): string {
  if (change.before.allowed !== change.after.allowed) return change.after.allowed ? "gains login" : "loses login";
  const from = verdictLook(change.before);
  const to = verdictLook(change.after);
  if (from === to) return "no change";
  return to === "explicit" ? "still can log in, now through their list" : "still can log in, now as a global customer";
}

export const channelIdsWords = (channelIds: readonly number[] | null, channels: readonly ChannelView[]): string =>
  channelIds === null ? "global (no list of channels)" : `a list: ${channelListLabel(channelIds, channels.map(channelSettingOf))}`;

const planChannelName = (channel: ChannelView | undefined, id: number) =>
  !channel ? `Channel ${id}` : statusTag(channel) ? `${channel.name} (${statusTag(channel)})` : channel.name;

/** A plan's before/after on every channel with the planner's notes; or, when refused, the reason. */
export function PlanPreview({ plan, customer, channels }: { plan: PlanResult; customer: CustomerView; channels: readonly ChannelView[] }) {
  const who = customerAccessOf(customer);
  const settings = channels.map(channelSettingOf);
  if (!plan.ok) {
    return (
      <Message type="warning" header="This change cannot be made" messages={[{ text: describeProblem(plan.problem, who) }]} data-testid="plan-refused" marginBottom="medium" />
    );
  }
  const byId = new Map(channels.map((c) => [c.id, c]));
  return (
    <Box data-testid="plan-preview">
      <Text marginBottom="xSmall">
        Today: {channelIdsWords(plan.previous, channels)}. After saving: {channelIdsWords(plan.next, channels)}.
      </Text>
      {!plan.changed && (
        <Small marginBottom="small" data-testid="plan-unchanged">
          Nothing would change, so there is nothing to save.
        </Small>
      )}
      <Grid aria-label="Access before and after">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Now</th>
            <th scope="col">After saving</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {plan.perChannel.map((change) => (
            <tr key={change.channelId} data-plan-channel={change.channelId} data-before={verdictLook(change.before)} data-after={verdictLook(change.after)}>
              <th scope="row">{planChannelName(byId.get(change.channelId), change.channelId)}</th>
              <td>
                <VerdictMark verdict={change.before} />
              </td>
              <td>
                <VerdictMark verdict={change.after} />
              </td>
              <td>
                <Small marginBottom="none" bold={change.before.allowed !== change.after.allowed}>
                  {changeWords(change)}
                </Small>
              </td>
            </tr>
          ))}
        </tbody>
      </Grid>
      {plan.notes.length > 0 && (
        <Box marginTop="medium">
          <H3 marginBottom="xSmall">Good to know</H3>
          <NoteList data-testid="plan-notes">
            {plan.notes.map((note, i) => (
              <li key={i} data-note={note.kind}>
                {describeNote(note, who, settings)}
              </li>
            ))}
          </NoteList>
        </Box>
      )}
    </Box>
  );
}

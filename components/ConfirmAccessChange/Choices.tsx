"use client";

import { Box, Button, Flex, H3, Select, Text } from "@bigcommerce/big-design";
import { useState } from "react";
import { describeChoice, type AccessIntent, type PlanChoice } from "@/lib/access";
import type { ChannelView, CustomerView } from "@/lib/contract/access";
import { channelSettingOf, customerAccessOf, customerName } from "@/lib/client";
import { ChoiceList } from "./styles";

/** The ways out of a refused change (make the customer global, or give another channel), each previewed on choosing. */
export function Choices({
  choices,
  customer,
  channels,
  onChoose,
}: {
  choices: PlanChoice[];
  customer: CustomerView;
  channels: readonly ChannelView[];
  onChoose(intent: AccessIntent): void;
}) {
  const who = customerAccessOf(customer);
  const settings = channels.map(channelSettingOf);
  const pick = choices.find((c) => c.kind === "pick_channel");
  const [picked, setPicked] = useState<number | undefined>(pick?.channelIds[0]);
  const name = customerName(customer) || `customer ${customer.id}`;
  if (choices.length === 0) return <Text>There is no other way to make this change.</Text>;
  return (
    <Box data-testid="plan-choices">
      <H3 marginBottom="xSmall">Choose what to do instead</H3>
      <ChoiceList>
        {choices.map((choice) => (
          <li key={choice.kind} data-choice={choice.kind}>
            <Text marginBottom="xSmall">{describeChoice(choice, who, settings)}</Text>
            {choice.kind === "make_global" ? (
              <Button variant="secondary" onClick={() => onChoose(choice.intent)}>
                Make {name} global
              </Button>
            ) : (
              <Flex alignItems="flex-end" flexGap="0.5rem" flexWrap="wrap">
                <Select
                  label="Channel to give instead"
                  options={choice.channelIds.map((id) => ({ value: id, content: channels.find((c) => c.id === id)?.name ?? `Channel ${id}` }))}
                  value={picked}
                  onOptionChange={(value) => setPicked(value)}
                />
                <Button variant="secondary" disabled={picked === undefined} onClick={() => picked !== undefined && onChoose({ kind: "set", channelIds: [picked] })}>
                  Preview with this channel
                </Button>
              </Flex>
            )}
          </li>
        ))}
      </ChoiceList>
    </Box>
  );
}

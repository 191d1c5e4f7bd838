"use client";

import { Box, Button, Flex, H3, Message, Modal, ProgressCircle, Select, Text } from "@bigcommerce/big-design";
import { useEffect, useState } from "react";
import { ReopenApp } from "@/components/ReopenApp/ReopenApp";
import { describeChoice, type AccessIntent, type PlanChoice, type PlannedChange } from "@/lib/access";
import type { AccessChangeResponse, ChannelView, CustomerView } from "@/lib/contract/access";
import { channelSettingOf, customerAccessOf, customerName, isSessionError, planAccess } from "@/lib/client";
import { PlanPreview } from "./PlanPreview";
import { ChoiceList } from "./styles";

/** What the merchant confirmed: the intent, the plan they saw and the customer's value it was computed from. */
export interface ConfirmedChange {
  customer: CustomerView;
  channels: ChannelView[];
  intent: AccessIntent;
  plan: PlannedChange;
  /** `channel_ids` when the preview was made: the save is refused (409) if the customer changed since. */
  expectedChannelIds: number[] | null;
  next: number[] | null;
}

/** Fetches the plan for an intent; `null` intent = nothing to preview. */
export function usePlanPreview(customerId: number, intent: AccessIntent | null) {
  const [state, setState] = useState<{ intent: AccessIntent | null; response?: AccessChangeResponse; error?: unknown }>({ intent: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!intent) return;
    const controller = new AbortController();
    planAccess(customerId, intent, { signal: controller.signal })
      .then((response) => !controller.signal.aborted && setState({ intent, response }))
      .catch((error: unknown) => !controller.signal.aborted && setState({ intent, error }));
    return () => controller.abort();
  }, [customerId, intent, attempt]);
  // An answer for an earlier intent is not shown as this one's.
  const current = intent !== null && state.intent === intent;
  return {
    response: current ? state.response : undefined,
    error: current ? state.error : undefined,
    loading: intent !== null && !current,
    retry: () => {
      setState({ intent: null });
      setAttempt((n) => n + 1);
    },
  };
}

export function PreviewError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  if (isSessionError(error)) return <ReopenApp detail={error.message} />;
  return (
    <Message
      type="error"
      header="Could not preview this change"
      messages={[{ text: error instanceof Error ? error.message : String(error) }]}
      actions={[{ text: "Retry", onClick: onRetry }]}
      role="alert"
    />
  );
}

export function PreviewLoading() {
  return (
    <Flex alignItems="center" flexGap="0.5rem" role="status">
      <ProgressCircle size="xSmall" />
      <Text marginBottom="none">Working out what this change does on every channel…</Text>
    </Flex>
  );
}

function Choices({
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

export interface ConfirmAccessChangeProps {
  customer: CustomerView;
  channels: ChannelView[];
  /** What the merchant asked for (a cell press is `{ kind: "toggle", channelId }`). */
  intent: AccessIntent;
  onCancel(): void;
  onConfirm(change: ConfirmedChange): void;
}

/**
 * The confirmation after a cell press: the planned before/after for the customer on every channel, the planner's
 * notes, and for a refused change (their last channel) the ways out, each previewed before it can be saved.
 */
export function ConfirmAccessChange({ customer, channels, intent: asked, onCancel, onConfirm }: ConfirmAccessChangeProps) {
  const [intent, setIntent] = useState<AccessIntent>(asked);
  const preview = usePlanPreview(customer.id, intent);
  const response = preview.response;
  const plan = response?.plan;
  const name = customerName(customer) || `Customer ${customer.id}`;
  const channel = asked.kind === "toggle" ? channels.find((c) => c.id === asked.channelId) : undefined;
  const header = channel ? `Change ${name}'s access to ${channel.name}` : `Change ${name}'s access`;
  const canSave = !!plan?.ok && plan.changed;

  const confirm = () => {
    if (!response || !plan?.ok) return;
    onConfirm({
      customer: response.customer,
      channels: response.channels,
      intent,
      plan,
      expectedChannelIds: response.customer.channelIds,
      next: plan.next,
    });
  };

  return (
    <Modal
      isOpen
      header={header}
      onClose={onCancel}
      closeOnEscKey
      actions={[
        { text: "Cancel", variant: "subtle", onClick: onCancel },
        { text: "Save access", onClick: confirm, disabled: !canSave },
      ]}
    >
      {intent !== asked && (
        <Box marginBottom="small">
          <Button variant="subtle" onClick={() => setIntent(asked)}>
            Back to the choices
          </Button>
        </Box>
      )}
      {preview.error !== undefined ? (
        <PreviewError error={preview.error} onRetry={preview.retry} />
      ) : !response || !plan ? (
        <PreviewLoading />
      ) : (
        <>
          <PlanPreview plan={plan} customer={response.customer} channels={response.channels} />
          {!plan.ok && <Choices choices={plan.choices} customer={response.customer} channels={response.channels} onChoose={setIntent} />}
        </>
      )}
    </Modal>
  );
}

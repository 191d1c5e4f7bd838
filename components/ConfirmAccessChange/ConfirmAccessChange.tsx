"use client";

import { Box, Button, Modal } from "@bigcommerce/big-design";
import { useState } from "react";
import type { AccessIntent, PlannedChange } from "@/lib/access";
import type { ChannelView, CustomerView } from "@/lib/contract/access";
import { customerName } from "@/lib/client";
import { Choices } from "./Choices";
import { confirmedChange, PreviewError, PreviewLoading, usePlanPreview } from "./use-plan-preview";
import { PlanPreview } from "./PlanPreview";

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

export interface ConfirmAccessChangeProps {
  customer: CustomerView;
  channels: ChannelView[];
  /** What the merchant asked for (a cell press is `{ kind: "toggle", channelId }`). */
  intent: AccessIntent;
  onCancel(): void;
  onConfirm(change: ConfirmedChange): void;
  /** Offers "Sign in on the storefront" for the cell's customer and storefront instead (components/StorefrontLogin). */
  onStorefrontLogin?(): void;
}

/**
 * The confirmation after a cell press: the planned before/after for the customer on every channel, the planner's
 * notes, and for a refused change (their last channel) the ways out, each previewed before it can be saved.
 */
export function ConfirmAccessChange({ customer, channels, intent: asked, onCancel, onConfirm, onStorefrontLogin }: ConfirmAccessChangeProps) {
  const [intent, setIntent] = useState<AccessIntent>(asked);
  const preview = usePlanPreview(customer, intent);
  const response = preview.response;
  const plan = response?.plan;
  const name = customerName(customer) || `Customer ${customer.id}`;
  const channel = asked.kind === "toggle" ? channels.find((c) => c.id === asked.channelId) : undefined;
  const header = channel ? `Change ${name}'s access to ${channel.name}` : `Change ${name}'s access`;
  const change = confirmedChange(intent, response);

  return (
    <Modal
      isOpen
      header={header}
      onClose={onCancel}
      closeOnEscKey
      actions={[
        { text: "Cancel", variant: "subtle", onClick: onCancel },
        ...(onStorefrontLogin ? [{ text: "Sign in on the storefront", variant: "secondary" as const, onClick: onStorefrontLogin }] : []),
        { text: "Save access", onClick: () => change && onConfirm(change), disabled: !change?.plan.changed },
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

"use client";

import { Box, Checkbox, Fieldset, FormGroup, InlineMessage, Modal, Radio } from "@bigcommerce/big-design";
import { useMemo, useState } from "react";
import { PlanPreview } from "@/components/ConfirmAccessChange/PlanPreview";
import { PreviewError, PreviewLoading, usePlanPreview, type ConfirmedChange } from "@/components/ConfirmAccessChange/ConfirmAccessChange";
import { statusTag, unknownChannelLabel } from "@/components/AccessMatrix/storefront";
import { describeChannelIdsError, describeVerdict, normalizeChannelIds, validateChannelIds, type AccessIntent } from "@/lib/access";
import type { ChannelView, CustomerView, OtherChannelView } from "@/lib/contract/access";
import { channelSettingOf, customerAccessOf, customerName } from "@/lib/client";

type Mode = "global" | "specific";

export interface CustomerAccessEditorProps {
  customer: CustomerView;
  channels: ChannelView[];
  /** Non-storefront channels, to name ids on the customer's list that are not storefronts. */
  otherChannels?: readonly OtherChannelView[];
  onCancel(): void;
  onConfirm(change: ConfirmedChange): void;
}

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

const storefrontLabel = (channel: ChannelView) =>
  `${channel.name} (ID ${channel.id}) · global logins ${channel.allowGlobalLogins ? "on" : "off"} here${statusTag(channel) ? ` · ${statusTag(channel)}` : ""}`;

/**
 * One customer's access at a glance and in one place: Global (no list) or Specific (a list), a checkbox per channel
 * with the reason the customer can or cannot log in there, checked before anything is sent, then the plan's preview.
 */
export function CustomerAccessEditor({ customer, channels, otherChannels = [], onCancel, onConfirm }: CustomerAccessEditorProps) {
  const [mode, setMode] = useState<Mode>(customer.channelIds === null ? "global" : "specific");
  // A global customer turned specific starts from the channels they can log in to today, so nothing is lost by accident.
  const [checked, setChecked] = useState<number[]>(() => normalizeChannelIds(customer.channelIds ?? customer.access.allowedChannelIds));
  const name = customerName(customer) || `Customer ${customer.id}`;
  // Ids on their list that are not storefronts (deleted, or Amazon and the like): shown apart, kept unless dropped.
  const unknownIds = customer.access.unknownChannelIds;
  const errors = draftErrors(mode, checked, channels, unknownIds);
  const valid = errors.length === 0;
  const key = mode === "global" ? "global" : checked.join(",");
  // One intent object per distinct draft, so the preview is fetched once per change of the draft.
  const intent = useMemo<AccessIntent | null>(
    () => (!valid ? null : key === "global" ? { kind: "make_global" } : { kind: "set", channelIds: key.split(",").map(Number) }),
    [key, valid],
  );
  const preview = usePlanPreview(customer.id, intent);
  const plan = preview.response?.plan;
  const canSave = intent !== null && !!plan?.ok && plan.changed;

  const draftCustomer = { ...customerAccessOf(customer), channelIds: mode === "global" ? null : checked };
  const toggle = (channelId: number, on: boolean) =>
    setChecked((ids) => normalizeChannelIds(on ? [...ids, channelId] : ids.filter((id) => id !== channelId)));

  const confirm = () => {
    const response = preview.response;
    if (!intent || !response || !response.plan.ok) return;
    onConfirm({
      customer: response.customer,
      channels: response.channels,
      intent,
      plan: response.plan,
      expectedChannelIds: response.customer.channelIds,
      next: response.plan.next,
    });
  };

  return (
    <Modal
      isOpen
      header={`Edit ${name}'s access`}
      onClose={onCancel}
      closeOnEscKey
      actions={[
        { text: "Cancel", variant: "subtle", onClick: onCancel },
        { text: "Save access", onClick: confirm, disabled: !canSave },
      ]}
    >
      <Fieldset legend="Where can they log in?">
        <FormGroup>
          <Radio
            name={`mode-${customer.id}`}
            value="global"
            label="Global"
            description="No list of channels: they can log in to every channel that allows global logins, now and later."
            checked={mode === "global"}
            onChange={() => setMode("global")}
          />
          <Radio
            name={`mode-${customer.id}`}
            value="specific"
            label="Specific channels"
            description="Only the channels ticked below, whatever each channel's global-login setting."
            checked={mode === "specific"}
            onChange={() => setMode("specific")}
          />
        </FormGroup>
      </Fieldset>
      <Fieldset legend="Channels" description={mode === "global" ? "As a global customer, each channel's own setting decides." : "Tick at least one channel."}>
        <FormGroup>
          {channels.map((channel) => {
            const setting = channelSettingOf(channel);
            return (
              <Checkbox
                key={channel.id}
                data-editor-channel={channel.id}
                label={storefrontLabel(channel)}
                checked={mode === "global" ? channel.allowGlobalLogins : checked.includes(channel.id)}
                disabled={mode === "global"}
                onChange={(event) => toggle(channel.id, event.target.checked)}
                description={`${describeVerdict(draftCustomer, setting)}.`}
              />
            );
          })}
        </FormGroup>
      </Fieldset>
      {unknownIds.length > 0 && mode === "specific" && (
        <Fieldset
          legend="Not storefronts"
          description="Their list also names these ids. Customers cannot log in to them; untick one to drop it from the list."
          data-testid="editor-unknown-channels"
        >
          <FormGroup>
            {unknownIds.map((id) => (
              <Checkbox
                key={id}
                data-editor-unknown-channel={id}
                label={unknownChannelLabel(id, otherChannels)}
                checked={checked.includes(id)}
                onChange={(event) => toggle(id, event.target.checked)}
              />
            ))}
          </FormGroup>
        </Fieldset>
      )}
      {errors.length > 0 && (
        <Box marginBottom="medium">
          <InlineMessage type="error" messages={errors.map((text) => ({ text }))} role="alert" data-testid="editor-errors" />
        </Box>
      )}
      {intent !== null &&
        (preview.error !== undefined ? (
          <PreviewError error={preview.error} onRetry={preview.retry} />
        ) : !preview.response || !plan ? (
          <PreviewLoading />
        ) : (
          <PlanPreview plan={plan} customer={preview.response.customer} channels={preview.response.channels} />
        ))}
    </Modal>
  );
}

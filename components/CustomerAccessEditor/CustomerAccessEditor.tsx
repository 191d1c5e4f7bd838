"use client";

import { Box, Checkbox, Fieldset, FormGroup, InlineMessage, Modal, Radio } from "@bigcommerce/big-design";
import { PlanPreview } from "@/components/ConfirmAccessChange/PlanPreview";
import type { ConfirmedChange } from "@/components/ConfirmAccessChange/ConfirmAccessChange";
import { confirmedChange, PreviewError, PreviewLoading, usePlanPreview } from "@/components/ConfirmAccessChange/use-plan-preview";
import { statusTag, unknownChannelLabel } from "@/components/AccessMatrix/storefront";
import { describeVerdict } from "@/lib/access";
import type { ChannelView, CustomerView, OtherChannelView } from "@/lib/contract/access";
import { channelSettingOf, customerAccessOf, customerName } from "@/lib/client";
import { useAccessDraft, type Mode } from "./draft";

export { draftErrors } from "./draft";

export interface CustomerAccessEditorProps {
  customer: CustomerView;
  channels: ChannelView[];
  /** Non-storefront channels, to name ids on the customer's list that are not storefronts. */
  otherChannels?: readonly OtherChannelView[];
  onCancel(): void;
  onConfirm(change: ConfirmedChange): void;
  /** Offers "Sign in on the storefront" as this customer instead (components/StorefrontLogin). */
  onStorefrontLogin?(): void;
}

const MODES: { mode: Mode; label: string; description: string }[] = [
  { mode: "global", label: "Global", description: "No list of channels: they can log in to every channel that allows global logins, now and later." },
  { mode: "specific", label: "Specific channels", description: "Only the channels ticked below, whatever each channel's global-login setting." },
];

const storefrontLabel = (channel: ChannelView) =>
  `${channel.name} (ID ${channel.id}) · global logins ${channel.allowGlobalLogins ? "on" : "off"} here${statusTag(channel) ? ` · ${statusTag(channel)}` : ""}`;

/**
 * One customer's access at a glance and in one place: Global (no list) or Specific (a list), a checkbox per channel
 * with the reason the customer can or cannot log in there, checked before anything is sent, then the plan's preview.
 */
export function CustomerAccessEditor({ customer, channels, otherChannels = [], onCancel, onConfirm, onStorefrontLogin }: CustomerAccessEditorProps) {
  const { mode, setMode, checked, toggle, errors, intent } = useAccessDraft(customer, channels);
  const preview = usePlanPreview(customer, intent);
  const plan = preview.response?.plan;
  const change = confirmedChange(intent, preview.response);
  // Ids on their list that are not storefronts (deleted, or Amazon and the like): shown apart, kept unless dropped.
  const unknownIds = customer.access.unknownChannelIds;
  const draftCustomer = { ...customerAccessOf(customer), channelIds: mode === "global" ? null : checked };

  return (
    <Modal
      isOpen
      header={`Edit ${customerName(customer) || `Customer ${customer.id}`}'s access`}
      onClose={onCancel}
      closeOnEscKey
      actions={[
        { text: "Cancel", variant: "subtle", onClick: onCancel },
        ...(onStorefrontLogin ? [{ text: "Sign in on the storefront", variant: "secondary" as const, onClick: onStorefrontLogin }] : []),
        { text: "Save access", onClick: () => change && onConfirm(change), disabled: !change?.plan.changed },
      ]}
    >
      <Fieldset legend="Where can they log in?">
        <FormGroup>
          {MODES.map((m) => (
            <Radio key={m.mode} name={`mode-${customer.id}`} value={m.mode} label={m.label} description={m.description} checked={mode === m.mode} onChange={() => setMode(m.mode)} />
          ))}
        </FormGroup>
      </Fieldset>
      <Fieldset legend="Channels" description={mode === "global" ? "As a global customer, each channel's own setting decides." : "Tick at least one channel."}>
        <FormGroup>
          {channels.map((channel) => (
            <Checkbox
              key={channel.id}
              data-editor-channel={channel.id}
              label={storefrontLabel(channel)}
              checked={mode === "global" ? channel.allowGlobalLogins : checked.includes(channel.id)}
              disabled={mode === "global"}
              onChange={(event) => toggle(channel.id, event.target.checked)}
              description={`${describeVerdict(draftCustomer, channelSettingOf(channel))}.`}
            />
          ))}
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
              <Checkbox key={id} data-editor-unknown-channel={id} label={unknownChannelLabel(id, otherChannels)} checked={checked.includes(id)} onChange={(event) => toggle(id, event.target.checked)} />
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

"use client";

import { Badge, Box, Flex, Message, Modal, Small, Switch } from "@bigcommerce/big-design";
import { useEffect, useId } from "react";
import { errorText, ReopenApp, Working } from "@/components/ReopenApp/ReopenApp";
import type { ChannelView } from "@/lib/contract/access";
import { isSessionError } from "@/lib/client";
import { ImpactView } from "./ImpactView";
import { SwitchArea } from "./styles";
import { useGlobalLoginsChange } from "./use-global-logins-change";

/** One line under the switch: what the current value means for customers. */
export function globalLoginsExplanation(channel: Pick<ChannelView, "allowGlobalLogins">): string {
  return channel.allowGlobalLogins
    ? "Global customers can log in here, and so can customers with this channel in their list."
    : "Only customers with this channel in their list can log in here.";
}

/**
 * A channel's "Allow global logins" switch. Switching opens a confirmation with the impact (who gains or loses login
 * there); only the confirmation writes, then every list on screen is recomputed and revalidated.
 */
export function GlobalLoginsToggle({ channel, onConfirmingChange }: { channel: ChannelView; onConfirmingChange?(open: boolean): void }) {
  const explanationId = useId();
  const change = useGlobalLoginsChange(channel);
  const { target, impact, loadError, saveError } = change;
  // A surrounding popover must not close while the confirmation is open (clicks there are outside it).
  const confirming = target !== null;
  useEffect(() => onConfirmingChange?.(confirming), [confirming, onConfirmingChange]);

  const on = target ?? !channel.allowGlobalLogins;
  const verb = on ? "on" : "off";
  const sessionLost = isSessionError(loadError) || isSessionError(saveError);

  return (
    <Box marginTop="xSmall">
      <Flex alignItems="center" flexGap="0.5rem">
        <SwitchArea>
          <Switch
            role="switch"
            aria-label={`Allow global logins on ${channel.name} (channel ${channel.id})`}
            aria-describedby={explanationId}
            checked={channel.allowGlobalLogins}
            disabled={confirming}
            onChange={change.open}
          />
        </SwitchArea>
        <Small marginBottom="none">Global logins {channel.allowGlobalLogins ? "on" : "off"}</Small>
      </Flex>
      {channel.inherited && (
        // Only when BigCommerce reported no value for the channel; a reported value is just that, not "its own".
        <Box marginTop="xxSmall">
          <Badge label="inherited" variant="secondary" title="BigCommerce reports no value for this storefront: the store-wide default applies." />
        </Box>
      )}
      <Small id={explanationId} marginBottom="none" marginTop="xxSmall">
        {globalLoginsExplanation(channel)}
        {channel.inherited ? " (The store-wide default: BigCommerce reports no value for this storefront.)" : ""}
      </Small>

      <Modal
        isOpen={confirming}
        header={`Turn ${verb} global logins for ${channel.name}?`}
        onClose={change.close}
        closeOnEscKey
        actions={[
          { text: "Cancel", variant: "subtle", onClick: change.close },
          {
            text: `Turn ${verb} global logins`,
            onClick: () => void change.confirm(),
            isLoading: change.saving,
            disabled: !impact || change.saving,
            actionType: on ? "normal" : "destructive",
          },
        ]}
      >
        {sessionLost ? (
          <ReopenApp />
        ) : loadError ? (
          <Message
            type="error"
            header="Could not work out who this affects"
            messages={[{ text: errorText(loadError) }]}
            actions={[{ text: "Retry", onClick: change.retry }]}
            role="alert"
          />
        ) : !impact ? (
          <Working>Checking which customers this affects…</Working>
        ) : (
          <ImpactView impact={impact} channel={channel} />
        )}
        {saveError !== undefined && !sessionLost && (
          <Message
            type="error"
            header="The setting was not changed"
            messages={[{ text: errorText(saveError) }]}
            role="alert"
            marginTop="medium"
          />
        )}
      </Modal>
    </Box>
  );
}

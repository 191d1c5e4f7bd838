"use client";

import { Box, H3, InlineMessage, Small } from "@bigcommerce/big-design";
import { GlobalLoginsToggle } from "@/components/GlobalLoginsToggle/GlobalLoginsToggle";
import type { ChannelView } from "@/lib/contract/access";
import { storefrontStatusSentence } from "./storefront";

/**
 * A storefront column's details, opened from its header: what it is, whether it is live, and its "Allow global
 * logins" switch (loaded only when a header is opened, with its confirmation dialog).
 */
export default function ChannelDetails({ channel, onConfirmingChange }: { channel: ChannelView; onConfirmingChange?(open: boolean): void }) {
  const status = storefrontStatusSentence(channel);
  return (
    <Box data-channel-details={channel.id} style={{ maxWidth: "20rem" }}>
      <H3 marginBottom="xxSmall">{channel.name}</H3>
      <Small marginBottom="xSmall">
        Storefront · {channel.platform || "unknown platform"} · ID {channel.id} · status {channel.status}
      </Small>
      {status && (
        <Box marginBottom="xSmall">
          <InlineMessage type={channel.storefrontStatus === "closed" ? "warning" : "info"} messages={[{ text: status }]} data-testid="storefront-status" />
        </Box>
      )}
      <GlobalLoginsToggle channel={channel} onConfirmingChange={onConfirmingChange} />
    </Box>
  );
}

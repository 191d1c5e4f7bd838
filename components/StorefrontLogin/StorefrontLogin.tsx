"use client";

import { Box, FormGroup, InlineMessage, Message, Modal, Select, Small, Text } from "@bigcommerce/big-design";
import { useState } from "react";
import { statusTag } from "@/components/AccessMatrix/storefront";
import { Working, errorText } from "@/components/ReopenApp/ReopenApp";
import type { ChannelView, CustomerView } from "@/lib/contract/access";
import type { StorefrontLoginPreview } from "@/lib/contract/storefront-login";
import { customerName } from "@/lib/client";
import { signInOnStorefront, useStorefrontLoginPreview } from "./api";

export interface StorefrontLoginProps {
  customer: CustomerView;
  /** The storefronts to choose from (the matrix's columns' channels). */
  channels: readonly ChannelView[];
  /** The storefront to start with (a cell's); else the first one the customer can log in to. */
  channelId?: number;
  onClose(): void;
}

/** The storefront to start on: the one asked for, else the first live one the rule lets the customer in, else the first. */
export function firstChannel(customer: CustomerView, channels: readonly ChannelView[], channelId?: number): number | null {
  if (channelId !== undefined && channels.some((c) => c.id === channelId)) return channelId;
  const allowed = new Set(customer.access.allowedChannelIds);
  return (channels.find((c) => c.storefrontStatus === "live" && allowed.has(c.id)) ?? channels[0])?.id ?? null;
}

type Sent = { state: "idle" } | { state: "signing" } | { state: "opened"; channel: string } | { state: "failed"; message: string };

/** Opens the sign-in link in a new tab: the tab is opened on the click itself (popup blockers allow that), then sent on. */
async function openSignedIn(customerId: number, channelId: number): Promise<void> {
  const tab = window.open("about:blank", "_blank");
  if (!tab) throw new Error("Your browser blocked the new tab. Allow pop-ups for this app, then try again.");
  tab.opener = null; // the storefront gets no handle on the app's frame
  try {
    const { url } = await signInOnStorefront(customerId, channelId);
    tab.location.replace(url);
  } catch (error) {
    tab.close();
    throw error;
  }
}

function Prediction({ preview }: { preview: StorefrontLoginPreview }) {
  const { prediction } = preview;
  return (
    <div data-testid="storefront-login-prediction" data-expect={prediction.expect} data-why={prediction.why}>
      <Message type={prediction.expect === "signed_in" ? "success" : "warning"} header={`Expected: ${prediction.headline}`} messages={[{ text: prediction.sentence }]} marginBottom="small" />
    </div>
  );
}

/**
 * "Sign in on the storefront": first what BigCommerce should do (the login rule and the storefront's status), then,
 * if this user may, a fresh one-time link opened in a new tab (the control panel's frame cannot host a storefront),
 * where the storefront shows what BigCommerce really does.
 */
export function StorefrontLogin({ customer, channels, channelId: asked, onClose }: StorefrontLoginProps) {
  const [channelId, setChannelId] = useState(() => firstChannel(customer, channels, asked));
  const [sent, setSent] = useState<Sent>({ state: "idle" });
  const { data: preview, error, isLoading } = useStorefrontLoginPreview(customer.id, channelId);
  const name = customerName(customer) || `Customer ${customer.id}`;
  const channel = channels.find((c) => c.id === channelId);
  const usable = preview && preview.channel.id === channelId && !preview.blocked;

  const signIn = async () => {
    if (channelId === null || !channel) return;
    setSent({ state: "signing" });
    try {
      await openSignedIn(customer.id, channelId);
      setSent({ state: "opened", channel: channel.name });
    } catch (failure) {
      setSent({ state: "failed", message: errorText(failure) });
    }
  };

  return (
    <Modal
      isOpen
      header={`Sign in on the storefront as ${name}`}
      onClose={onClose}
      closeOnEscKey
      actions={[
        { text: "Close", variant: "subtle", onClick: onClose },
        {
          text: channel ? `Open ${channel.name} as ${name}` : "Open the storefront",
          onClick: () => void signIn(),
          disabled: !usable || sent.state === "signing",
          isLoading: sent.state === "signing",
        },
      ]}
    >
      <FormGroup>
        <Select
          label="Storefront"
          value={channelId ?? undefined}
          options={channels.map((c) => ({ value: c.id, content: `${c.name} (ID ${c.id})${statusTag(c) ? ` · ${statusTag(c)}` : ""}` }))}
          onOptionChange={(value) => (setChannelId(value ?? null), setSent({ state: "idle" }))}
          required
        />
      </FormGroup>
      <Box marginTop="medium">
        {error ? (
          <Message type="error" header="What to expect could not be read" messages={[{ text: errorText(error) }]} role="alert" />
        ) : isLoading || !preview ? (
          <Working>Reading the customer and the storefront…</Working>
        ) : (
          <>
            <Prediction preview={preview} />
            {preview.blocked ? (
              <div data-testid="storefront-login-blocked" data-reason={preview.blocked.reason}>
                <InlineMessage type={preview.blocked.reason === "missing_scope" ? "warning" : "info"} messages={[{ text: preview.blocked.message }]} />
              </div>
            ) : (
              <Small>
                The storefront opens in a new tab, signed in as {name} if BigCommerce lets them in; otherwise it shows BigCommerce&apos;s refusal. The link works once, for 30 seconds, and this use is logged in Activity.
              </Small>
            )}
          </>
        )}
      </Box>
      {sent.state === "opened" && (
        <div role="status" data-testid="storefront-login-opened">
          <Text marginTop="small">{sent.channel} opened in a new tab.</Text>
        </div>
      )}
      {sent.state === "failed" && (
        <div data-testid="storefront-login-error">
          <Message type="error" marginTop="small" messages={[{ text: sent.message }]} role="alert" />
        </div>
      )}
    </Modal>
  );
}

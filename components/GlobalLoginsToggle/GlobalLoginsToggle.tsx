"use client";

import { Badge, Box, Flex, H3, Message, Modal, ProgressCircle, Small, Switch, Text } from "@bigcommerce/big-design";
import { useEffect, useId, useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { ReopenApp } from "@/components/ReopenApp/ReopenApp";
import { describeImpact, type GlobalToggleImpact } from "@/lib/access";
import type { ChannelView, CustomerBrief, CustomersResponse, GlobalLoginsImpactResponse } from "@/lib/contract/access";
import { channelsKey, globalLoginsImpact, isCustomersKey, isSessionError, setGlobalLogins, withChannel } from "@/lib/client";
import { CustomerList, SwitchArea } from "./styles";

/** One line under the switch: what the current value means for customers. */
export function globalLoginsExplanation(channel: Pick<ChannelView, "allowGlobalLogins">): string {
  return channel.allowGlobalLogins
    ? "Global customers can log in here, and so can customers with this channel in their list."
    : "Only customers with this channel in their list can log in here.";
}

/** The route's answer in the domain's shape, so the domain's own sentence describes it. */
function asDomainImpact(channel: ChannelView, impact: GlobalLoginsImpactResponse): GlobalToggleImpact {
  return {
    channelId: channel.id,
    from: channel.allowGlobalLogins,
    to: impact.allowGlobalLogins,
    settingChanges: channel.allowGlobalLogins !== impact.allowGlobalLogins,
    gaining: impact.gaining.map((c) => c.id),
    losing: impact.losing.map((c) => c.id),
    counts: { gaining: impact.gainingCount, losing: impact.losingCount, global: impact.gainingCount + impact.losingCount, specific: 0 },
    examined: impact.examined,
    totalCustomers: impact.total,
    complete: impact.complete,
  };
}

const who = (c: CustomerBrief) => (c.name ? `${c.name} (${c.email || `customer ${c.id}`})` : c.email || `Customer ${c.id}`);

function ImpactList({ label, customers, count, testId }: { label: string; customers: CustomerBrief[]; count: number; testId: string }) {
  const more = count - customers.length;
  return (
    <Box marginBottom="medium" data-testid={testId}>
      <H3 marginBottom="xSmall">
        {label}: {count}
      </H3>
      {count === 0 ? (
        <Small>Nobody.</Small>
      ) : (
        <CustomerList>
          {customers.map((c) => (
            <li key={c.id}>{who(c)}</li>
          ))}
          {more > 0 && <li>…and {more} more</li>}
        </CustomerList>
      )}
    </Box>
  );
}

/**
 * A channel's "Allow global logins" switch. Switching opens a confirmation with the impact (who gains or loses login
 * there); only the confirmation writes, then every list on screen is recomputed and revalidated.
 */
export function GlobalLoginsToggle({ channel, onConfirmingChange }: { channel: ChannelView; onConfirmingChange?(open: boolean): void }) {
  const { mutate } = useSWRConfig();
  const explanationId = useId();
  const [target, setTarget] = useState<boolean | null>(null);
  const [impact, setImpact] = useState<GlobalLoginsImpactResponse | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const abort = useRef<AbortController | null>(null);
  // A surrounding popover must not close while the confirmation is open (clicks there are outside it).
  const confirming = target !== null;
  useEffect(() => onConfirmingChange?.(confirming), [confirming, onConfirmingChange]);

  useEffect(() => {
    if (target === null) return;
    const controller = new AbortController();
    abort.current = controller;
    globalLoginsImpact(channel.id, target, { signal: controller.signal })
      .then((result) => !controller.signal.aborted && setImpact(result))
      .catch((error: unknown) => !controller.signal.aborted && setLoadError(error));
    return () => controller.abort();
  }, [channel.id, target, attempt]);

  const close = () => {
    abort.current?.abort();
    setTarget(null);
    setImpact(null);
    setLoadError(null);
    setSaveError(null);
    setSaving(false);
  };

  const save = async () => {
    if (target === null) return;
    setSaving(true);
    setSaveError(null);
    try {
      const { channel: saved } = await setGlobalLogins(channel.id, target);
      // Recompute the rows on screen at once from the new setting, then fetch the truth.
      await Promise.all([
        mutate<CustomersResponse>(isCustomersKey, (page) => page && withChannel(page, saved), { revalidate: true }),
        mutate(channelsKey),
      ]);
      close();
    } catch (error) {
      setSaving(false);
      setSaveError(error);
    }
  };

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
            disabled={target !== null}
            onChange={() => {
              setImpact(null);
              setLoadError(null);
              setTarget(!channel.allowGlobalLogins);
            }}
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
        isOpen={target !== null}
        header={`Turn ${verb} global logins for ${channel.name}?`}
        onClose={close}
        closeOnEscKey
        actions={[
          { text: "Cancel", variant: "subtle", onClick: close },
          {
            text: `Turn ${verb} global logins`,
            onClick: () => void save(),
            isLoading: saving,
            disabled: !impact || saving,
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
            messages={[{ text: loadError instanceof Error ? loadError.message : String(loadError) }]}
            actions={[{ text: "Retry", onClick: () => (setLoadError(null), setAttempt((n) => n + 1)) }]}
            role="alert"
          />
        ) : !impact ? (
          <Flex alignItems="center" flexGap="0.5rem" role="status">
            <ProgressCircle size="xSmall" />
            <Text marginBottom="none">Checking which customers this affects…</Text>
          </Flex>
        ) : (
          <>
            <Text data-testid="impact-summary">{describeImpact(asDomainImpact(channel, impact), { channelId: channel.id, name: channel.name })}</Text>
            {!impact.complete && (
              <Message
                type="warning"
                marginBottom="medium"
                messages={[
                  {
                    text: `Examined ${impact.examined.toLocaleString("en-US")} of ${impact.total.toLocaleString("en-US")} customers: the counts cover only the customers examined.`,
                  },
                ]}
              />
            )}
            <ImpactList label="Customers who gain login here" customers={impact.gaining} count={impact.gainingCount} testId="impact-gaining" />
            <ImpactList label="Customers who lose login here" customers={impact.losing} count={impact.losingCount} testId="impact-losing" />
          </>
        )}
        {saveError !== null && !sessionLost && (
          <Message
            type="error"
            header="The setting was not changed"
            messages={[{ text: saveError instanceof Error ? saveError.message : String(saveError) }]}
            role="alert"
            marginTop="medium"
          />
        )}
      </Modal>
    </Box>
  );
}

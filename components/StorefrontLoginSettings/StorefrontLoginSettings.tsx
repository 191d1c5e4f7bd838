"use client";

import { Checkbox, Message, Panel, Small, Text } from "@bigcommerce/big-design";
import { useState } from "react";
import { setStorefrontLoginAllowed, useStorefrontLoginSettings } from "@/components/StorefrontLogin/api";
import { FailedRead, ReopenApp, Working, errorText } from "@/components/ReopenApp/ReopenApp";
import { isSessionError } from "@/lib/client";
import type { StorefrontLoginMember } from "@/lib/contract/storefront-login";

/**
 * Settings › Storefront sign-in: the store's members of the app, and who may sign in on a storefront as a customer.
 * The owner always may and ticks the staff users who may; everyone else sees the list and who decides.
 */
export function StorefrontLoginSettings() {
  const { data, error, mutate } = useStorefrontLoginSettings();
  const [saving, setSaving] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (isSessionError(error)) return <ReopenApp detail={error.message} />;
  if (error && !data) return <FailedRead header="The settings could not be read" message={errorText(error)} retry="Try again" onRetry={() => void mutate()} />;
  if (!data) return <Working>Reading who may sign in…</Working>;

  const toggle = async (member: StorefrontLoginMember, allowed: boolean) => {
    setSaving(member.membershipId);
    setFailure(null);
    try {
      await mutate(await setStorefrontLoginAllowed(member.membershipId, allowed), { revalidate: false });
    } catch (failed) {
      setFailure(errorText(failed));
    } finally {
      setSaving(null);
    }
  };

  return (
    <Panel header="Storefront sign-in" data-testid="storefront-login-settings">
      <Text>
        &quot;Sign in on the storefront&quot; opens a storefront signed in as a customer, through BigCommerce&apos;s Customer Login API, to see what
        BigCommerce really does with their access. Every use is logged in Activity; each user may sign in at most 10 times a minute.
      </Text>
      {!data.scopeGranted && data.scopeMessage && <Message type="warning" header="The Customer login scope is missing" messages={[{ text: data.scopeMessage }]} marginBottom="medium" data-testid="storefront-login-scope" />}
      {failure && <Message type="error" messages={[{ text: failure }]} onClose={() => setFailure(null)} role="alert" marginBottom="medium" />}
      <Small>{data.canManage ? "Tick the staff users who may sign in as a customer. The store owner always may." : "Only the store owner decides who may sign in as a customer."}</Small>
      <ul aria-label="Who may sign in on the storefront" style={{ listStyle: "none", padding: 0 }}>
        {data.members.map((member) => (
          <li key={member.membershipId} data-membership-id={member.membershipId}>
            <Checkbox
              label={member.isOwner ? `${member.email} (store owner)` : member.email}
              checked={member.allowed}
              disabled={!data.canManage || member.isOwner || saving === member.membershipId}
              onChange={(event) => void toggle(member, event.target.checked)}
            />
          </li>
        ))}
      </ul>
    </Panel>
  );
}

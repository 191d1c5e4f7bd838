"use client";

import { Message } from "@bigcommerce/big-design";
import useSWR from "swr";
import { errorText, ReopenApp, Working } from "@/components/ReopenApp/ReopenApp";
import type { AccessIntent } from "@/lib/access";
import type { AccessChangeResponse, CustomerView } from "@/lib/contract/access";
import { isSessionError, planAccess } from "@/lib/client";
import type { ConfirmedChange } from "./ConfirmAccessChange";

/**
 * The plan for an intent (`null` = nothing to preview), cached per customer value and intent: a draft the merchant
 * goes back to shows its plan at once while it is checked again.
 */
export function usePlanPreview(customer: Pick<CustomerView, "id" | "channelIds">, intent: AccessIntent | null) {
  const key = intent && [`/api/customers/${customer.id}/access/plan`, JSON.stringify(customer.channelIds), JSON.stringify(intent)];
  const { data, error, isValidating, mutate } = useSWR<AccessChangeResponse, unknown>(key, () => planAccess(customer.id, intent!), {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  // A retry shows the loading state, not the error it is retrying.
  return { response: data, error: isValidating ? undefined : error, retry: () => void mutate() };
}

/** What the merchant confirms from a previewed plan that can be saved; null when it cannot. */
export function confirmedChange(intent: AccessIntent | null, response: AccessChangeResponse | undefined): ConfirmedChange | null {
  if (!intent || !response?.plan.ok) return null;
  const { customer, channels, plan } = response;
  return { customer, channels, intent, plan, expectedChannelIds: customer.channelIds, next: plan.next };
}

export function PreviewError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  if (isSessionError(error)) return <ReopenApp detail={error.message} />;
  return <Message type="error" header="Could not preview this change" messages={[{ text: errorText(error) }]} actions={[{ text: "Retry", onClick: onRetry }]} role="alert" />;
}

export const PreviewLoading = () => <Working>Working out what this change does on every channel…</Working>;

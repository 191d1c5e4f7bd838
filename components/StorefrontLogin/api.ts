// The page's side of "Sign in on the storefront": the preview (re-read when the frame regains focus, so a scope
// granted meanwhile shows at once), the one sign-in link, and the owner's settings.
import useSWR from "swr";
import type { StorefrontLoginSettingsResponse } from "@/lib/contract/storefront-login";
import { StorefrontLoginPreviewSchema, StorefrontLoginResponseSchema, StorefrontLoginSettingsResponseSchema } from "@/lib/contract/storefront-login-responses";
import { appJson } from "@/lib/client/fetch";
import type { AppApiError } from "@/lib/client/errors";

const base = (customerId: number) => `/api/customers/${customerId}/storefront-login`;
export const previewKey = (customerId: number, channelId: number) => `${base(customerId)}?channelId=${channelId}`;
export const SETTINGS_PATH = "/api/settings/storefront-login";

const json = { "Content-Type": "application/json" };

export function useStorefrontLoginPreview(customerId: number, channelId: number | null) {
  return useSWR(channelId === null ? null : previewKey(customerId, channelId), (path: string) => appJson(path, { schema: StorefrontLoginPreviewSchema }), {
    revalidateOnFocus: true,
    shouldRetryOnError: false,
  });
}

/** Signs a fresh link now (POST): it works once, within 30 s, so it is opened at once and never kept. */
export const signInOnStorefront = (customerId: number, channelId: number) =>
  appJson(base(customerId), { method: "POST", headers: json, body: JSON.stringify({ channelId }), schema: StorefrontLoginResponseSchema });

export const useStorefrontLoginSettings = () =>
  useSWR<StorefrontLoginSettingsResponse, AppApiError>(SETTINGS_PATH, (path: string) => appJson(path, { schema: StorefrontLoginSettingsResponseSchema }), { revalidateOnFocus: true });

export const setStorefrontLoginAllowed = (membershipId: number, allowed: boolean) =>
  appJson(SETTINGS_PATH, { method: "PUT", headers: json, body: JSON.stringify({ membershipId, allowed }), schema: StorefrontLoginSettingsResponseSchema });

// The query strings BigCommerce sends to the app's callbacks, validated at the boundary.
import { z } from "zod";
import { storeContext } from "@/lib/contract/store-hash";

const SCOPE = /^[a-z0-9_]+( [a-z0-9_]+)*$/;

/** GET /api/auth?code&scope&context&account_uuid (the install's OAuth redirect). */
export const AuthCallbackQuery = z.object({
  code: z.string({ message: "code is missing" }).min(1, "code is missing").max(512, "code is too long"),
  scope: z
    .string({ message: "scope is missing" })
    .transform((s) => s.trim().split(/\s+/).filter(Boolean).join(" "))
    .pipe(z.string().regex(SCOPE, "scope must be space-separated scope names")),
  context: z.string({ message: "context is missing" }).pipe(storeContext("context")),
  account_uuid: z.string().max(64).optional(),
});
export type AuthCallbackQuery = z.infer<typeof AuthCallbackQuery>;

/** GET /api/load|uninstall|remove-user?signed_payload_jwt=… */
export const SignedPayloadQuery = z.object({
  signed_payload_jwt: z.string({ message: "signed_payload_jwt is missing" }).min(1, "signed_payload_jwt is missing"),
});

export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}

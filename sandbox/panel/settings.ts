// The panel's forms, validated with zod (everything arrives as urlencoded strings).
import { z } from "zod";
import { ALL_SCOPES } from "../context";

export const DEFAULT_SCOPES_TEXT = "store_v2_customers store_channel_settings_read_only store_v2_customers_login";

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const UNINSTALL_ORDERS = ["revoke-first", "callback-first"] as const;
export type UninstallOrder = (typeof UNINSTALL_ORDERS)[number];

export const SettingsForm = z.object({
  auth_url: httpUrl,
  load_url: httpUrl,
  uninstall_url: httpUrl,
  remove_user_url: httpUrl,
  scopes: z
    .string()
    .transform((s) => [...new Set(s.split(/\s+/).filter(Boolean))])
    .pipe(
      z
        .array(z.enum(ALL_SCOPES, { error: (issue) => `unknown scope "${String(issue.input)}"` }))
        .min(1, "at least one scope is required"),
    ),
  /** Omitted: unchanged. */
  uninstall_order: z.enum(UNINSTALL_ORDERS, { error: 'must be "revoke-first" or "callback-first"' }).optional(),
});

/** POST /__sandbox/panel (JSON, admin token): the same switch for scripts and tests. */
export const PanelAdminBody = z.strictObject({
  uninstallOrder: z.enum(UNINSTALL_ORDERS, { error: 'uninstallOrder must be "revoke-first" or "callback-first"' }).optional(),
});

/** The user a panel action is for. `channel_id` is the channel context Open app passes ("" = none). */
export const ActionForm = z.object({
  user_id: z.coerce.number().int().positive(),
  channel_id: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : Number(v)))
    .pipe(z.number().int().positive().nullable()),
});

export const SignedPayloadQuery = z.object({
  user_id: z.coerce.number().int().positive(),
  kind: z.enum(["load", "uninstall", "remove_user"]),
  channel_id: z.coerce.number().int().positive().optional(),
});


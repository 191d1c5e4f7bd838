// When a pending uninstall is checked again, and what a check's result means. Pure; the checker
// (uninstall-checker.ts) and the uninstall callback (lifecycle.ts) share it.
//   UNINSTALL_CHECK_DELAYS_MS (60000,300000,1800000)  checks after 1, 5 and 30 minutes, counted from the callback
//   UNINSTALL_CHECK_POLL_MS (10000)                   how often the checker looks for due checks
//   UNINSTALL_CHECKER (on)                            off: this process runs no checker (another instance does)
import { z } from "zod";
import { describeIssues } from "@/lib/contract/issues";
import type { TokenStatus } from "./store-token";

const Delays = z
  .string()
  .transform((raw) => raw.split(",").map((part) => Number(part.trim())))
  .pipe(z.array(z.number().int("each delay must be whole milliseconds").positive("each delay must be positive")).min(1));

const UninstallCheckEnv = z.object({
  UNINSTALL_CHECK_DELAYS_MS: Delays.default([60_000, 300_000, 1_800_000]),
  UNINSTALL_CHECK_POLL_MS: z.coerce.number().int().min(50).default(10_000),
  UNINSTALL_CHECKER: z.enum(["on", "off"]).default("on"),
});

export interface UninstallCheckConfig {
  /** Delays after the callback at which the token is tried again; the last one repeats while there is no verdict. */
  delaysMs: number[];
  pollMs: number;
  enabled: boolean;
}

export function uninstallCheckConfig(source: Record<string, string | undefined> = process.env): UninstallCheckConfig {
  const input = Object.fromEntries(Object.entries(source).filter(([key, value]) => key.startsWith("UNINSTALL_") && value !== undefined && value !== ""));
  const parsed = UninstallCheckEnv.safeParse(input);
  if (!parsed.success)
    throw new Error(`Invalid uninstall check configuration: ${describeIssues(parsed.error)}`);
  return { delaysMs: parsed.data.UNINSTALL_CHECK_DELAYS_MS, pollMs: parsed.data.UNINSTALL_CHECK_POLL_MS, enabled: parsed.data.UNINSTALL_CHECKER === "on" };
}

/** How long after a store's rate-limit window resets its check is tried again (clock skew, the reset's rounding). */
export const AFTER_RESET_MS = 1_000;

/** Right after the reset of the quota that kept a check from an answer; undefined when that was not the reason. */
function afterQuotaReset(result: TokenStatus | undefined, now: Date): Date | undefined {
  if (result?.status !== "unknown" || !result.retryAt) return undefined;
  return new Date(Math.max(result.retryAt.getTime(), now.getTime()) + AFTER_RESET_MS);
}

/**
 * The first re-check after an unconfirmed uninstall callback at `now`: one delay later, or right after the store's
 * quota resets when a spent quota is why the callback's own check got no answer.
 */
export function firstCheckAt(now: Date, delaysMs: readonly number[], result?: TokenStatus): Date {
  return afterQuotaReset(result, now) ?? new Date(now.getTime() + delaysMs[0]!);
}

export type CheckDecision =
  | { action: "purge" }
  /** Every scheduled check found the token working: the uninstall was not real, so nothing is pending any more. */
  | { action: "give-up" }
  | { action: "reschedule"; checks: number; nextCheckAt: Date };

/**
 * What to do after check number `checksBefore + 1` of an uninstall requested at `requestedAt`. A dead token purges at
 * once. A working token is tried at each scheduled delay, then the store stays installed. Without a verdict the
 * checks go on at the last delay's pace, since only BigCommerce's answer may delete anything; when a spent quota is
 * why, right after it resets.
 */
export function decideAfterCheck(result: TokenStatus, checksBefore: number, requestedAt: Date, now: Date, delaysMs: readonly number[]): CheckDecision {
  if (result.status === "revoked") return { action: "purge" };
  // A spent quota gave no answer: that check uses up none of the schedule, and is tried again right after the reset.
  const retryAt = afterQuotaReset(result, now);
  if (retryAt) return { action: "reschedule", checks: checksBefore, nextCheckAt: retryAt };
  // Ahead of the first delay (the callback's check, postponed to a quota reset): the schedule is still to come.
  const firstAt = new Date(requestedAt.getTime() + delaysMs[0]!);
  if (checksBefore === 0 && now < firstAt) return { action: "reschedule", checks: 0, nextCheckAt: firstAt };
  const checks = checksBefore + 1;
  if (checks < delaysMs.length) {
    const scheduled = new Date(requestedAt.getTime() + delaysMs[checks]!);
    // Late checks (the process was down) do not bunch up: the next one is at least the gap between delays away.
    const gap = delaysMs[checks]! - delaysMs[checks - 1]!;
    return { action: "reschedule", checks, nextCheckAt: scheduled > now ? scheduled : new Date(now.getTime() + gap) };
  }
  if (result.status === "valid") return { action: "give-up" };
  return { action: "reschedule", checks, nextCheckAt: new Date(now.getTime() + delaysMs[delaysMs.length - 1]!) };
}

/** Words for a check's result, stored with the pending uninstall and logged. */
export function describeTokenStatus(result: TokenStatus): string {
  if (result.status === "valid") return "token-valid";
  if (result.status === "revoked") return "token-revoked";
  return `no-verdict: ${result.reason}`;
}

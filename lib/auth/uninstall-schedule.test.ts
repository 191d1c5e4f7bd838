import { describe, expect, it } from "vitest";
import { AFTER_RESET_MS, decideAfterCheck, describeTokenStatus, firstCheckAt, uninstallCheckConfig } from "./uninstall-schedule";

const DELAYS = [60_000, 300_000, 1_800_000];
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const requested = at(0);
const valid = { status: "valid" } as const;
const unknown = { status: "unknown", reason: "BigCommerce answered HTTP 503" } as const;

describe("uninstallCheckConfig", () => {
  it("checks after 1, 5 and 30 minutes by default", () => {
    expect(uninstallCheckConfig({})).toEqual({ delaysMs: DELAYS, pollMs: 10_000, enabled: true });
  });
  it("reads delays, poll and the off switch from the environment", () => {
    expect(uninstallCheckConfig({ UNINSTALL_CHECK_DELAYS_MS: "100, 500,2000", UNINSTALL_CHECK_POLL_MS: "50", UNINSTALL_CHECKER: "off" })).toEqual({
      delaysMs: [100, 500, 2000],
      pollMs: 50,
      enabled: false,
    });
  });
  it.each([["UNINSTALL_CHECK_DELAYS_MS", "60000,soon"], ["UNINSTALL_CHECK_DELAYS_MS", "-5"], ["UNINSTALL_CHECK_POLL_MS", "10"], ["UNINSTALL_CHECKER", "maybe"]])(
    "refuses %s=%s, naming it",
    (name, value) => expect(() => uninstallCheckConfig({ [name]: value })).toThrow(name),
  );
});

describe("the check schedule", () => {
  it("first checks one delay after the callback", () => expect(firstCheckAt(requested, DELAYS)).toEqual(at(60_000)));

  it("purges as soon as the token is revoked, at any check", () => {
    for (const checks of [0, 1, 2, 7]) expect(decideAfterCheck({ status: "revoked" }, checks, requested, at(10 ** 7), DELAYS)).toEqual({ action: "purge" });
  });

  it("tries a working token at 5 and 30 minutes after the callback, then gives up", () => {
    expect(decideAfterCheck(valid, 0, requested, at(60_000), DELAYS)).toEqual({ action: "reschedule", checks: 1, nextCheckAt: at(300_000) });
    expect(decideAfterCheck(valid, 1, requested, at(300_000), DELAYS)).toEqual({ action: "reschedule", checks: 2, nextCheckAt: at(1_800_000) });
    expect(decideAfterCheck(valid, 2, requested, at(1_800_000), DELAYS)).toEqual({ action: "give-up" });
  });

  it("keeps checking at the last delay while BigCommerce gives no verdict", () => {
    expect(decideAfterCheck(unknown, 2, requested, at(1_800_000), DELAYS)).toEqual({ action: "reschedule", checks: 3, nextCheckAt: at(3_600_000) });
    expect(decideAfterCheck(unknown, 3, requested, at(3_600_000), DELAYS)).toEqual({ action: "reschedule", checks: 4, nextCheckAt: at(5_400_000) });
  });

  it("spaces out late checks rather than running the missed ones back to back", () => {
    // The process was down until 20 minutes: the 5-minute check ran late, the next is 25 minutes on, not now.
    expect(decideAfterCheck(valid, 1, requested, at(1_200_000), DELAYS)).toEqual({ action: "reschedule", checks: 2, nextCheckAt: at(1_800_000) });
    expect(decideAfterCheck(valid, 1, requested, at(2_000_000), DELAYS)).toEqual({ action: "reschedule", checks: 2, nextCheckAt: at(2_000_000 + 1_500_000) });
  });

  const quotaSpent = (retryAt: Date) => ({ status: "unknown", reason: "its token was not checked: the store's quota is used up", retryAt }) as const;

  it("first checks right after the quota resets when a spent quota kept the callback from checking", () => {
    expect(firstCheckAt(requested, DELAYS, quotaSpent(at(20_020)))).toEqual(at(20_020 + AFTER_RESET_MS));
    expect(firstCheckAt(requested, DELAYS, unknown)).toEqual(at(60_000));
    expect(firstCheckAt(requested, DELAYS, valid)).toEqual(at(60_000));
  });

  it("tries a check the spent quota gave no answer right after the reset, using up no scheduled check", () => {
    expect(decideAfterCheck(quotaSpent(at(320_000)), 1, requested, at(300_000), DELAYS)).toEqual({ action: "reschedule", checks: 1, nextCheckAt: at(321_000) });
    // A reset already past (a late check): at once, after the margin.
    expect(decideAfterCheck(quotaSpent(at(290_000)), 1, requested, at(300_000), DELAYS)).toEqual({ action: "reschedule", checks: 1, nextCheckAt: at(301_000) });
  });

  it("keeps the whole schedule after the callback's check, postponed to a quota reset, finds no verdict", () => {
    // Checked at the reset, 21 s after the callback: the 1-minute check is still to come.
    expect(decideAfterCheck(valid, 0, requested, at(21_020), DELAYS)).toEqual({ action: "reschedule", checks: 0, nextCheckAt: at(60_000) });
    expect(decideAfterCheck(unknown, 0, requested, at(21_020), DELAYS)).toEqual({ action: "reschedule", checks: 0, nextCheckAt: at(60_000) });
    expect(decideAfterCheck({ status: "revoked" }, 0, requested, at(21_020), DELAYS)).toEqual({ action: "purge" });
  });

  it("describes results for the log and the pending row", () => {
    expect(describeTokenStatus(valid)).toBe("token-valid");
    expect(describeTokenStatus({ status: "revoked" })).toBe("token-revoked");
    expect(describeTokenStatus(unknown)).toBe("no-verdict: BigCommerce answered HTTP 503");
  });
});

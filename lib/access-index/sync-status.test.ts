import { describe, expect, it } from "vitest";
import type { AccessIndexState } from "@/lib/generated/prisma/client";
import { etaSeconds, freshnessOf, indexStatusOf, indexVersionOf, webhooksHealthy, type WebhookHealthFields } from "./sync-status";

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s));
const state = (patch: Partial<AccessIndexState>): AccessIndexState => ({
  storeId: 1, status: "syncing", checkpoint: null, expectedCustomers: null, customersRead: 0, syncStartedAt: null, syncCompletedAt: null,
  lastSweepAt: null, lastChangeAt: null, error: null, updatedAt: at(0), ...patch,
});

describe("etaSeconds", () => {
  it("extrapolates the pace so far", () => {
    // 412,000 of 1,000,000 in 126 s: 588,000 more at ~3,270/s is ~180 s.
    expect(etaSeconds(412_000, 1_000_000, at(0), at(126))).toBe(180);
  });
  it("is unknown before a page is in, without a target, or with no time elapsed", () => {
    expect(etaSeconds(0, 100, at(0), at(5))).toBeNull();
    expect(etaSeconds(10, null, at(0), at(5))).toBeNull();
    expect(etaSeconds(10, 100, at(5), at(5))).toBeNull();
  });
  it("never goes below zero when more were read than expected", () => {
    expect(etaSeconds(120, 100, at(0), at(5))).toBe(0);
  });
});

describe("indexStatusOf", () => {
  it("shows progress and an ETA while syncing, capped at the expected count", () => {
    expect(indexStatusOf(state({ customersRead: 260, expectedCustomers: 250, syncStartedAt: at(0) }), at(10)).progress).toEqual({ read: 250, expected: 250, etaSeconds: 0 });
    expect(indexStatusOf(state({ customersRead: 500, expectedCustomers: 1000, syncStartedAt: at(0) }), at(10)).progress).toEqual({ read: 500, expected: 1000, etaSeconds: 10 });
  });
  it("has no ETA when failed and no progress when ready", () => {
    expect(indexStatusOf(state({ status: "failed", customersRead: 5, expectedCustomers: 10, syncStartedAt: at(0), error: "boom" }), at(10))).toMatchObject({ progress: { read: 5, expected: 10, etaSeconds: null }, error: "boom" });
    const ready = indexStatusOf(state({ status: "ready", lastSweepAt: at(3) }), at(10));
    expect(ready.progress).toBeNull();
    expect(ready.lastSweepAt).toBe(at(3).toISOString());
  });
});

describe("webhooksHealthy", () => {
  const hours = (h: number) => new Date(at(0).getTime() + h * 3_600_000);
  const health = (patch: Partial<WebhookHealthFields>): WebhookHealthFields => ({ ensuredAt: at(0), lastDeliveryAt: null, failures: 0, ...patch });
  it("needs hooks ensured, no failure since, and a sign of life within a day", () => {
    expect(webhooksHealthy(health({}), hours(1))).toBe(true);
    expect(webhooksHealthy(health({}), hours(24))).toBe(true);
    expect(webhooksHealthy(health({}), hours(24.01))).toBe(false);
    // a delivery is a sign of life as good as an ensure
    expect(webhooksHealthy(health({ lastDeliveryAt: hours(30) }), hours(40))).toBe(true);
  });
  it("is false without a registration, before the first ensure, or after a failure", () => {
    expect(webhooksHealthy(null, hours(0))).toBe(false);
    expect(webhooksHealthy(health({ ensuredAt: null, lastDeliveryAt: hours(0) }), hours(0))).toBe(false);
    expect(webhooksHealthy(health({ failures: 1, lastDeliveryAt: hours(0) }), hours(0))).toBe(false);
  });
});

describe("freshnessOf", () => {
  it.each([
    ["ready", true, "up_to_date"],
    ["ready", false, "webhooks_failing"],
    ["syncing", true, "syncing"],
    ["syncing", false, "syncing"],
    ["empty", true, "not_indexed"],
    ["failed", true, "not_indexed"],
  ] as const)("%s with healthy webhooks %s reads %s", (status, healthy, freshness) => {
    expect(freshnessOf(status, healthy)).toBe(freshness);
  });
});

describe("indexVersionOf", () => {
  it("moves with the content and with the status", () => {
    expect(indexVersionOf("41", "ready")).toBe("41-ready");
    expect(new Set([indexVersionOf("41", "ready"), indexVersionOf("42", "ready"), indexVersionOf("41", "syncing")]).size).toBe(3);
  });
});

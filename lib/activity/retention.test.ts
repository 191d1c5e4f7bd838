import { describe, expect, it } from "vitest";
import { DEFAULT_ACTIVITY_RETENTION_DAYS } from "@/lib/contract/activity";
import { activityEnv, ConfigError } from "@/lib/env";

describe("the activity log's settings", () => {
  it("keep 400 days and prune by default; empty counts as unset", () => {
    expect(DEFAULT_ACTIVITY_RETENTION_DAYS).toBe(400);
    expect(activityEnv({})).toEqual({ ACTIVITY_RETENTION_DAYS: 400, ACTIVITY_PRUNE: "on" });
    expect(activityEnv({ ACTIVITY_RETENTION_DAYS: "", ACTIVITY_PRUNE: "" })).toEqual({ ACTIVITY_RETENTION_DAYS: 400, ACTIVITY_PRUNE: "on" });
  });

  it("take a whole number of days and ACTIVITY_PRUNE=off", () => {
    expect(activityEnv({ ACTIVITY_RETENTION_DAYS: "30", ACTIVITY_PRUNE: "off" })).toEqual({ ACTIVITY_RETENTION_DAYS: 30, ACTIVITY_PRUNE: "off" });
  });

  it.each([
    ["0", "ACTIVITY_RETENTION_DAYS must be at least 1"],
    ["-5", "ACTIVITY_RETENTION_DAYS must be at least 1"],
    ["2.5", "ACTIVITY_RETENTION_DAYS must be a whole number of days"],
    ["a year", "ACTIVITY_RETENTION_DAYS must be a whole number of days"],
  ])("refuse ACTIVITY_RETENTION_DAYS=%s, naming it", (value, message) => {
    expect(() => activityEnv({ ACTIVITY_RETENTION_DAYS: value })).toThrow(ConfigError);
    expect(() => activityEnv({ ACTIVITY_RETENTION_DAYS: value })).toThrow(message);
  });

  it("refuse an ACTIVITY_PRUNE other than on or off", () => {
    expect(() => activityEnv({ ACTIVITY_PRUNE: "yes" })).toThrow(/ACTIVITY_PRUNE/);
  });
});

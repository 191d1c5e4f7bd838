// Sandbox-only endpoints under /__sandbox (not BigCommerce): health, reset, runtime config and counters, and the
// merchant's own edits (PUT /__sandbox/customers/{id}, PUT /__sandbox/channels/{id}: what the control panel changes,
// for scripts; they go through the store's writes, so they are checked as such and fire webhooks).
// Never subject to faults, latency or rate limits.
import { z } from "zod";
import { SETTINGS_REPORTS } from "../config";
import type { RouteModule } from "../context";
import { HttpError, readBody, sendError, sendJson } from "../http";
import { StoreError } from "../store";
import { issueFields } from "../validation/issues";
import type { ApiContext } from "./context";

const rate = z.number().min(0).max(1);
const ConfigPatch = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    rateQuota: z.number().int().min(0).optional(),
    rateWindowMs: z.number().int().min(1).optional(),
    faults: z.object({ 429: rate.optional(), 500: rate.optional(), reset: rate.optional() }).strict().optional(),
    /** Reseeds the fault PRNG; null returns to Math.random. */
    faultSeed: z.number().int().nullable().optional(),
    settingsReport: z.enum(SETTINGS_REPORTS).optional(),
  })
  .strict();
const ResetBody = z.object({ seed: z.string().min(1).optional() }).strict();
const name = z.string().trim().min(1);
const CustomerEdit = z.strictObject({
  channel_ids: z.array(z.number().int().positive()).nullable().optional(),
  first_name: name.optional(),
  last_name: name.optional(),
  email: name.optional(),
});
const ChannelEdit = z.strictObject({
  name: name.optional(),
  status: z.enum(["active", "prelaunch", "inactive", "connected", "disconnected", "archived", "deleted", "terminated"]).optional(),
  external_id: z.string().optional(),
  is_listable_from_ui: z.boolean().optional(),
  is_visible: z.boolean().optional(),
});
const EDIT_PATH = /^\/__sandbox\/(customers|channels)\/(\d+)$/;

export function adminRoutes(api: ApiContext, reset: (seed?: string) => void): RouteModule {
  return async (req, res, url) => {
    const route = `${req.method} ${url.pathname}`;
    const edit = req.method === "PUT" ? EDIT_PATH.exec(url.pathname) : null;
    if (!ADMIN_ROUTES.has(route) && !edit) return false;
    if (route === "GET /__sandbox/health") {
      sendJson(res, 200, { ok: true, storeHash: api.config.storeHash });
      return true;
    }
    if (req.headers["x-auth-token"] !== api.config.apiToken) {
      sendError(res, 401, "Unauthorized: the sandbox's admin endpoints need X-Auth-Token: <SANDBOX_API_TOKEN>.");
      return true;
    }
    try {
      if (edit) {
        const id = Number(edit[2]);
        const body = (await readBody(req)) ?? {};
        const data = edit[1] === "customers" ? api.store.updateCustomers([{ id, ...parse(CustomerEdit, body) }])[0] : api.store.updateChannel(id, parse(ChannelEdit, body));
        sendJson(res, 200, { data: { ...data, passwordHash: undefined } });
        return true;
      }
      switch (route) {
        case "POST /__sandbox/reset": {
          const body = parse(ResetBody, (await readBody(req)) ?? {});
          reset(body.seed);
          sendJson(res, 200, { ok: true, seed: api.config.seed, customers: api.store.customerCount });
          return true;
        }
        case "POST /__sandbox/config": {
          const patch = parse(ConfigPatch, (await readBody(req)) ?? {});
          if (patch.latencyMs !== undefined) api.config.latencyMs = api.faults.latencyMs = patch.latencyMs;
          if (patch.rateQuota !== undefined) api.config.rateQuota = patch.rateQuota;
          if (patch.rateWindowMs !== undefined) api.config.rateWindowMs = patch.rateWindowMs;
          api.limiter.configure({ quota: patch.rateQuota, windowMs: patch.rateWindowMs });
          if (patch.faults) api.faults.rates = api.config.faults = { ...api.config.faults, ...patch.faults };
          if (patch.faultSeed !== undefined) api.faults.reseed(patch.faultSeed ?? undefined);
          if (patch.settingsReport !== undefined) api.config.settingsReport = patch.settingsReport;
          const { latencyMs, rateQuota, rateWindowMs, faults, settingsReport } = api.config;
          sendJson(res, 200, { latencyMs, rateQuota, rateWindowMs, faults, settingsReport });
          return true;
        }
        case "GET /__sandbox/stats": {
          // ?left=1 adds every counted request's Requests-Left and time to reset, to check an app's reserve over time.
          const history = url.searchParams.get("left") === "1" ? { leftHistory: api.limiter.leftHistory() } : {};
          sendJson(res, 200, {
            ...api.stats.snapshot(),
            rateLimited: api.limiter.rejected,
            maxConcurrentPutCustomers: api.limiter.maxConcurrentPut,
            lowestLeft: api.limiter.lowestLeft,
            ...history,
          });
          return true;
        }
      }
    } catch (error) {
      if (error instanceof HttpError || error instanceof StoreError) sendError(res, error.status, error.title, error.errors);
      else sendError(res, 422, error instanceof Error ? error.message : "Invalid request");
      return true;
    }
    return false;
  };
}

// Other /__sandbox/ paths (the panel's signed-payload helper) belong to other modules.
const ADMIN_ROUTES = new Set(["GET /__sandbox/health", "POST /__sandbox/reset", "POST /__sandbox/config", "GET /__sandbox/stats"]);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new HttpError(422, "Invalid sandbox admin request", issueFields(result.error, "body"));
  return result.data;
}

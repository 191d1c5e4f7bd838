// Sandbox-only endpoints for webhooks (not BigCommerce; X-Auth-Token: <SANDBOX_API_TOKEN>):
//   GET    /__sandbox/webhooks/deliveries[?hook_id=&scope=]   every attempt, oldest first, and how many are pending
//   DELETE /__sandbox/webhooks/deliveries                     forgets the log, scheduled retries and domain blocks
//   GET|POST /__sandbox/webhooks/config {timeScale?, allowLoopback?, faults?, faultSeed?, delayMs?, timeoutMs?}
import { z } from "zod";
import type { ApiContext } from "../api/context";
import type { RouteModule } from "../context";
import { HttpError, readBody, sendError, sendJson } from "../http";
import { issueFields } from "../validation/issues";

const rate = z.number().min(0).max(1);
const ConfigPatch = z.strictObject({
  timeScale: z.number().positive().optional(),
  allowLoopback: z.boolean().optional(),
  faults: z.strictObject({ drop: rate.optional(), duplicate: rate.optional(), delay: rate.optional(), reorder: rate.optional() }).optional(),
  /** Reseeds the fault PRNG; null returns to Math.random. */
  faultSeed: z.number().int().nullable().optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  timeoutMs: z.number().int().min(1).max(60_000).optional(),
});
const DeliveriesQuery = z.strictObject({ hook_id: z.coerce.number().int().positive().optional(), scope: z.string().min(1).optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new HttpError(422, "Invalid sandbox webhooks request", issueFields(result.error, "body"));
  return result.data;
}

export function webhookAdminRoutes(api: ApiContext): RouteModule {
  return async (req, res, url) => {
    if (url.pathname !== "/__sandbox/webhooks/deliveries" && url.pathname !== "/__sandbox/webhooks/config") return false;
    if (req.headers["x-auth-token"] !== api.config.apiToken) {
      sendError(res, 401, "Unauthorized: the sandbox's admin endpoints need X-Auth-Token: <SANDBOX_API_TOKEN>.");
      return true;
    }
    const route = `${req.method} ${url.pathname}`;
    try {
      switch (route) {
        case "GET /__sandbox/webhooks/deliveries": {
          const query = parse(DeliveriesQuery, Object.fromEntries(url.searchParams));
          sendJson(res, 200, { data: api.webhooks.deliveries({ hookId: query.hook_id, scope: query.scope }), pending: api.webhooks.pending });
          return true;
        }
        case "DELETE /__sandbox/webhooks/deliveries":
          api.webhooks.clear();
          sendJson(res, 200, { data: [], pending: api.webhooks.pending });
          return true;
        case "POST /__sandbox/webhooks/config": {
          const patch = parse(ConfigPatch, (await readBody(req)) ?? {});
          const settings = api.config.webhooks;
          const { faults, faultSeed, ...plain } = patch;
          Object.assign(settings, plain);
          if (faults) settings.faults = { ...settings.faults, ...faults };
          if (faultSeed !== undefined) api.webhooks.reseed(faultSeed ?? undefined);
          sendJson(res, 200, settings);
          return true;
        }
        case "GET /__sandbox/webhooks/config":
          sendJson(res, 200, api.config.webhooks);
          return true;
        default:
          sendError(res, 405, `Method ${req.method} is not allowed on this resource.`);
          return true;
      }
    } catch (error) {
      if (error instanceof HttpError) sendError(res, error.status, error.title, error.errors);
      else throw error;
      return true;
    }
  };
}

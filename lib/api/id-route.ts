// Routes with one id in their path ([channelId], [customerId], [jobId], [importId]): the session, the id checked, the
// answer as JSON (or the handler's own Response, such as a CSV download). A handler says only what the route does.
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { withAppSession, type AppContext } from "./context";
import { parseParams, PositiveIdParam, readJsonBody } from "./request";

export type IdRouteHandler<T> = (request: NextRequest, context: AppContext, id: number) => Promise<T>;

/** `idRoute("jobId", (request, ctx, jobId) => …)`: answers `status` (200) with what the handler returns, as JSON unless it is a Response. */
export function idRoute<K extends string, T>(param: K, handle: IdRouteHandler<T>, { status = 200 }: { status?: number } = {}) {
  const Params = z.object({ [param]: PositiveIdParam } as Record<K, typeof PositiveIdParam>);
  return withAppSession<Record<K, string>>(async (request, ctx, route) => {
    const params = (await parseParams(route.params, Params)) as Record<K, number>;
    const answer = await handle(request, ctx, params[param]);
    return answer instanceof Response ? answer : NextResponse.json<T>(answer, { status });
  });
}

/** `idBodyRoute("channelId", Body, (ctx, channelId, body, request) => …)`: idRoute with a JSON body checked by `schema`. */
export function idBodyRoute<K extends string, S extends z.ZodType, T>(
  param: K,
  schema: S,
  handle: (context: AppContext, id: number, body: z.output<S>, request: NextRequest) => Promise<T>,
) {
  return idRoute(param, async (request, ctx, id) => handle(ctx, id, await readJsonBody(request, schema), request));
}

// Any /api path no route defines: a JSON 404 (instead of Next's HTML page), whatever the method.
import { jsonError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

const notFound = (request: Request) =>
  jsonError(404, "not_found", `There is no API at ${new URL(request.url).pathname}. Reload the app; if this keeps happening, it may need an update.`);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;

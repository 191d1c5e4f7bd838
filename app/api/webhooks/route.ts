// POST /api/webhooks — BigCommerce's deliveries for every store: authenticated (the store's secret header, or a
// Standard Webhooks signature), queued as a hint, answered 202 at once. The work runs later (lib/webhooks processor).
import { jsonError } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { DeliveryRefusedError, readDeliveryBody, receiveDelivery } from "@/lib/webhooks";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const CODES = { 400: "bad_request", 401: "unauthorized", 413: "payload_too_large" } as const;

export async function POST(request: Request): Promise<Response> {
  try {
    const received = await receiveDelivery(await readDeliveryBody(request), request.headers);
    return Response.json({ accepted: true, scope: received.scope, queued: received.hint !== null }, { status: 202 });
  } catch (error) {
    if (error instanceof DeliveryRefusedError) return jsonError(error.status, CODES[error.status], error.message);
    console.error("webhooks: delivery not queued:", error);
    // Not a 2xx: BigCommerce retries the delivery later.
    return jsonError(503, "unavailable", "The delivery could not be queued; BigCommerce will retry it.");
  }
}

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });

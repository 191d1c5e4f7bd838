// GET /api/uninstall?signed_payload_jwt=… — BigCommerce tells us the store removed the app: once BigCommerce confirms
// it (the store's token is revoked), forget the store; 403 while the token still works; 202 while undecided.
import { signedPayloadCallback } from "@/lib/api/callbacks";
import { uninstall } from "@/lib/auth/lifecycle";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = signedPayloadCallback("uninstall", async (jwt) => {
  const result = await uninstall(jwt);
  if (result.outcome === "uninstalled") return { body: { storeHash: result.storeHash, uninstalled: true, message: result.message } };
  return { status: 202, body: { storeHash: result.storeHash, uninstalled: false, pending: true, nextCheckAt: result.nextCheckAt.toISOString(), message: result.message } };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });

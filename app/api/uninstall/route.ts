// GET /api/uninstall?signed_payload_jwt=… — BigCommerce tells us the store removed the app: forget the store.
import { signedPayloadCallback } from "@/lib/api/callbacks";
import { uninstall } from "@/lib/auth/lifecycle";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = signedPayloadCallback("uninstall", async (jwt) => {
  const { storeHash } = await uninstall(jwt);
  return { storeHash, message: "The store's data and access token were deleted." };
});

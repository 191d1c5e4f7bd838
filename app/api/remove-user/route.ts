// GET /api/remove-user?signed_payload_jwt=… — a staff user lost access to the app: end their membership and sessions.
import { signedPayloadCallback } from "@/lib/api/callbacks";
import { removeStoreUser } from "@/lib/auth/lifecycle";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = signedPayloadCallback("remove_user", async (jwt) => ({ ...(await removeStoreUser(jwt)) }));

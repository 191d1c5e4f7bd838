// GET /api/remove-user?signed_payload_jwt=… — a staff user lost access to the app: end their membership and sessions (never the store owner's).
import { signedPayloadCallback } from "@/lib/api/callbacks";
import { removeStoreUser } from "@/lib/auth/lifecycle";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = signedPayloadCallback("remove_user", async (jwt) => ({ body: { ...(await removeStoreUser(jwt)) } }));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });

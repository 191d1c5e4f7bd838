// Shapes the app's API returns to the page, checked where the page receives them. Plain checks, not zod: these run
// in the browser, where zod alone would be an eighth of the page's JavaScript.
import type { ApiErrorBody } from "@/lib/contract/errors";
import type { SessionInfo } from "@/lib/contract/session";

export type { SessionInfo };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The session as the server sent it; throws when the answer is not a session. */
export function parseSessionInfo(body: unknown): SessionInfo {
  const user = isObject(body) ? body.user : undefined;
  if (
    isObject(body) &&
    typeof body.storeHash === "string" &&
    isObject(user) &&
    Number.isInteger(user.id) &&
    typeof user.email === "string" &&
    typeof body.isOwner === "boolean" &&
    typeof body.expiresAt === "string"
  ) {
    return { storeHash: body.storeHash, user: { id: user.id as number, email: user.email }, isOwner: body.isOwner, expiresAt: body.expiresAt };
  }
  throw new TypeError("The app's server sent an answer that is not a session.");
}

/** The `{ error, message }` of a failed call, or null when the body is something else. */
export function apiErrorBodyOf(body: unknown): ApiErrorBody<string> | null {
  return isObject(body) && typeof body.error === "string" && typeof body.message === "string" ? { error: body.error, message: body.message } : null;
}

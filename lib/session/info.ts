// What GET /api/session answers, and what the server-rendered first view hands the page: the store and user a checked
// session names, and when the session ends.
import type { SessionInfo } from "@/lib/contract/session";
import { SESSION_TTL_S } from "./session";

export interface CheckedSession {
  store: { hash: string };
  user: { bcUserId: number; email: string; isOwner: boolean };
  session: { iat: number };
}

export function sessionInfo(context: CheckedSession): SessionInfo {
  return {
    storeHash: context.store.hash,
    user: { id: context.user.bcUserId, email: context.user.email },
    isOwner: context.user.isOwner,
    expiresAt: new Date((context.session.iat + SESSION_TTL_S) * 1000).toISOString(),
  };
}

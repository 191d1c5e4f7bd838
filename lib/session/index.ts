export {
  openSession,
  renewSession,
  sealSession,
  SESSION_COOKIE,
  SESSION_MAX_AGE_S,
  SESSION_RENEW_AFTER_S,
  SESSION_TOKEN_HEADER,
  SESSION_TTL_S,
  SessionData,
  type OpenedSession,
  type SessionSubject,
} from "./session";
export { clearSessionCookie, readSessionToken, sessionCookieOptions, setSessionCookie, type TokenSource } from "./transport";
export { sessionInfo, type CheckedSession } from "./info";

export { AppApiError, isSessionError, REOPEN_APP_MESSAGE, SessionError } from "./errors";
export { appFetch, appJson, fetchSession, type AppFetchOptions, type FetchImpl, type ResponseSchema } from "./fetch";
export { clearSessionToken, getSessionToken, SESSION_STORAGE_KEY, SESSION_TOKEN_HEADER, setSessionToken } from "./session-token";
export { parseSessionInfo, type SessionInfo } from "./types";
export { useAppSession } from "./use-session";
export * from "./access";

export { checkSession, withAppSession, type AppContext, type AppRouteHandler, type SessionCheck } from "./context";
export { ApiError, jsonError, REOPEN_MESSAGE, type ApiErrorBody, type ApiErrorCode } from "./errors";

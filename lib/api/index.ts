export { checkSession, withAppSession, type AppContext, type AppRouteHandler, type SessionCheck } from "./context";
export { ApiError, apiErrorResponse, invalidInput, jsonError, REOPEN_MESSAGE, type ApiErrorBody, type ApiErrorCode, type ApiErrorOptions } from "./errors";

export { checkSession, withAppSession, type AppContext, type AppRouteHandler, type SessionCheck } from "./context";
export { ApiError, apiErrorResponse, invalidInput, jsonError, type ApiErrorBody, type ApiErrorCode, type ApiErrorOptions } from "./errors";
export { idBodyRoute, idRoute, type IdRouteHandler } from "./id-route";

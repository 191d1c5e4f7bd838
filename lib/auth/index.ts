export { AuthCallbackQuery, issuesText, queryObject, SignedPayloadQuery } from "./callback-query";
export { BIGCOMMERCE_FRAME_ANCESTORS, frameAncestors, parseControlPanelOrigins } from "./frame-ancestors";
export {
  CLOCK_TOLERANCE_S,
  MAX_SIGNED_PAYLOAD_BYTES,
  safeAppPath,
  SignedPayloadError,
  verifySignedPayload,
  type VerifiedPayload,
} from "./signed-payload";

export { decryptToken, encryptToken, TokenDecryptionError } from "./tokens";

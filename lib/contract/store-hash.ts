// The one rule for a store hash, and for "stores/{store_hash}" (how BigCommerce's callbacks and token answers name a
// store: the `context` of the install redirect and of the token response, the `sub` of a signed payload).
import { z } from "zod";

const HASH = "[a-z0-9]{1,64}";

export const StoreHash = z.string().regex(new RegExp(`^${HASH}$`, "i"), "store hash must be alphanumeric");

/** `stores/{store_hash}`; `field` names the value in the message, e.g. `context must be "stores/{store_hash}"`. */
export const storeContext = (field: string) => z.string().regex(new RegExp(`^stores/${HASH}$`, "i"), `${field} must be "stores/{store_hash}"`);

/** The hash inside an already validated `stores/{store_hash}`. */
export const storeHashOf = (context: string): string => context.slice("stores/".length);

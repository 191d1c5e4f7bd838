/** Channel access domain: the login rule, validation, change planning and impact. Pure, no I/O. */
export type * from "./types";
export { normalizeChannelIds, sameChannelIds } from "./lists";
export * from "./rule";
export * from "./validate";
export * from "./storefronts";
export * from "./planner";
export * from "./impact";
export * from "./sentences";

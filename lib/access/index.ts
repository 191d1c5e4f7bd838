/** Channel access domain: the login rule, validation, change planning and impact. Pure, no I/O. */
export type * from "./types";
export { normalizeChannelIds, sameChannelIds } from "./lists";
export { accessMatrix, accessRow, allowedChannelIds, canLogIn, globalChannelIds, loginVerdict } from "./rule";
export { validateChannelIds } from "./validate";
export { isOtherChannel, storefrontStatusOf, type ChannelKind } from "./storefronts";
export { planBulk, planChange } from "./planner";
export { globalToggleImpact, type GlobalToggleOptions } from "./impact";
export {
  channelLabel,
  channelListLabel,
  customerLabel,
  describeChannelIdsError,
  describeChoice,
  describeImpact,
  describeNote,
  describeProblem,
  describeVerdict,
} from "./sentences";

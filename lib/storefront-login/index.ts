// Signing in on a storefront as a customer (the Customer Login API): the prediction, the token, who may, the limit.
export { previewStorefrontLogin, signStorefrontLogin, storefrontLoginSettings, updateStorefrontLoginSettings, MISSING_SCOPE_MESSAGE } from "./service";
export { setStorefrontLoginPermission, storefrontLoginMembers, storefrontLoginRefusal } from "./permission";
export { forgetStorefrontUrls } from "./sites";

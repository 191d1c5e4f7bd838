// Where the storefront lands the customer after signing in: a path on the storefront only. BigCommerce takes a relative
// `redirect_to` (bigcommerce/docs reference/customer_login.yml, default /account.php); anything that could leave the storefront (another host, a scheme,
// `//host`, `/\host`, which browsers read as `//host`) is refused rather than passed on as an open redirect.
export const DEFAULT_REDIRECT_TO = "/account.php";
export const MAX_REDIRECT_LENGTH = 2048;

const PROBE_ORIGIN = "https://storefront.invalid";

/** The path to sign in to (normalised: `/a/../b` is `/b`), the default when none is given, or null when it is not safe. */
export function safeRedirectTo(input: string | null | undefined): string | null {
  if (input === undefined || input === null || input === "") return DEFAULT_REDIRECT_TO;
  if (input.length > MAX_REDIRECT_LENGTH) return null;
  // One leading slash, then no second slash or backslash; no whitespace or control characters anywhere (browsers drop
  // tabs and newlines, so "/\t/host" would become "//host"), and no backslash (read as a slash).
  if (!/^\/(?![/\\])/.test(input) || /[\u0000-\u0020\u007f-\u009f\\]/.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? null : path;
}

// A screen's state kept in the page URL, so a reload or a shared link shows the same view. Callers sit inside
// <Suspense> (useSearchParams).
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/** What the state is read from: the page's search parameters. */
export type UrlParams = Pick<URLSearchParams, "get" | "toString">;

/**
 * The state `fromUrl` reads from the URL, and a setter that writes `toUrl`'s query string (keeping other parameters).
 * Both should be module-level functions: they are the hook's dependencies.
 */
export function useUrlState<Q>(fromUrl: (params: UrlParams) => Q, toUrl: (next: Q, current: UrlParams) => URLSearchParams): [Q, (next: Q) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => fromUrl(params), [fromUrl, params]);
  const setQuery = useCallback(
    (next: Q) => {
      const search = toUrl(next, params).toString();
      // The browser's history, which Next's router follows (useSearchParams), not router.replace: the page is rendered
      // on the server with its first view, and a router navigation would render it there again for every page or
      // search. replace, not push: paging and searching should not fill the frame's history.
      // (Next's router takes over the history entry only for a `null` state: its own state would be taken as its own call.)
      window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
    },
    [toUrl, params, pathname],
  );
  return [query, setQuery];
}

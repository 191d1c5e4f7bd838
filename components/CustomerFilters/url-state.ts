"use client";

// The customer list's state lives in the page URL (?page=&limit=&name=&email=&group=&sort=), so a reload or a shared
// link shows the same list. Callers must sit inside <Suspense> (useSearchParams).
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { customersQueryFromUrl, customersQueryToUrl, type CustomerListQuery } from "@/lib/client";

export function useCustomerListUrlState(): [CustomerListQuery, (next: CustomerListQuery) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => customersQueryFromUrl(params), [params]);
  const setQuery = useCallback(
    (next: CustomerListQuery) => {
      const search = customersQueryToUrl(next, params).toString();
      // The browser's history, which Next's router follows (useSearchParams), not router.replace: the page is rendered
      // on the server with its first view, and a router navigation would render it there again for every page or
      // search. replace, not push: paging and searching should not fill the frame's history.
      // (Next's router takes over the history entry only for a `null` state: its own state would be taken as its own call.)
      window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
    },
    [params, pathname],
  );
  return [query, setQuery];
}

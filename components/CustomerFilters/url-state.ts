"use client";

// The customer list's state lives in the page URL (?page=&limit=&name=&email=&group=&sort=), so a reload or a shared
// link shows the same list. Callers must sit inside <Suspense> (useSearchParams).
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { customersQueryFromUrl, customersQueryToUrl, type CustomerListQuery } from "@/lib/client";

export function useCustomerListUrlState(): [CustomerListQuery, (next: CustomerListQuery) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const query = useMemo(() => customersQueryFromUrl(params), [params]);
  const setQuery = useCallback(
    (next: CustomerListQuery) => {
      const search = customersQueryToUrl(next, params).toString();
      // replace, not push: paging and searching should not fill the frame's history.
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  return [query, setQuery];
}

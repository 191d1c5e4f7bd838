"use client";

// The Activity screen's filters live in the page URL (?customer=&channel=&user=&source=&from=&to=&job=&page=&limit=),
// so a reload, a shared link or the matrix's "History" link shows the same list. Callers sit inside <Suspense>.
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { activityQueryFromUrl, activityQueryToUrl, type ActivityListQuery } from "@/lib/client/activity";

export function useActivityUrlState(): [ActivityListQuery, (next: ActivityListQuery) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => activityQueryFromUrl(params), [params]);
  const setQuery = useCallback(
    (next: ActivityListQuery) => {
      const search = activityQueryToUrl(next, params).toString();
      // As the customer list does (components/CustomerFilters/url-state.ts): the history Next's router follows, replaced
      // rather than pushed so paging does not fill the frame's history.
      window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
    },
    [params, pathname],
  );
  return [query, setQuery];
}

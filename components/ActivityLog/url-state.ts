"use client";

// The Activity screen's filters live in the page URL (?customer=&channel=&user=&source=&from=&to=&job=&page=&limit=),
// so a reload, a shared link or the matrix's "History" link shows the same list. Callers sit inside <Suspense>.
import { activityQueryFromUrl, activityQueryToUrl, type ActivityListQuery } from "@/lib/client/activity";
import { useUrlState } from "@/lib/client/url-state";

export const useActivityUrlState = (): [ActivityListQuery, (next: ActivityListQuery) => void] => useUrlState(activityQueryFromUrl, activityQueryToUrl);

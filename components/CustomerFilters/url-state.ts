"use client";

// The customer list's state lives in the page URL (?page=&limit=&name=&email=&group=&sort=), so a reload or a shared
// link shows the same list. Callers must sit inside <Suspense> (useSearchParams).
import { customersQueryFromUrl, customersQueryToUrl, type CustomerListQuery } from "@/lib/client";
import { useUrlState } from "@/lib/client/url-state";

export const useCustomerListUrlState = (): [CustomerListQuery, (next: CustomerListQuery) => void] => useUrlState(customersQueryFromUrl, customersQueryToUrl);

// The home page's first view, read on the server for the document request: the iframe's navigation after load carries
// the session's Partitioned cookie, so the session and the list page the URL names can arrive with the HTML instead of
// after the JavaScript. Anything this cannot read is left to the page, which then asks as it always does.
import "server-only";
import { headers } from "next/headers";
import { NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { checkSession } from "@/lib/api/context";
import { customersKey, type CustomerListQuery } from "@/lib/contract/customer-list";
import type { FirstView } from "@/lib/contract/session";
import { sessionInfo, SESSION_COOKIE } from "@/lib/session";
import { listCustomers } from "@/lib/store-access";

/**
 * How long the HTML may wait for BigCommerce. Meanwhile the frame still shows the load's "Opening Channel Access"
 * page; past it the page renders without the list and shows its own loading state and answer.
 */
export const FIRST_VIEW_DEADLINE_MS = 5_000;

/** The first view, or null without a live session (the page then shows the reopen state from its own request). */
export async function readFirstView(query: CustomerListQuery): Promise<FirstView | null> {
  const carried = await headers();
  if (!carried.get("cookie")?.includes(SESSION_COOKIE)) return null;
  // The same check every API route makes: the cookie's seal, then the membership re-read from the database.
  const check = await checkSession(new NextRequest("http://localhost/", { headers: new Headers(carried) }));
  if (!check.ok) return null;
  const session = sessionInfo(check.context);
  const key = customersKey(query);
  try {
    return { session, customers: { key, data: await listCustomers(check.context, query, { deadlineMs: FIRST_VIEW_DEADLINE_MS }) } };
  } catch (error) {
    if (!(error instanceof ApiError)) console.error("first view: reading the customer list failed", error);
    return { session };
  }
}

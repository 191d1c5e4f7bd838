// The first view the server rendered into the page's HTML (app/page.tsx): the session and the customer list's first
// page, read with the document request's session cookie. The page's SWR hooks start from it instead of asking again,
// so the matrix is on screen with the HTML and the browser sends no request for what it already shows.
import { createContext, createElement, useContext, useState, type ReactNode } from "react";
import { useSWRConfig } from "swr";
import type { FirstView } from "@/lib/contract/session";
import { SESSION_PATH } from "./fetch";

export type { FirstView };

const FirstViewContext = createContext<FirstView | null>(null);

/** The server's first view, or null when the page loads its data itself. */
export const useFirstView = (): FirstView | null => useContext(FirstViewContext);

/**
 * Hands the server's first view to the hooks below it. In the browser the answers also go into SWR's cache before
 * the first hook reads it, so saves and revalidations start from them; on the server the hooks take them as
 * fallbackData (the server's cache is shared by every request, so nothing is written there).
 */
export function FirstViewProvider({ value, children }: { value: FirstView | null; children: ReactNode }) {
  const { cache } = useSWRConfig();
  useState(() => {
    if (typeof window === "undefined" || !value) return;
    // Written before any hook subscribes (once per mount): the server's answers are the freshest there are.
    cache.set(SESSION_PATH, { data: value.session });
    if (value.customers) cache.set(value.customers.key, { data: value.customers.data });
  });
  return createElement(FirstViewContext.Provider, { value }, children);
}

/**
 * SWR options for a hook whose key the first view may hold: its data, and no request on the hook's first mount
 * (the server read it for this very page view).
 */
export function firstViewOptions<T>(data: T | undefined): { fallbackData?: T; revalidateOnMount?: boolean } {
  return data === undefined ? {} : { fallbackData: data, revalidateOnMount: false };
}

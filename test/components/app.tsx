// Component-test kit (not shipped): the stores (./data), the app's API as msw handlers (./app-api, ./bulk-api), a fake
// URL for next/navigation, and a render wrapper with the theme and a fresh SWR cache per test.
import { cleanup, render } from "@testing-library/react";
import { afterEach, beforeEach, expect } from "vitest";
import { useMemo, useSyncExternalStore, type ReactNode } from "react";
import { SWRConfig } from "swr";
import { Providers } from "@/components/Providers/Providers";
import { FakeAppApi } from "./app-api";
import { FakeBulkApi } from "./bulk-api";

export * from "./data";
export { FakeAppApi, type RecordedCall } from "./app-api";
export { FakeBulkApi } from "./bulk-api";
export { FakeCsvApi, fakeCsvApiPerTest, summaryOf } from "./csv-api";

// ---- next/navigation with a URL the test can read and set ----

const listeners = new Set<() => void>();
export const fakeUrl = { search: "", replaced: [] as string[] };

export function setFakeSearch(search: string): void {
  fakeUrl.search = search.replace(/^\?/, "");
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const router = {
  replace(url: string) {
    fakeUrl.replaced.push(url);
    setFakeSearch(url.split("?")[1] ?? "");
  },
  push(url: string) {
    router.replace(url);
  },
  back() {},
  forward() {},
  refresh() {},
  prefetch() {},
};

// The list writes its URL state with history.replaceState (Next's router follows it): the fake URL follows it too.
if (typeof window !== "undefined") {
  const replaceState = window.history.replaceState.bind(window.history);
  window.history.replaceState = (data: unknown, unused: string, url?: string | URL | null) => {
    replaceState(data, unused, url);
    if (url !== undefined && url !== null) router.replace(String(url));
  };
}

/** Use as `vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule)`. */
export const navigationModule = {
  useSearchParams() {
    const search = useSyncExternalStore(subscribe, () => fakeUrl.search);
    return useMemo(() => new URLSearchParams(search), [search]);
  },
  usePathname: () => "/",
  useRouter: () => router,
};

export function resetFakeUrl(search = ""): void {
  fakeUrl.replaced = [];
  setFakeSearch(search);
}

// ---- the app's API per test ----

/**
 * A fresh FakeAppApi serving the page's fetch for every test of the file (and the DOM cleaned after it), read as
 * `fake.api`; with `bulk`, a FakeBulkApi over the same store as `fake.bulk`. `resetUrl` also starts each test from an
 * empty fake URL. After each test, no request may have broken the contract.
 */
export function fakeAppApiPerTest(options: { resetUrl?: boolean; store?: () => FakeAppApi; bulk?: boolean } = {}): {
  readonly api: FakeAppApi;
  readonly bulk: FakeBulkApi;
} {
  const holder = { api: undefined as unknown as FakeAppApi, bulk: undefined as unknown as FakeBulkApi };
  beforeEach(() => {
    if (options.resetUrl) resetFakeUrl();
    holder.api = (options.store?.() ?? new FakeAppApi()).install();
    if (options.bulk) holder.bulk = new FakeBulkApi(holder.api).install();
  });
  afterEach(() => {
    cleanup();
    expect([...holder.api.violations, ...(holder.bulk?.violations ?? [])], "requests the app's routes would refuse").toEqual([]);
  });
  return holder;
}

/** Theme + a fresh SWR cache, so tests never share cached pages. */
export function renderWithApp(ui: ReactNode) {
  return render(
    <Providers>
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0, shouldRetryOnError: false, revalidateOnFocus: false }}>{ui}</SWRConfig>
    </Providers>,
  );
}

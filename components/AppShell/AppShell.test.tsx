// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SWRConfig } from "swr";
import { Providers } from "@/components/Providers/Providers";
import { clearSessionToken, setSessionToken, type SessionInfo } from "@/lib/client";
import { FirstViewProvider } from "@/lib/client/first-view";
import { fakeUrl, navigationModule, renderWithApp } from "@/test/components/app";
import { json, server } from "@/test/components/msw";
import { AppShell } from "./AppShell";

vi.setConfig({ testTimeout: 15_000 });
vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);
void navigationModule;

const SESSION: SessionInfo = { storeHash: "abc123", user: { id: 7, email: "owner@example.com" }, isOwner: true, expiresAt: "2030-01-01T00:00:00.000Z" };

/** GET /api/session as the test scripts it: each call takes the next answer (the last one repeats). */
function sessionRoute(...answers: { status: number; body: unknown; gate?: Promise<void> }[]) {
  const calls: (string | null)[] = [];
  server.use(
    http.get("*/api/session", async ({ request }) => {
      calls.push(request.headers.get("authorization"));
      const answer = answers[Math.min(calls.length, answers.length) - 1];
      await answer.gate;
      return json(answer.status, answer.body);
    }),
  );
  return calls;
}

const screenOf = (session: SessionInfo) => <p data-testid="screen">Screen for {session.user.email}</p>;

beforeEach(() => setSessionToken("test-session"));
afterEach(() => {
  cleanup();
  clearSessionToken();
});

describe("AppShell", () => {
  it("says it is signing in until the session arrives, then shows who is signed in and the screen", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls = sessionRoute({ status: 200, body: SESSION, gate });
    renderWithApp(<AppShell>{screenOf}</AppShell>);
    expect((await screen.findByRole("status")).textContent).toContain("Signing you in…");
    expect(screen.queryByTestId("screen")).toBeNull();
    expect(screen.queryByTestId("signed-in")).toBeNull();
    release();
    expect((await screen.findByTestId("screen")).textContent).toBe("Screen for owner@example.com");
    expect(screen.getByTestId("signed-in").textContent).toBe("owner@example.com · store abc123 · owner");
    expect(screen.queryByText("Signing you in…")).toBeNull();
    expect(calls).toEqual(["Bearer test-session"]);
  });

  it("asks the merchant to reopen the app when the session is gone, and shows no screen", async () => {
    sessionRoute({ status: 401, body: { error: "session_expired", message: "Your session expired. Reopen the app from the BigCommerce control panel." } });
    renderWithApp(<AppShell>{screenOf}</AppShell>);
    const reopen = await screen.findByTestId("reopen-app");
    expect(reopen.textContent).toContain("Reopen the app");
    expect(reopen.textContent).toContain("Your session expired.");
    expect(screen.queryByTestId("screen")).toBeNull();
    expect(screen.queryByTestId("signed-in")).toBeNull();
  });

  it("says the app cannot reach its server on another failure, and 'Try again' signs in", async () => {
    const calls = sessionRoute({ status: 500, body: { error: "server_error", message: "Something went wrong on our side." } }, { status: 200, body: SESSION });
    const user = userEvent.setup();
    renderWithApp(<AppShell>{screenOf}</AppShell>);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The app cannot reach its server");
    expect(alert.textContent).toContain("Something went wrong on our side.");
    expect(screen.queryByTestId("screen")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect((await screen.findByTestId("screen")).textContent).toBe("Screen for owner@example.com");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it("re-checks a cached session when a screen mounts, and shows the reopen state when it is gone", async () => {
    const calls = sessionRoute({ status: 403, body: { error: "forbidden", message: "You no longer have access to this app for this store." } });
    const cache = new Map([["/api/session", { data: SESSION }]]);
    render(
      <Providers>
        <SWRConfig value={{ provider: () => cache, dedupingInterval: 0, shouldRetryOnError: false, revalidateOnFocus: false }}>
          <AppShell>{screenOf}</AppShell>
        </SWRConfig>
      </Providers>,
    );
    // The cached session shows at once, then the mount's check replaces it.
    expect(screen.getByTestId("screen")).toBeTruthy();
    expect((await screen.findByTestId("reopen-app")).textContent).toContain("You no longer have access");
    expect(screen.queryByTestId("screen")).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it("takes the session the server rendered with the page, without asking for it again", async () => {
    const calls = sessionRoute({ status: 200, body: SESSION });
    renderWithApp(
      <FirstViewProvider value={{ session: SESSION }}>
        <AppShell>{screenOf}</AppShell>
      </FirstViewProvider>,
    );
    // On screen in the first render: no loading state in between.
    expect(screen.getByTestId("screen").textContent).toBe("Screen for owner@example.com");
    expect(screen.getByTestId("signed-in").textContent).toBe("owner@example.com · store abc123 · owner");
    await new Promise((r) => setTimeout(r, 50));
    await waitFor(() => expect(screen.getByTestId("screen")).toBeTruthy());
    expect(calls).toEqual([]);
  });
});

describe("AppShell: links between screens", () => {
  it("links to the Activity screen beside the help, navigating in the frame", async () => {
    sessionRoute({ status: 200, body: SESSION });
    const user = userEvent.setup();
    renderWithApp(<AppShell>{screenOf}</AppShell>);
    await screen.findByTestId("screen");
    const activity = screen.getByRole("link", { name: "Activity" });
    expect(activity.getAttribute("href")).toBe("/activity");
    expect(screen.getByRole("link", { name: "How channel access works" }).getAttribute("href")).toBe("/help");
    await user.click(activity);
    // The fake router records client-side navigations (no reload, the frame's session token stays).
    expect(fakeUrl.replaced.at(-1)).toBe("/activity");
  });
});

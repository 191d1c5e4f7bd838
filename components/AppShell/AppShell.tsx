"use client";

import { Flex, Link, ProgressCircle, Small, Text } from "@bigcommerce/big-design";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import styled from "styled-components";
import { FailedRead, ReopenApp } from "@/components/ReopenApp/ReopenApp";
import { isSessionError, useAppSession, type SessionInfo } from "@/lib/client";
import { useHydrated } from "@/lib/client/after-paint";

// The app fills the control panel's iframe: a slim title bar, then the screen, which may use the rest of the height
// (the access matrix scrolls inside it, so its header row and customer column stay in view).
const Main = styled.main`
  display: flex;
  flex-direction: column;
  box-sizing: border-box;
  height: 100vh;
  overflow: auto;
  padding: ${({ theme }) => `${theme.spacing.xSmall} ${theme.spacing.medium} ${theme.spacing.small}`};
`;

// BigDesign's H1 takes no className; the frame's title is a slim bar's, not a page's.
const Title = styled.h1`
  margin: 0;
  font-size: ${({ theme }) => theme.typography.fontSize.large};
  font-weight: ${({ theme }) => theme.typography.fontWeight.semiBold};
  line-height: ${({ theme }) => theme.lineHeight.large};
  color: ${({ theme }) => theme.colors.secondary70};
`;

/** A link to another screen of the app. */
function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const router = useRouter();
  return (
    <Link
      href={href}
      onClick={(event) => {
        // Client-side navigation keeps the session token of this frame (sessionStorage) and skips a reload.
        event.preventDefault();
        router.push(href);
      }}
    >
      {children}
    </Link>
  );
}

/**
 * The frame of every screen: who is signed in to which store, and the session's loading, lost and error states.
 * Children render only with a live session.
 */
export function AppShell({ children }: { children: (session: SessionInfo) => ReactNode }) {
  const { data, error, isLoading, mutate } = useAppSession();
  // A lost session hides what SWR still caches: nobody is signed in any more.
  const session = isSessionError(error) ? undefined : data;
  const hydrated = useHydrated();
  // Every screen re-checks the session when it mounts, so a removed user meets the reopen state on their next move:
  // the hook revalidates a cached session on mount (SWR's revalidateIfStale), except the one the server rendered
  // with this page, which was checked just now.
  const pathname = usePathname();
  const onHelp = pathname === "/help";
  const target = onHelp ? "/" : "/help";
  // Off the matrix, the first link leads back to it (the import page is opened from the matrix's toolbar).
  const activity = pathname === "/activity" || pathname === "/import" ? { href: "/", text: "Back to the access matrix" } : { href: "/activity", text: "Activity" };
  return (
    <Main>
      <Flex justifyContent="space-between" alignItems="center" flexWrap="wrap" marginBottom="xSmall">
        <Title>Channel Access</Title>
        <Flex alignItems="center" flexGap="1rem">
          <NavLink href={activity.href}>{activity.text}</NavLink>
          <NavLink href={target}>{onHelp ? "Back to the access matrix" : "How channel access works"}</NavLink>
          {/* Who may sign in on a storefront as a customer (components/StorefrontLoginSettings). */}
          {pathname === "/settings" ? <NavLink href="/">Back to the access matrix</NavLink> : <NavLink href="/settings">Settings</NavLink>}
          {/* Once the page is live: a server-rendered page is on screen before its JavaScript runs, and "signed in" says
              the merchant can act. */}
          {session && hydrated && (
            <Small marginBottom="none" aria-label="Signed in" data-testid="signed-in">
              {session.user.email} · store {session.storeHash}
              {session.isOwner ? " · owner" : ""}
            </Small>
          )}
        </Flex>
      </Flex>
      {isLoading && !data ? (
        <Flex alignItems="center" flexGap="0.5rem" role="status" aria-live="polite">
          <ProgressCircle size="xSmall" />
          <Text marginBottom="none">Signing you in…</Text>
        </Flex>
      ) : isSessionError(error) ? (
        <ReopenApp detail={error.message} />
      ) : error && !session ? (
        <FailedRead header="The app cannot reach its server" message={error.message} retry="Try again" onRetry={() => void mutate()} />
      ) : session ? (
        children(session)
      ) : (
        <ReopenApp />
      )}
    </Main>
  );
}

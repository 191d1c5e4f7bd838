"use client";

import { Box, Flex, H1, Link, Message, ProgressCircle, Small, Text } from "@bigcommerce/big-design";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { ReopenApp } from "@/components/ReopenApp/ReopenApp";
import { isSessionError, useAppSession, type SessionInfo } from "@/lib/client";

/**
 * The frame of every screen: who is signed in to which store, and the session's loading, lost and error states.
 * Children render only with a live session.
 */
export function AppShell({ children }: { children: (session: SessionInfo) => ReactNode }) {
  const { data, error, isLoading, mutate } = useAppSession();
  // A lost session hides what SWR still caches: nobody is signed in any more.
  const session = isSessionError(error) ? undefined : data;
  // Every screen re-checks the session when it mounts, so a removed user meets the reopen state on their next move.
  useEffect(() => {
    void mutate();
  }, [mutate]);
  const router = useRouter();
  const onHelp = usePathname() === "/help";
  const target = onHelp ? "/" : "/help";
  return (
    <Box padding="large" as="main">
      <Flex justifyContent="space-between" alignItems="center" flexWrap="wrap" marginBottom="medium">
        <H1 marginBottom="none">Channel Access</H1>
        <Flex alignItems="center" flexGap="1rem">
          <Link
            href={target}
            onClick={(event) => {
              // Client-side navigation keeps the session token of this frame (sessionStorage) and skips a reload.
              event.preventDefault();
              router.push(target);
            }}
          >
            {onHelp ? "Back to the access matrix" : "How channel access works"}
          </Link>
          {session && (
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
        <Message
          type="error"
          header="The app cannot reach its server"
          messages={[{ text: error.message }]}
          actions={[{ text: "Try again", onClick: () => void mutate() }]}
          role="alert"
        />
      ) : session ? (
        children(session)
      ) : (
        <ReopenApp />
      )}
    </Box>
  );
}

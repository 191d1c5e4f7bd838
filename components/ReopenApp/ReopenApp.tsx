"use client";

import { Flex, Message, ProgressCircle, Text } from "@bigcommerce/big-design";
import type { ReactNode } from "react";
import { REOPEN_APP_MESSAGE } from "@/lib/client";

/** Shown whenever the app's API answers 401/403: the only way back in is a fresh signed payload. */
export function ReopenApp({ detail }: { detail?: string }) {
  return (
    <Message
      type="warning"
      header="Reopen the app"
      messages={[{ text: REOPEN_APP_MESSAGE }, ...(detail && detail !== REOPEN_APP_MESSAGE ? [{ text: detail }] : [])]}
      role="alert"
      data-testid="reopen-app"
    />
  );
}

/** A read that failed, with BigCommerce's or the server's sentence and a way to try again. */
export function FailedRead({ header, message, retry, onRetry, testId }: { header: string; message: string; retry: string; onRetry(): void; testId?: string }) {
  return <Message type="error" header={header} messages={[{ text: message }]} actions={[{ text: retry, onClick: onRetry }]} role="alert" data-testid={testId} />;
}

/** A failed call's message for the merchant (the app's API sends a sentence they can act on). */
export { errorMessage as errorText } from "@/lib/contract/errors";

/** A call in flight, e.g. a preview being worked out. */
export function Working({ children }: { children: ReactNode }) {
  return (
    <Flex alignItems="center" flexGap="0.5rem" role="status">
      <ProgressCircle size="xSmall" />
      <Text marginBottom="none">{children}</Text>
    </Flex>
  );
}

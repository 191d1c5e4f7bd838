"use client";

import { Message } from "@bigcommerce/big-design";
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

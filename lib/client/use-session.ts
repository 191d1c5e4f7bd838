// React hook for the signed-in store and user (SWR-cached; errors are SessionError when the session is gone).
import useSWR from "swr";
import type { AppApiError } from "./errors";
import { fetchSession, SESSION_PATH } from "./fetch";
import { firstViewOptions, useFirstView } from "./first-view";
import type { SessionInfo } from "./types";

export function useAppSession() {
  const first = useFirstView();
  return useSWR<SessionInfo, AppApiError>(SESSION_PATH, () => fetchSession(), {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
    ...firstViewOptions(first?.session),
  });
}

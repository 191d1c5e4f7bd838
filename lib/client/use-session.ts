// React hook for the signed-in store and user (SWR-cached; errors are SessionError when the session is gone).
import useSWR from "swr";
import type { AppApiError } from "./errors";
import { fetchSession, SESSION_PATH } from "./fetch";
import type { SessionInfo } from "./types";

export function useAppSession() {
  return useSWR<SessionInfo, AppApiError>(SESSION_PATH, () => fetchSession(), { revalidateOnFocus: false, shouldRetryOnError: false });
}

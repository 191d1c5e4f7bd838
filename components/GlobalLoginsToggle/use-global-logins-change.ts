// The switch's confirmation as state: closed, or open for a target value with its impact (fetched afresh each time
// the dialog opens) and the save. SWR holds what was fetched and whether the save runs; this holds which dialog is open.
import { useReducer } from "react";
import useSWR, { useSWRConfig } from "swr";
import useSWRMutation from "swr/mutation";
import type { ChannelView, CustomersResponse, GlobalLoginsImpactResponse } from "@/lib/contract/access";
import { globalLoginsImpact, isCustomersKey, setGlobalLogins, withChannel } from "@/lib/client";

interface Dialog {
  /** The value the merchant asked for; null while the dialog is closed. */
  target: boolean | null;
  /** Counts openings, so every opening asks for the impact now rather than showing an earlier answer. */
  opened: number;
}
type DialogAction = { type: "open"; target: boolean } | { type: "close" };

const dialog = (state: Dialog, action: DialogAction): Dialog =>
  action.type === "open" ? { target: action.target, opened: state.opened + 1 } : { ...state, target: null };

const SWR_ONCE = { revalidateOnFocus: false, revalidateOnReconnect: false, shouldRetryOnError: false };

export function useGlobalLoginsChange(channel: ChannelView) {
  const { mutate } = useSWRConfig();
  const [{ target, opened }, dispatch] = useReducer(dialog, { target: null, opened: 0 });
  const impact = useSWR<GlobalLoginsImpactResponse, unknown>(
    target === null ? null : [`/api/channels/${channel.id}/global-logins/impact`, target, opened],
    () => globalLoginsImpact(channel.id, target!),
    SWR_ONCE,
  );
  const save = useSWRMutation(
    `/api/channels/${channel.id}/global-logins`,
    async (_path: string, { arg }: { arg: boolean }) => {
      const { channel: saved } = await setGlobalLogins(channel.id, arg);
      // Recompute the rows on screen at once from the new setting, then fetch the truth.
      await mutate<CustomersResponse>(isCustomersKey, (page) => page && withChannel(page, saved), { revalidate: true });
      return saved;
    },
    { throwOnError: false },
  );
  const close = () => {
    dispatch({ type: "close" });
    save.reset();
  };
  return {
    target,
    open: () => dispatch({ type: "open", target: !channel.allowGlobalLogins }),
    close,
    impact: impact.data,
    // A retry shows the loading state, not the error it is retrying.
    loadError: impact.isValidating ? undefined : impact.error,
    retry: () => void impact.mutate(),
    saving: save.isMutating,
    saveError: save.error as unknown,
    confirm: async () => {
      if (target !== null && (await save.trigger(target))) close();
    },
  };
}

// The simulated control panel's memory, one per sandbox instance (keyed by its SandboxContext).
import { DEFAULT_SCOPES_TEXT, type UninstallOrder } from "./settings";
import type { SandboxContext } from "../context";

export interface CallbackUrls {
  auth: string;
  load: string;
  uninstall: string;
  removeUser: string;
}

/** One server-to-server call to the app, as shown in the panel. */
export interface CallbackResult {
  kind: "uninstall" | "remove_user";
  url: string;
  userId: number;
  status?: number;
  bodySnippet?: string;
  error?: string;
  /** Uninstall only: whether the app's tokens were already revoked when the callback was made. */
  tokensRevokedBefore?: boolean;
  at: number;
}

export interface StatusLine {
  ok: boolean;
  text: string;
}

export interface PanelState {
  installed: boolean;
  installedBy?: number;
  /** Users who opened the app since it was installed. */
  openedBy: Set<number>;
  callbacks: CallbackUrls;
  scopes: string[];
  /**
   * BigCommerce revokes the app's token, then calls the uninstall callback (`revoke-first`, the default). Platforms
   * may call back first (`callback-first`): then the app still sees a working token and must wait for the revoke.
   */
  uninstallOrder: UninstallOrder;
  /** Auth callback URLs (with their one-time code) waiting to be opened in the app frame, by install id. */
  installFrames: Map<string, string>;
  /** The outcome of the last action, shown with role="status". */
  status?: StatusLine;
  /** Server-to-server calls, newest first. */
  calls: CallbackResult[];
}

const states = new WeakMap<SandboxContext, PanelState>();

export function panelState(ctx: SandboxContext): PanelState {
  let state = states.get(ctx);
  if (!state) {
    const { appUrl, callbacks } = ctx.config;
    state = {
      installed: false,
      openedBy: new Set(),
      callbacks: {
        auth: appUrl + callbacks.auth,
        load: appUrl + callbacks.load,
        uninstall: appUrl + callbacks.uninstall,
        removeUser: appUrl + callbacks.removeUser,
      },
      scopes: DEFAULT_SCOPES_TEXT.split(" "),
      uninstallOrder: "revoke-first",
      installFrames: new Map(),
      calls: [],
    };
    states.set(ctx, state);
  }
  return state;
}

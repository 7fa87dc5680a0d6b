/** Detail of `oc-error`: an action failed (sending, renaming, replying…) or the session errored. */
export interface OcErrorDetail {
  /** What was being done, e.g. `send`, `rename`, `permission`, `session`. */
  action: string;
  message: string;
  /** The underlying error (an `OpencodeError` for server calls), when there is one. */
  error?: unknown;
}
export type OcErrorEvent = CustomEvent<OcErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-error': OcErrorEvent;
  }
}

import type { NekoErrorCode } from '@oc-elements/core';

/**
 * Detail of `oc-error`. Event names are global to a page, so this one declaration serves every
 * oc-* element: `<oc-chat>` says what it was doing (`action`), `<oc-cobrowser>` a machine-readable
 * cause (`code`); both give a human `message`.
 */
export interface OcErrorDetail {
  message: string;
  /** `<oc-chat>`: what was being done, e.g. `send`, `rename`, `permission`, `session`. */
  action?: string;
  /** `<oc-cobrowser>`: the cause (neko-v2, not-neko, network, auth, forbidden, disconnected, control-timeout, …). */
  code?: NekoErrorCode | (string & {});
  /** HTTP status when the error came from a REST call. */
  status?: number;
  /** The underlying error (an `OpencodeError` for server calls), when there is one. */
  error?: unknown;
}
export type OcErrorEvent = CustomEvent<OcErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-error': OcErrorEvent;
  }
}

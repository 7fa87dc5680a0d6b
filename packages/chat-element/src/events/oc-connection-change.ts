import type { ConnectionState, NekoStatus } from '@oc-elements/core';

/** `<oc-chat>`: the opencode connection's new state (status, problem, version). */
export type OcChatConnectionDetail = ConnectionState;

/** `<oc-cobrowser>`: the neko connection's new state. */
export interface OcCobrowserConnectionDetail {
  status: NekoStatus;
  /** Why the connection ended (status `disconnected`). */
  reason?: string;
  /** Epoch ms until neko keeps the session and its host role (status `reconnecting`). */
  graceDeadline?: number;
}

/**
 * Detail of `oc-connection-change`. Event names are global to a page, so every oc-* element's
 * detail is declared here once; the event's target tells which one fired.
 */
export type OcConnectionChangeDetail = OcChatConnectionDetail | OcCobrowserConnectionDetail;
export type OcConnectionChangeEvent = CustomEvent<OcConnectionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-connection-change': OcConnectionChangeEvent;
  }
}

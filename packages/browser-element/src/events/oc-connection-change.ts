import type { NekoStatus } from '@oc-elements/core';

export interface OcConnectionChangeDetail {
  status: NekoStatus;
  /** Why the connection ended (status `disconnected`). */
  reason?: string;
  /** Epoch ms until neko keeps the session and its host role (status `reconnecting`). */
  graceDeadline?: number;
}

export type OcConnectionChangeEvent = CustomEvent<OcConnectionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-connection-change': OcConnectionChangeEvent;
  }
}

import type { NekoErrorCode } from '@oc-elements/core';

export interface OcErrorDetail {
  /** Machine-readable cause (neko-v2, not-neko, network, auth, forbidden, disconnected, control-timeout, …). */
  code: NekoErrorCode | (string & {});
  message: string;
  /** HTTP status when the error came from a REST call. */
  status?: number;
}

export type OcErrorEvent = CustomEvent<OcErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-error': OcErrorEvent;
  }
}

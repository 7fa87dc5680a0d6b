import type { ConnectionState } from '@oc-elements/core';

/** Detail of `oc-connection-change`: the connection's new state (status, problem, version). */
export type OcConnectionChangeDetail = ConnectionState;
export type OcConnectionChangeEvent = CustomEvent<OcConnectionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-connection-change': OcConnectionChangeEvent;
  }
}

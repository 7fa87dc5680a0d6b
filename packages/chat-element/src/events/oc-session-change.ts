/** Detail of `oc-session-change`: the session now open (undefined when none is). */
export interface OcSessionChangeDetail {
  sessionID: string | undefined;
  /** Why it changed: the user picked one, created one, deleted the open one, or forked. Setting `session` from the host fires nothing. */
  reason: 'select' | 'create' | 'delete' | 'fork';
}
export type OcSessionChangeEvent = CustomEvent<OcSessionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-session-change': OcSessionChangeEvent;
  }
}

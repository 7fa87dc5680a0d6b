/** Detail of `oc-permission-reply`: the user answered a permission request. */
export interface OcPermissionReplyDetail {
  sessionID: string;
  requestID: string;
  permission: string;
  reply: 'once' | 'always' | 'reject';
  message?: string;
}
export type OcPermissionReplyEvent = CustomEvent<OcPermissionReplyDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-permission-reply': OcPermissionReplyEvent;
  }
}

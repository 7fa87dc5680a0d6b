export type * from './oc-connection-change.js';
export type * from './oc-session-change.js';
export type * from './oc-message-send.js';
export type * from './oc-permission-reply.js';
export type * from './oc-error.js';
export type * from './oc-handoff.js';

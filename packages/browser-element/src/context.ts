/**
 * Context key for a shared control arbiter (who drives the shared browser). It lives in the chat package
 * (`@oc-elements/chat/context.js`), so `<oc-chat>` can consume it too; re-exported here for existing imports.
 */
export { arbiterContext } from '@oc-elements/chat/context.js';

// `oc-error` is declared once for every oc-* element, in the chat package.
export type { OcErrorDetail, OcErrorEvent } from '@oc-elements/chat/events.js';

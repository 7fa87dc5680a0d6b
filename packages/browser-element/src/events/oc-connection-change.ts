// `oc-connection-change` is declared once for every oc-* element, in the chat package.
export type {
  OcCobrowserConnectionDetail,
  OcConnectionChangeDetail,
  OcConnectionChangeEvent,
} from '@oc-elements/chat/events.js';

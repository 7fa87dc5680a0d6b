export { OcElement, OC_VERSION } from './internal/oc-element.js';
export { OcChat } from './oc-chat.js';
export { connectionContext } from './context.js';
export { defaultStrings, type OcChatStrings } from './chat/strings.js';
export type * from './events/events.js';

export { OcElement, OC_VERSION } from './internal/oc-element.js';
export { OcChat } from './oc-chat.js';
export { OcHandoffCard, type OcHandoffCardStrings } from './oc-handoff-card.js';
export { connectionContext, arbiterContext } from './context.js';
export { defaultStrings, type OcChatStrings } from './chat/strings.js';
export type * from './events/events.js';

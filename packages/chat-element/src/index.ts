export { OcElement, OC_VERSION } from './internal/oc-element.js';
export { OcChat } from './oc-chat.js';
export { OcHandoffCard, type OcHandoffCardStrings, type HandoffStrings } from './oc-handoff-card.js';
export { connectionContext, arbiterContext } from './context.js';
export { type OcChatStrings, type ChatStrings } from './chat/strings.js';
import { arbitrationStrings } from './chat/arbitration-strings.js';
import { chatStrings, type OcChatStrings } from './chat/strings.js';

/** Every user-visible string of `<oc-chat>` in English: a starting point for a translation. */
export const defaultStrings: OcChatStrings = { ...chatStrings, ...arbitrationStrings };
export type * from './events/events.js';

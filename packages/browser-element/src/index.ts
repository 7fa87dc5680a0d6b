export { OcCobrowser, defaultCobrowserStrings, type OcCobrowserStrings } from './oc-cobrowser.js';
export { OcWorkspace } from './oc-workspace.js';
export { OcHandoffCard } from '@oc-elements/chat/oc-handoff-card.js';
export { arbiterContext } from '@oc-elements/chat/context.js';
export * from './events/events.js';

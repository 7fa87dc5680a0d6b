export { OcCobrowser } from './oc-cobrowser.js';
export { OcWorkspace } from './oc-workspace.js';
export { OcHandoffCard } from './oc-handoff-card.js';
export { arbiterContext } from './context.js';
export * from './events/events.js';

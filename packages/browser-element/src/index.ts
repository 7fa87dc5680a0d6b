export { OcCobrowser } from './oc-cobrowser.js';
export * from './events/events.js';

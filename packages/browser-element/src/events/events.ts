export type { OcConnectionChangeDetail, OcConnectionChangeEvent } from './oc-connection-change.js';
export type { OcControlChangeDetail, OcControlChangeEvent } from './oc-control-change.js';
export type { OcErrorDetail, OcErrorEvent } from './oc-error.js';
export type { OcHandoffCompleteDetail, OcHandoffCompleteEvent, OcHandoffTakeEvent, OcDriverChangeDetail, OcDriverChangeEvent } from './oc-handoff.js';

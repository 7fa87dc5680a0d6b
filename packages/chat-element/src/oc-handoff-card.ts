import { OcHandoffCard } from './handoff/handoff-card.js';

export { OcHandoffCard };
export type { OcHandoffCardStrings } from './handoff/handoff-card.js';
export { renderHandoffCard, type HandoffCardOptions, type HandoffStrings } from './handoff/handoff-view.js';
export type { OcHandoffCompleteDetail, OcHandoffCompleteEvent, OcHandoffTakeEvent } from './events/oc-handoff.js';

OcHandoffCard.define('oc-handoff-card');

declare global {
  interface HTMLElementTagNameMap {
    'oc-handoff-card': OcHandoffCard;
  }
}

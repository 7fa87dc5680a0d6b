import { OcHandoffCard } from './handoff/handoff-card.js';

export { OcHandoffCard };

OcHandoffCard.define('oc-handoff-card');

declare global {
  interface HTMLElementTagNameMap {
    'oc-handoff-card': OcHandoffCard;
  }
}

// The hand-off card's events are declared by the chat package (the card lives there).
export type { OcHandoffCompleteDetail, OcHandoffCompleteEvent, OcHandoffTakeEvent } from '@oc-elements/chat/oc-handoff-card.js';

export interface OcDriverChangeDetail {
  /** Arbitration mode: `idle`, `agent`, `human`, `paused` or `handoff`. */
  mode: string;
  /** Who holds the browser: `agent`, `human` or `nobody`. */
  driver: 'agent' | 'human' | 'nobody';
  /** Display name of the human who drives, if any. */
  name: string | null;
  /** True when the driving human is this page's user. */
  you: boolean;
}

/** Who drives the shared browser changed (arbitration mode only). */
export type OcDriverChangeEvent = CustomEvent<OcDriverChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-driver-change': OcDriverChangeEvent;
  }
}

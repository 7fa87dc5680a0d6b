import type { ArbiterMode, LeaseHolder } from '@oc-elements/core';

// The hand-off card's events are declared by the chat package (the card lives there).
export type { OcHandoffCompleteDetail, OcHandoffCompleteEvent, OcHandoffTakeEvent } from '@oc-elements/chat/oc-handoff-card.js';

export interface OcDriverChangeDetail {
  /** Arbitration mode: `idle`, `agent`, `human`, `paused` or `handoff`. */
  mode: ArbiterMode;
  /** Who holds the browser: `agent`, `human` or `nobody`. */
  driver: LeaseHolder;
  /** Display name of the human who drives, if any. */
  name: string | null;
  /** True when the driving human is this page's user. */
  you: boolean;
}

/** The arbitration mode or who drives the shared browser changed (arbitration mode only). */
export type OcDriverChangeEvent = CustomEvent<OcDriverChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-driver-change': OcDriverChangeEvent;
  }
}

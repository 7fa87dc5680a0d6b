import type { HandoffResult } from '@oc-elements/core';

export interface OcHandoffCompleteDetail {
  /** `done`: the human did what the agent asked; `failed`: they could not. */
  result: HandoffResult;
  /** Optional note for the agent. */
  note?: string;
}

/** The human pressed Done / Couldn't on a hand-off card. */
export type OcHandoffCompleteEvent = CustomEvent<OcHandoffCompleteDetail>;
/** The human pressed Take control on a hand-off card. */
export type OcHandoffTakeEvent = CustomEvent<Record<string, never>>;

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
    'oc-handoff-complete': OcHandoffCompleteEvent;
    'oc-handoff-take': OcHandoffTakeEvent;
    'oc-driver-change': OcDriverChangeEvent;
  }
}

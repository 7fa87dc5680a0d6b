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

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-handoff-complete': OcHandoffCompleteEvent;
    'oc-handoff-take': OcHandoffTakeEvent;
  }
}

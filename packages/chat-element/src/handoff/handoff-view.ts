import { html, nothing, type TemplateResult } from 'lit';
import type { ArbiterState, HandoffResult } from '@oc-elements/core';
import type { OcHandoffCardStrings } from './handoff-card.js';
import type { OcHandoffCompleteEvent } from '../events/oc-handoff.js';

/** The card's parts, exported from the host element as `handoff-*`. */
const EXPORT_PARTS =
  'card:handoff-card, title:handoff-title, reason:handoff-reason, take-control:handoff-take-control, note:handoff-note, done:handoff-done, failed:handoff-failed';
const NO_STRINGS: Partial<HandoffStrings> = {};

/** The hand-off card's strings as `<oc-chat>` and `<oc-cobrowser>` name them in their own `strings`. */
export interface HandoffStrings {
  /** Accessible name of the card (a region). */
  handoffLabel: string;
  handoffTitle: string;
  handoffTakeControl: string;
  handoffTakingControl: string;
  handoffNote: string;
  handoffDone: string;
  handoffFailed: string;
}

const CARD_KEYS = {
  handoffLabel: 'label',
  handoffTitle: 'title',
  handoffTakeControl: 'takeControl',
  handoffTakingControl: 'takingControl',
  handoffNote: 'note',
  handoffDone: 'done',
  handoffFailed: 'failed',
} as const satisfies Record<keyof HandoffStrings, keyof OcHandoffCardStrings>;

const cardStringsOf = new WeakMap<Partial<HandoffStrings>, Partial<OcHandoffCardStrings>>();

/** The card's strings from a host's (the ones it sets), one object per host strings object so renders compare by identity. */
function cardStrings(s: Partial<HandoffStrings>): Partial<OcHandoffCardStrings> {
  let value = cardStringsOf.get(s);
  if (!value) {
    value = {};
    for (const [from, to] of Object.entries(CARD_KEYS) as [keyof HandoffStrings, keyof OcHandoffCardStrings][]) {
      if (s[from] !== undefined) value[to] = s[from];
    }
    cardStringsOf.set(s, value);
  }
  return value;
}

export interface HandoffCardOptions {
  reason: string;
  /** The question it answers (`data-question`), when the host shows several. */
  questionID?: string;
  /** The host's strings; the card's own English defaults fill the ones it does not set. */
  strings?: Partial<HandoffStrings>;
  /** A viewer who may not drive: only Done / Couldn't. */
  noTake?: boolean;
  onTake(): void;
  onComplete(result: HandoffResult, note?: string): void;
}

/**
 * A pending hand-off as `<oc-handoff-card>`, in the state an arbiter reports: Done / Couldn't once this
 * page's human may act, "taking control" while the take waits for a safe point or settles. One rule for
 * `<oc-chat>` and `<oc-cobrowser>`; the host defines the tag (`oc-handoff-card.js`).
 */
export function renderHandoffCard(state: ArbiterState, o: HandoffCardOptions): TemplateResult {
  return html`<oc-handoff-card
    part="handoff"
    exportparts=${EXPORT_PARTS}
    data-question=${o.questionID ?? nothing}
    .reason=${o.reason}
    .strings=${cardStrings(o.strings ?? NO_STRINGS)}
    ?driving=${state.you && state.inputAllowed}
    ?pending=${state.takePending || (state.you && !state.inputAllowed)}
    ?no-take=${!!o.noTake}
    @oc-handoff-take=${() => o.onTake()}
    @oc-handoff-complete=${(e: OcHandoffCompleteEvent) => o.onComplete(e.detail.result, e.detail.note)}
  ></oc-handoff-card>`;
}

import { html, nothing, type TemplateResult } from 'lit';
import type { ArbiterState, HandoffResult } from '@oc-elements/core';
import type { OcHandoffCardStrings } from './handoff-card.js';
import type { OcHandoffCompleteEvent } from '../events/oc-handoff.js';

/** The card's parts, exported from the host element as `handoff-*`. */
const EXPORT_PARTS =
  'card:handoff-card, title:handoff-title, reason:handoff-reason, take-control:handoff-take-control, note:handoff-note, done:handoff-done, failed:handoff-failed';
const DEFAULT_STRINGS: Partial<OcHandoffCardStrings> = {};

export interface HandoffCardOptions {
  reason: string;
  /** The question it answers (`data-question`), when the host shows several. */
  questionID?: string;
  strings?: Partial<OcHandoffCardStrings>;
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
    .strings=${o.strings ?? DEFAULT_STRINGS}
    ?driving=${state.you && state.inputAllowed}
    ?pending=${state.takePending || (state.you && !state.inputAllowed)}
    ?no-take=${!!o.noTake}
    @oc-handoff-take=${() => o.onTake()}
    @oc-handoff-complete=${(e: OcHandoffCompleteEvent) => o.onComplete(e.detail.result, e.detail.note)}
  ></oc-handoff-card>`;
}

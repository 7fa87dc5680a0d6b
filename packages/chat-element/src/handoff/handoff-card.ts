import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { OcElement } from '../internal/oc-element.js';
import '../events/oc-handoff.js';

/** Every user-visible string of `<oc-handoff-card>` (override any subset through `strings`). */
export interface OcHandoffCardStrings {
  /** Accessible name of the card (a region). */
  label: string;
  title: string;
  takeControl: string;
  takingControl: string;
  note: string;
  done: string;
  failed: string;
}

export const defaultHandoffCardStrings: OcHandoffCardStrings = {
  label: 'The agent needs you',
  title: 'The agent needs you',
  takeControl: 'Take control',
  takingControl: 'Taking control…',
  note: 'Note for the agent (optional)',
  done: 'Done',
  failed: "Couldn't",
};

/**
 * @summary The agent asks the human to do something in the shared browser: the reason, a Take
 * control button, then Done / Couldn't (with an optional note) once the human drives.
 *
 * @event oc-handoff-take - The human pressed Take control.
 * @event oc-handoff-complete - `{ result: 'done' | 'failed', note? }`: the human pressed Done or Couldn't.
 *
 * @csspart card - The card.
 * @csspart title - "The agent needs you".
 * @csspart reason - The agent's reason.
 * @csspart take-control - The Take control button.
 * @csspart note - The optional note field.
 * @csspart done - The Done button.
 * @csspart failed - The Couldn't button.
 *
 * @cssproperty --oc-handoff-background - Card background.
 * @cssproperty --oc-handoff-border - Card border colour.
 * @cssproperty --oc-color-accent - Primary button.
 * @cssproperty --oc-color-on-accent - Text on the primary button.
 * @cssproperty --oc-radius - Corner radius.
 */
export class OcHandoffCard extends OcElement {
  static override styles = css`
    :host {
      --_bg: var(--oc-handoff-background, #fff8e1);
      --_border: var(--oc-handoff-border, #e0b400);
      --_accent: var(--oc-color-accent, #2f5bd3);
      --_on-accent: var(--oc-color-on-accent, #fff);
      --_radius: var(--oc-radius, 6px);
      display: block;
      color: #1b1b1f;
    }
    :host([hidden]) {
      display: none;
    }
    .card {
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.6em 0.8em;
      display: grid;
      gap: 0.4em;
    }
    .title {
      font-weight: 600;
      margin: 0;
      font-size: 1em;
    }
    .reason {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4em;
      align-items: center;
    }
    button,
    input {
      font: inherit;
      border: 1px solid #8a8a93;
      border-radius: var(--_radius);
      padding: 0.25em 0.7em;
      background: #fff;
      color: inherit;
    }
    button {
      cursor: pointer;
    }
    button.primary {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_on-accent);
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    input {
      flex: 1 1 10em;
      min-width: 0;
    }
    :focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 1px;
    }
  `;

  /** What the agent asks the human to do. */
  @property() reason = '';

  /** The human drives now (Done / Couldn't are offered instead of Take control). */
  @property({ type: Boolean, reflect: true }) driving = false;

  /** Take control was pressed and waits for a safe point. */
  @property({ type: Boolean, reflect: true }) pending = false;

  /** Hide Take control (e.g. a view-only viewer): only Done / Couldn't. */
  @property({ type: Boolean, attribute: 'no-take', reflect: true }) noTake = false;

  /** Overrides for the card's strings (English defaults). Property only. */
  @property({ attribute: false }) strings: Partial<OcHandoffCardStrings> = {};

  @state() private note = '';
  @state() private busy = false;

  private complete(result: 'done' | 'failed') {
    const note = this.note.trim();
    this.busy = true;
    this.emit('oc-handoff-complete', note ? { result, note } : { result });
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    // A new hand-off starts clean; a change of who drives (the hand back, or taking control again after
    // a completion that failed) ends the wait for the last answer.
    if (changed.has('reason')) this.note = '';
    if (changed.has('reason') || changed.has('driving')) this.busy = false;
  }

  override render() {
    const offerTake = !this.driving && !this.noTake;
    const s = { ...defaultHandoffCardStrings, ...this.strings };
    return html`<section part="card" class="card" role="region" aria-label=${s.label}>
      <p part="title" class="title">${s.title}</p>
      <p part="reason" class="reason">${this.reason}</p>
      <div class="actions">
        ${offerTake
          ? html`<button part="take-control" class="primary" type="button" ?disabled=${this.pending} @click=${() => this.emit('oc-handoff-take', {})}>
              ${this.pending ? s.takingControl : s.takeControl}
            </button>`
          : nothing}
        ${!offerTake
          ? html`<input
                part="note"
                type="text"
                aria-label=${s.note}
                placeholder=${s.note}
                .value=${this.note}
                @input=${(e: Event) => (this.note = (e.target as HTMLInputElement).value)}
              />
              <button part="done" class="primary" type="button" ?disabled=${this.busy} @click=${() => this.complete('done')}>${s.done}</button>
              <button part="failed" type="button" ?disabled=${this.busy} @click=${() => this.complete('failed')}>${s.failed}</button>`
          : nothing}
      </div>
    </section>`;
  }
}

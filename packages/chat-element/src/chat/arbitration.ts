// Arbitration in the chat, a chunk loaded only once the chat has a control arbiter (a shared browser):
// it follows the arbiter's state and timeline, places notes of who drives among the turns, reads the
// answer of a finished hand-off back from its question tool part, and shows hand-off questions as
// <oc-handoff-card>. A chat without a shared browser never loads it.
import { html, type TemplateResult } from 'lit';
import {
  handoffAnswers,
  handoffReason,
  isHandoffQuestion,
  type Arbiter,
  type ArbiterMode,
  type ArbiterState,
  type HandoffResult,
  type LeaseHolder,
  type TransitionEvent,
} from '@oc-elements/core';
import type { QuestionInfo, QuestionRequest, Session } from '@opencode-ai/sdk/v2/types';
import { renderHandoffCard } from '../oc-handoff-card.js';
import { arbitrationStrings } from './arbitration-strings.js';
import type { ChatStrings, OcChatStrings } from './strings.js';
import type { TurnView } from './view.js';

export type NoteKind =
  | 'took-control'
  | 'handed-back'
  | 'agent-driving'
  | 'agent-finished'
  | 'agent-waiting'
  | 'handoff-requested'
  | 'handoff-finished';

export interface ArbitrationNote {
  key: string;
  kind: NoteKind;
  /** epoch ms (the timeline event's `at`). */
  at: number;
  name?: string;
  you: boolean;
  /** The session this note belongs to, when known (a hand-off's). */
  sessionID?: string;
  /** The session the element showed when the note happened (for the agent's notes: only if it was busy). */
  seenIn?: string;
}

const HUMAN_MODES = new Set<ArbiterMode>(['human', 'paused']);
const driverOf = (mode: ArbiterMode): LeaseHolder | undefined =>
  HUMAN_MODES.has(mode) ? 'human' : mode === 'agent' ? 'agent' : mode === 'idle' ? 'nobody' : undefined;

let counter = 0;

/**
 * The notes one timeline event stands for. `prev`/`next` are the arbiter states around it when the element
 * saw it happen (then "you" and names are exact); events from before the element subscribed have none and
 * are read from their modes alone. System events (restored after a reload) are not shown.
 */
function notesFor(event: TransitionEvent, prev?: ArbiterState, next?: ArbiterState): ArbitrationNote[] {
  if (event.by === 'system') return [];
  const out: ArbitrationNote[] = [];
  const add = (kind: NoteKind, extra: Partial<ArbitrationNote> = {}) =>
    out.push({ key: `${event.at}:${++counter}`, kind, at: event.at, you: false, ...extra });
  const live = !!prev && !!next;
  const before = live ? prev.driver : driverOf(event.from);
  const after = live ? next.driver : driverOf(event.to);
  if (event.from === 'handoff' && event.to !== 'handoff') add('handoff-finished', { sessionID: prev?.handoff?.sessionID });
  if (event.to === 'handoff' && event.from !== 'handoff') add('handoff-requested', { sessionID: next?.handoff?.sessionID });
  // A take during a hand-off changes only the driver; without the states it cannot be told apart.
  if (!before || !after) return out;
  const humanChanged = live && before === 'human' && after === 'human' && prev.humanId !== next.humanId;
  if (after === 'human' && (before !== 'human' || humanChanged)) add('took-control', { name: next?.humanName, you: !!next?.you });
  else if (before === 'human' && after !== 'human') add('handed-back', { name: prev?.humanName, you: !!prev?.you });
  else if (after === 'agent' && before !== 'agent') add('agent-driving');
  else if (before === 'agent' && after === 'nobody') add('agent-finished');
  else if (event.from === 'human' && event.to === 'paused') add('agent-waiting', { name: next?.humanName, you: !!next?.you });
  else if (event.from === 'paused' && event.to === 'human') add('agent-finished');
  return out;
}

/** What the arbitration needs from its chat. */
export interface ArbitrationHost {
  /** Where notes are seen (the open session) and whether the agent is working in it. */
  readonly session: string | undefined;
  readonly busy: boolean;
  requestUpdate(): void;
  answerQuestion(requestID: string, answers: string[][]): Promise<void>;
  /** Reports a failed action as `oc-error` and in the composer. */
  fail(action: string, error: unknown): void;
  focusComposer(): void;
}

/**
 * Follows an arbiter for one chat: its state (hand-off cards) and its timeline (notes in the transcript),
 * and renders both.
 */
export class ChatArbitration {
  state: ArbiterState;
  readonly notes: ArbitrationNote[];
  readonly #arbiter: Arbiter;
  readonly #host: ArbitrationHost;
  readonly #off: () => void;

  constructor(arbiter: Arbiter, host: ArbitrationHost) {
    this.#arbiter = arbiter;
    this.#host = host;
    this.state = arbiter.getState();
    // Events from before the chat followed the arbiter: read from their modes alone.
    this.notes = arbiter.timeline.events.flatMap((e) => notesFor(e));
    let last = this.state;
    const offState = arbiter.subscribe((state) => {
      last = state;
      this.state = state;
      host.requestUpdate();
    });
    // The timeline hears of a change before the state listeners, with the arbiter already in the new state.
    const offTimeline = arbiter.timeline.subscribe((event) => {
      const now = arbiter.getState();
      for (const note of notesFor(event, last, now)) {
        const agents = note.kind === 'agent-driving' || note.kind === 'agent-finished' || note.kind === 'agent-waiting';
        if (host.session && (!agents || host.busy)) note.seenIn = host.session;
        this.notes.push(note);
      }
      if (this.notes.length > 500) this.notes.splice(0, this.notes.length - 500);
      last = now;
      host.requestUpdate();
    });
    this.#off = () => {
      offState();
      offTimeline();
    };
  }

  detach(): void {
    this.#off();
  }

  /** Whether a question is a hand-off, shown as a hand-off card instead of the generic prompt. */
  isHandoff(request: QuestionRequest): boolean {
    return isHandoffQuestion(request);
  }

  /** The notes of the open session placed among its turns. */
  placeNotes(turns: readonly TurnView[], session: Session, working: boolean, s: ChatStrings): PlacedNotes {
    return placeAmongTurns(this.notes, turns, session, working, withDefaults(s));
  }

  /**
   * A hand-off question (the agent asks the human to act in the shared browser): the reason and Take control;
   * once this page's human drives, an optional note and Done / Couldn't.
   */
  renderHandoff(request: QuestionRequest, s: ChatStrings): TemplateResult {
    return renderHandoffCard(this.state, {
      reason: handoffReason(request),
      questionID: request.id,
      strings: withDefaults(s),
      onTake: () => this.#arbiter.takeControl(),
      onComplete: (result, note) => void this.#complete(request, result, note),
    });
  }

  /** Answers a hand-off (through the arbiter when it is the one it waits on) and hands the browser back. */
  async #complete(request: QuestionRequest, result: HandoffResult, note?: string): Promise<void> {
    try {
      if (this.#arbiter.getState().handoff?.requestID === request.id) await this.#arbiter.completeHandoff(result, note);
      else {
        this.#arbiter.handBack();
        await this.#host.answerQuestion(request.id, handoffAnswers(result, note));
      }
    } catch (error) {
      this.#host.fail('handoff', error);
    }
    this.#host.focusComposer();
  }
}

/** The answer of the hand-off question that was pending at `at` ("Done", "Couldn't"), once the part completed. */
function handoffAnswer(turns: readonly TurnView[], at: number): string | undefined {
  let best: { start: number; answer: string | undefined } | undefined;
  for (const turn of turns) {
    for (const entry of turn.assistants) {
      for (const part of entry.parts) {
        if (part.type !== 'tool' || part.tool !== 'question' || part.state.status !== 'completed') continue;
        const questions = (part.state.input as { questions?: QuestionInfo[] }).questions;
        if (!Array.isArray(questions) || !isHandoffQuestion({ questions })) continue;
        if (part.state.time.start > at || (best && best.start > part.state.time.start)) continue;
        const answers = (part.state.metadata as { answers?: unknown } | undefined)?.answers;
        const first = Array.isArray(answers) && Array.isArray(answers[0]) ? answers[0][0] : undefined;
        best = { start: part.state.time.start, answer: typeof first === 'string' ? first : undefined };
      }
    }
  }
  return best?.answer;
}

function noteText(note: ArbitrationNote, s: OcChatStrings, turns: readonly TurnView[]): string {
  switch (note.kind) {
    case 'took-control':
      return s.arbitrationTookControl(note.name, note.you);
    case 'handed-back':
      return s.arbitrationHandedBack(note.name, note.you);
    case 'agent-driving':
      return s.arbitrationAgentDriving;
    case 'agent-finished':
      return s.arbitrationAgentFinished;
    case 'agent-waiting':
      return s.arbitrationAgentWaiting(note.name, note.you);
    case 'handoff-requested':
      return s.arbitrationHandoffRequested;
    case 'handoff-finished':
      return s.arbitrationHandoffFinished(handoffAnswer(turns, note.at));
  }
}

function renderNote(text: string, at: number): TemplateResult {
  const time = new Date(at);
  return html`<div part="arbitration-event" class="arbitration-event" role="note">
    <span>${text}</span> <time datetime=${time.toISOString()}>${time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
  </div>`;
}

/** When a turn began: its user message, or its first loaded assistant message. */
const turnStart = (t: TurnView): number => (t.user ?? t.assistants[0])?.info.time.created ?? 0;

/** Grace after a turn's last message during which a note still belongs to it (a hand back right after the answer). */
const GRACE_MS = 3_000;

export interface PlacedNotes {
  /** Before the first turn. */
  before: TemplateResult[];
  /** By turn (user message id): slot 0 after the user's message, slot i + 1 after assistant message i. */
  byTurn: Map<string, { slots: TemplateResult[][]; key: string }>;
}

/**
 * Places the notes of the open session among its turns by time: after the last message created before the
 * note. A note belongs to the session if it names it, or falls within one of its turns (start to last message
 * + a grace, or still running), or happened while the session was open and (for the agent's notes) busy.
 */
function placeAmongTurns(
  notes: readonly ArbitrationNote[],
  turns: readonly TurnView[],
  session: { id: string; time: { created: number } },
  working: boolean,
  s: OcChatStrings,
): PlacedNotes {
  const placed: PlacedNotes = { before: [], byTurn: new Map() };
  if (!notes.length) return placed;
  const spans = turns.map((t, i) => {
    const start = turnStart(t);
    if (i === turns.length - 1 && working) return [start, Infinity] as const;
    const ends = t.assistants.map((a) => a.info.time.completed ?? a.info.time.created);
    return [start, Math.max(start, ...ends) + GRACE_MS] as const;
  });
  for (const note of notes) {
    if (note.at < session.time.created) continue;
    if (note.sessionID && note.sessionID !== session.id) continue;
    const inside = spans.some(([a, b]) => note.at >= a && note.at <= b);
    if (!inside && note.sessionID !== session.id && note.seenIn !== session.id) continue;
    const html = renderNote(noteText(note, s, turns), note.at);
    let t = -1;
    for (let i = 0; i < turns.length; i++) if (turnStart(turns[i]!) <= note.at) t = i;
    if (t < 0) {
      placed.before.push(html);
      continue;
    }
    const turn = turns[t]!;
    let step = -1;
    turn.assistants.forEach((a, i) => {
      if (a.info.time.created <= note.at) step = i;
    });
    const id = turn.id;
    let entry = placed.byTurn.get(id);
    if (!entry) placed.byTurn.set(id, (entry = { slots: [], key: '' }));
    (entry.slots[step + 1] ??= []).push(html);
    entry.key += `${note.key}:${noteText(note, s, turns)}|`;
  }
  return placed;
}

const fullStrings = new WeakMap<ChatStrings, OcChatStrings>();

/** The chat's strings with this view's English defaults under them, one object per strings object. */
function withDefaults(s: ChatStrings): OcChatStrings {
  let full = fullStrings.get(s);
  if (!full) fullStrings.set(s, (full = { ...arbitrationStrings, ...s }));
  return full;
}

// Arbitration in the transcript: the control arbiter's timeline (who drives the shared browser) as small
// notes placed in time order among the turns, and the answer of a finished hand-off read back from the
// question tool part. Pure functions; the element keeps the notes and the arbiter subscription.
import { html, type TemplateResult } from 'lit';
import { isHandoffQuestion, type ArbiterMode, type ArbiterState, type LeaseHolder, type TransitionEvent } from '@oc-elements/core';
import type { QuestionInfo } from '@opencode-ai/sdk/v2/types';
import type { OcChatStrings } from './strings.js';
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
export function notesFor(event: TransitionEvent, prev?: ArbiterState, next?: ArbiterState): ArbitrationNote[] {
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

/** The answer of the hand-off question that was pending at `at` ("Done", "Couldn't"), once the part completed. */
export function handoffAnswer(turns: readonly TurnView[], at: number): string | undefined {
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

export function noteText(note: ArbitrationNote, s: OcChatStrings, turns: readonly TurnView[]): string {
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

export function renderNote(text: string, at: number): TemplateResult {
  const time = new Date(at);
  return html`<div part="arbitration-event" class="arbitration-event" role="note">
    <span>${text}</span> <time datetime=${time.toISOString()}>${time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
  </div>`;
}

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
export function placeNotes(
  notes: readonly ArbitrationNote[],
  turns: readonly TurnView[],
  session: { id: string; time: { created: number } },
  working: boolean,
  s: OcChatStrings,
): PlacedNotes {
  const placed: PlacedNotes = { before: [], byTurn: new Map() };
  if (!notes.length) return placed;
  const spans = turns.map((t, i) => {
    const start = t.user.info.time.created;
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
    for (let i = 0; i < turns.length; i++) if (turns[i]!.user.info.time.created <= note.at) t = i;
    if (t < 0) {
      placed.before.push(html);
      continue;
    }
    const turn = turns[t]!;
    let step = -1;
    turn.assistants.forEach((a, i) => {
      if (a.info.time.created <= note.at) step = i;
    });
    const id = turn.user.info.id;
    let entry = placed.byTurn.get(id);
    if (!entry) placed.byTurn.set(id, (entry = { slots: [], key: '' }));
    (entry.slots[step + 1] ??= []).push(html);
    entry.key += `${note.key}:${noteText(note, s, turns)}|`;
  }
  return placed;
}

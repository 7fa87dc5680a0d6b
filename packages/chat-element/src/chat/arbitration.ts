// Arbitration in the transcript, a chunk loaded only once the chat has a control arbiter: the notes
// placed in time order among the turns, the answer of a finished hand-off read back from the question
// tool part, and hand-off questions as <oc-handoff-card>. A chat without a shared browser never loads it.
import { html, type TemplateResult } from 'lit';
import { handoffAnswers, handoffReason, isHandoffQuestion, type HandoffResult } from '@oc-elements/core';
import type { QuestionInfo, QuestionRequest } from '@opencode-ai/sdk/v2/types';
import type { OcHandoffCardStrings } from '../handoff/handoff-card.js';
import '../oc-handoff-card.js';
import type { ArbitrationNote } from './arbitration-notes.js';
import type { ArbitrationContext, RenderContext } from './render-context.js';
import type { OcChatStrings } from './strings.js';
import type { TurnView } from './view.js';

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

/**
 * A hand-off question (the agent asks the human to act in the shared browser) while the chat has an arbiter:
 * the reason and Take control; once this page's human drives, an optional note and Done / Couldn't.
 */
export function renderHandoff(request: QuestionRequest, ctx: RenderContext): TemplateResult {
  const a = ctx.arbitration!;
  const st = a.state;
  return html`<oc-handoff-card
    part="handoff"
    exportparts="card:handoff-card, title:handoff-title, reason:handoff-reason, take-control:handoff-take-control, note:handoff-note, done:handoff-done, failed:handoff-failed"
    data-question=${request.id}
    .reason=${handoffReason(request)}
    .strings=${cardStrings(ctx.strings)}
    ?driving=${st.you && st.inputAllowed}
    ?pending=${st.takePending || (st.you && !st.inputAllowed)}
    @oc-handoff-take=${() => a.arbiter.takeControl()}
    @oc-handoff-complete=${(e: CustomEvent<{ result: 'done' | 'failed'; note?: string }>) => void completeHandoff(a, request, e.detail.result, e.detail.note)}
  ></oc-handoff-card>`;
}

const cardStringsOf = new WeakMap<OcChatStrings, Partial<OcHandoffCardStrings>>();

/** The card's strings from the chat's, one object per strings object (so renders can compare by identity). */
function cardStrings(s: OcChatStrings): Partial<OcHandoffCardStrings> {
  let value = cardStringsOf.get(s);
  if (!value) {
    value = {
      label: s.handoffLabel,
      title: s.handoffTitle,
      takeControl: s.handoffTakeControl,
      takingControl: s.handoffTakingControl,
      note: s.handoffNote,
      done: s.handoffDone,
      failed: s.handoffFailed,
    };
    cardStringsOf.set(s, value);
  }
  return value;
}

/** Answers a hand-off (through the arbiter when it is the one it waits on) and hands the browser back. */
async function completeHandoff(a: ArbitrationContext, request: QuestionRequest, result: HandoffResult, note?: string): Promise<void> {
  try {
    if (a.arbiter.getState().handoff?.requestID === request.id) await a.arbiter.completeHandoff(result, note);
    else {
      a.arbiter.handBack();
      await a.answerQuestion(request.id, handoffAnswers(result, note));
    }
  } catch (error) {
    a.fail('handoff', error);
  }
  a.focusComposer();
}

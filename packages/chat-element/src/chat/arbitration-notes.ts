// Arbitration notes: what one event of the control arbiter's timeline (who drives the shared browser)
// stands for. Loaded with the element, so the notes of events seen live stay exact while the rendering
// (arbitration.ts, a lazy chunk) is still loading.
import type { ArbiterMode, ArbiterState, LeaseHolder, TransitionEvent } from '@oc-elements/core';

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


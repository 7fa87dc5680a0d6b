import { pendingPermissions, sessionList, type State } from '@oc-elements/core';
import type { AssistantMessage, PermissionRequest, QuestionRequest, Session } from '@opencode-ai/sdk/v2/types';
import { IDLE, type AssistantEntry, type ChatView, type SessionRow, type TurnView, type UserEntry } from './view.js';

type Messages = State['messages'][string];

const NONE = Object.freeze([]) as never[];

/**
 * Derives what the chat shows from core's normalized state. Memoized on the identity of the
 * state slices it reads (the reducer replaces only what changed), so a delta on one part does not
 * regroup the session list, and regrouping turns is linear in the open session's messages.
 */
export class ViewModel {
  #sessions?: { from: State['sessions']; status: State['status']; rows: SessionRow[] };
  #turns?: { from: Messages | undefined; turns: TurnView[] };
  /** Entries per stored message (immutable in the store), so unchanged messages keep their identity. */
  #entries = new WeakMap<object, UserEntry | AssistantEntry>();
  #previous = new Map<string, TurnView>();

  derive(state: State, sessionID: string | undefined): ChatView {
    const session = sessionID ? state.sessions[sessionID] : undefined;
    const { turns, revertedCount } = this.#visibleTurns(state, session, sessionID);
    return {
      sessions: this.#sessionRows(state),
      session,
      status: (sessionID && state.status[sessionID]) || IDLE,
      turns,
      revertedCount,
      loaded: !sessionID || state.messages[sessionID] !== undefined,
      // Shared empty lists: the transcript compares these by identity to skip unchanged turns.
      // Core drops requests whose tool part already finished (an abort leaves them on the server).
      permissions: sessionID ? (pendingPermissions(state, sessionID) as PermissionRequest[]) : NONE,
      questions: (sessionID && state.questions[sessionID]) || NONE,
      todos: (sessionID && state.todos[sessionID]) || NONE,
      childRequests: this.#childRequests(state, sessionID),
      usage: usage(turns),
    } as ChatView;
  }

  #children?: { key: unknown[]; map: ChatView['childRequests'] };

  #childRequests(state: State, sessionID: string | undefined): ChatView['childRequests'] {
    const key: unknown[] = [];
    if (sessionID) {
      for (const s of Object.values(state.sessions)) {
        if (s.parentID !== sessionID) continue;
        const permissions = state.permissions[s.id];
        const questions = state.questions[s.id];
        if (permissions?.length || questions?.length) key.push(s.id, permissions ?? NONE, questions ?? NONE);
      }
    }
    // Same requests as last time → the same map, so unchanged turns can skip re-rendering.
    const cached = this.#children;
    if (cached && cached.key.length === key.length && cached.key.every((k, i) => k === key[i])) return cached.map;
    const map = new Map<string, { permissions: readonly PermissionRequest[]; questions: readonly QuestionRequest[] }>();
    for (let i = 0; i < key.length; i += 3) {
      map.set(key[i] as string, { permissions: key[i + 1] as PermissionRequest[], questions: key[i + 2] as QuestionRequest[] });
    }
    this.#children = { key, map };
    return map;
  }

  #sessionRows(state: State): SessionRow[] {
    const cached = this.#sessions;
    if (cached && cached.from === state.sessions && cached.status === state.status) return cached.rows;
    // Core orders and filters sessions (newest first, no children, no archived); we add status.
    const rows = sessionList(state).roots.map((session) => ({ session, status: state.status[session.id] ?? IDLE }));
    this.#sessions = { from: state.sessions, status: state.status, rows };
    return rows;
  }

  #visibleTurns(state: State, session: Session | undefined, sessionID: string | undefined) {
    const messages = sessionID ? state.messages[sessionID] : undefined;
    const cached =
      this.#turns && this.#turns.from === messages
        ? this.#turns
        : { from: messages, turns: groupTurns(messages ?? [], this.#entries, this.#previous) };
    this.#previous = new Map(cached.turns.map((t) => [t.user.info.id, t]));
    this.#turns = cached;
    const all = cached.turns;
    const revertID = session?.revert?.messageID;
    if (!revertID) return { turns: all, revertedCount: 0 };
    // Reverted messages are still returned by the server until the next prompt: hide them.
    const kept = all.filter((t) => t.user.info.id < revertID);
    return { turns: kept, revertedCount: all.length - kept.length };
  }
}

/**
 * Groups messages into turns: each user message with the assistant messages whose parentID is it.
 * A turn whose messages are all unchanged is returned as the same object as last time, so the
 * transcript can skip re-rendering it (a streaming delta touches only the newest turn).
 */
export function groupTurns(
  messages: Messages,
  entries = new WeakMap<object, UserEntry | AssistantEntry>(),
  previous = new Map<string, TurnView>(),
): TurnView[] {
  const entry = <E extends UserEntry | AssistantEntry>(m: Messages[number]): E => {
    let e = entries.get(m);
    if (!e) entries.set(m, (e = { info: m.info, parts: m.parts } as E));
    return e as E;
  };
  const turns: TurnView[] = [];
  const byUser = new Map<string, TurnView>();
  for (const m of messages) {
    if (m.info.role === 'user') {
      const turn: TurnView = { user: entry<UserEntry>(m), assistants: [] };
      byUser.set(m.info.id, turn);
      turns.push(turn);
    } else {
      const info = m.info as AssistantMessage;
      const turn = byUser.get(info.parentID) ?? turns.at(-1);
      if (turn) turn.assistants.push(entry<AssistantEntry>(m));
    }
  }
  return turns.map((turn) => {
    const old = previous.get(turn.user.info.id);
    const same =
      old && old.user === turn.user && old.assistants.length === turn.assistants.length && old.assistants.every((a, i) => a === turn.assistants[i]);
    return same ? old : turn;
  });
}

function usage(turns: TurnView[]): ChatView['usage'] {
  const total = { input: 0, output: 0, reasoning: 0, cost: 0 };
  for (const turn of turns) {
    for (const a of turn.assistants) {
      total.input += a.info.tokens?.input ?? 0;
      total.output += a.info.tokens?.output ?? 0;
      total.reasoning += a.info.tokens?.reasoning ?? 0;
      total.cost += a.info.cost ?? 0;
    }
  }
  return total;
}

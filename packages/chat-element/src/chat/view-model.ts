import { pendingPermissions, sessionList, sessionMessages, turns as coreTurns, type State } from '@oc-elements/core';
import type { PermissionRequest, QuestionRequest, Session } from '@opencode-ai/sdk/v2/types';
import { IDLE, type ChatView, type SessionRow, type TurnView } from './view.js';

const NONE = Object.freeze([]) as never[];

/**
 * Derives what the chat shows from core's normalized state. Memoized on the identity of the
 * state slices it reads (the reducer replaces only what changed), so a delta on one part does not
 * regroup the session list; turns come from core's memoized `turns` selector.
 */
export class ViewModel {
  #sessions?: { from: State['sessions']; status: State['status']; rows: SessionRow[] };

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
    if (!sessionID) return { turns: NONE as readonly TurnView[], revertedCount: 0 };
    // Core groups the turns and leaves out reverted messages; unchanged turns keep their identity.
    const turns = coreTurns(state, sessionID) as readonly TurnView[];
    const revertID = session?.revert?.messageID;
    if (!revertID) return { turns, revertedCount: 0 };
    // Reverted messages are still returned by the server until the next prompt: count the hidden turns.
    const revertedCount = sessionMessages(state, sessionID).filter((m) => m.info.role === 'user' && m.info.id >= revertID).length;
    return { turns, revertedCount };
  }
}

function usage(turns: readonly TurnView[]): ChatView['usage'] {
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

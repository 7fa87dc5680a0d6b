// The normalized, immutable state of one opencode server as seen through its event stream.
// Every record is keyed by an id that passed `isId`; every list is sorted by id (opencode ids
// ascend with time), so order is stable and lookups can binary-search.
import type {
  FileDiff,
  Message,
  Part,
  PermissionRequest,
  QuestionRequest,
  Session,
  SessionError,
  SessionStatus,
  SnapshotFileDiff,
  Todo,
} from './events.js';

export interface MessageWithParts {
  readonly info: Message;
  /** Sorted by part id. */
  readonly parts: readonly Part[];
  /** Set on a client-made (optimistic) message until the server echoes it. */
  readonly local?: true;
}

/** Non-idle statuses; a session absent from `State.status` is idle (as in `GET /session/status`). */
export type ActiveStatus = Exclude<SessionStatus, { type: 'idle' }>;

/**
 * Resync bookkeeping for a text part that was still streaming in a REST snapshot: the events
 * replayed after it may repeat deltas the snapshot already contains (see reducer `applyDelta`).
 */
export interface Overlap {
  readonly sessionID: string;
  /** The part's text in the snapshot. */
  readonly snap: string;
  /** Every delta replayed since the snapshot, concatenated. */
  readonly acc: string;
  /** Length of the longest prefix of `acc` (at a delta boundary) found at the end of `snap`. */
  readonly matched: number;
  /**
   * How much of `snap` replayed deltas can repeat: what it gained over the text we had before the
   * snapshot. Keeps an unrelated live delta from being taken for a repeat.
   */
  readonly max: number;
}

export interface State {
  readonly sessions: Readonly<Record<string, Session>>;
  readonly status: Readonly<Record<string, ActiveStatus>>;
  /** Per session id, sorted by message id. Only sessions that were loaded or had message events. */
  readonly messages: Readonly<Record<string, readonly MessageWithParts[]>>;
  /** Pending requests per session id, sorted by request id. */
  readonly permissions: Readonly<Record<string, readonly PermissionRequest[]>>;
  readonly questions: Readonly<Record<string, readonly QuestionRequest[]>>;
  readonly todos: Readonly<Record<string, readonly Todo[]>>;
  readonly diffs: Readonly<Record<string, readonly (SnapshotFileDiff | FileDiff)[]>>;
  /** The last `session.error` per session; cleared when the session turns busy again. */
  readonly errors: Readonly<Record<string, SessionError>>;
  /** Internal: per part id, see `Overlap`. Empty outside a resync. */
  readonly overlap: Readonly<Record<string, Overlap>>;
}

const EMPTY = Object.freeze({}) as Readonly<Record<string, never>>;

export function emptyState(): State {
  return {
    sessions: EMPTY,
    status: EMPTY,
    messages: EMPTY,
    permissions: EMPTY,
    questions: EMPTY,
    todos: EMPTY,
    diffs: EMPTY,
    errors: EMPTY,
    overlap: EMPTY,
  };
}

/**
 * Lists what is wrong with a state (empty when well-formed): keys that are not ids, entries filed
 * under the wrong key, unsorted or duplicated lists, parts under the wrong message. For tests and
 * debugging; it walks everything.
 */
export function checkState(state: State): string[] {
  const problems: string[] = [];
  const bad = (what: string) => problems.length < 50 && problems.push(what);
  const isKey = (k: string) => k.length > 0 && k.length <= 256 && !(k in Object.prototype);
  const sorted = (list: readonly { id: string }[], where: string) => {
    for (let i = 1; i < list.length; i++) if (!(list[i - 1]!.id < list[i]!.id)) bad(`${where}: not sorted at ${i}`);
  };
  const records = ['sessions', 'status', 'messages', 'permissions', 'questions', 'todos', 'diffs', 'errors', 'overlap'] as const;
  for (const name of records) {
    const rec = state[name] as Record<string, unknown>;
    if (typeof rec !== 'object' || rec === null) {
      bad(`${name} is not an object`);
      continue;
    }
    if (Object.getPrototypeOf(rec) !== Object.prototype) bad(`${name} has a foreign prototype`);
    for (const k of Object.keys(rec)) if (!isKey(k)) bad(`${name} has key ${JSON.stringify(k)}`);
  }
  for (const [id, s] of Object.entries(state.sessions)) if (s.id !== id) bad(`session ${id} filed under the wrong id`);
  for (const [id, st] of Object.entries(state.status) as [string, { type: unknown }][]) {
    if (st.type !== 'busy' && st.type !== 'retry') bad(`status ${id}: ${String(st.type)}`);
  }
  for (const [sid, list] of Object.entries(state.messages)) {
    if (!Array.isArray(list)) {
      bad(`messages ${sid} is not a list`);
      continue;
    }
    sorted(list.map((m) => m.info), `messages ${sid}`);
    for (const m of list) {
      if (m.info.sessionID !== sid) bad(`message ${m.info.id} filed under session ${sid}`);
      sorted(m.parts, `parts of ${m.info.id}`);
      for (const p of m.parts) {
        if (p.messageID !== m.info.id || p.sessionID !== sid) bad(`part ${p.id} filed under ${m.info.id}`);
        if ((p.type === 'text' || p.type === 'reasoning') && typeof p.text !== 'string') bad(`part ${p.id} text is not a string`);
      }
    }
  }
  for (const name of ['permissions', 'questions'] as const) {
    for (const [sid, list] of Object.entries(state[name])) {
      sorted(list, `${name} ${sid}`);
      for (const r of list) if (r.sessionID !== sid) bad(`${name} ${r.id} filed under ${sid}`);
    }
  }
  for (const [sid, list] of Object.entries(state.todos)) if (!Array.isArray(list)) bad(`todos ${sid} is not a list`);
  for (const [sid, list] of Object.entries(state.diffs)) if (!Array.isArray(list)) bad(`diffs ${sid} is not a list`);
  return problems;
}

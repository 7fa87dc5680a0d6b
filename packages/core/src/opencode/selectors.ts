// Read-side helpers. Results are memoized on the identity of the state slices they read, so
// calling them on every notification returns the same objects until their inputs change (which is
// what StoreController's reference check and Lit's `repeat` want).
import type { PermissionRequest, QuestionRequest, Session, SessionError, SessionStatus, Todo } from './events.js';
import type { MessageWithParts, State } from './state.js';

const hasOwn = Object.prototype.hasOwnProperty;
const own = <V>(rec: Readonly<Record<string, V>>, key: string): V | undefined => (hasOwn.call(rec, key) ? rec[key] : undefined);
const NONE: readonly never[] = Object.freeze([]);
const IDLE: SessionStatus = Object.freeze({ type: 'idle' });
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

// ---- sessions -----------------------------------------------------------------------------------

export interface SessionList {
  /** Sessions without a parent, newest activity first. */
  roots: readonly Session[];
  /** Child (subagent) sessions per parent id, newest first. */
  children: Readonly<Record<string, readonly Session[]>>;
}

const sessionListCache = new WeakMap<object, { active?: SessionList; all?: SessionList }>();

/** Sessions by `time.updated` descending, split into roots and children. Archived ones are left out unless asked. */
export function sessionList(state: State, options: { archived?: boolean } = {}): SessionList {
  let cached = sessionListCache.get(state.sessions);
  if (!cached) sessionListCache.set(state.sessions, (cached = {}));
  const key = options.archived ? 'all' : 'active';
  const hit = cached[key];
  if (hit) return hit;
  const sessions = Object.values(state.sessions)
    .filter((s) => options.archived || !s.time.archived)
    .sort((a, b) => num(b.time.updated) - num(a.time.updated) || (a.id < b.id ? 1 : -1));
  const roots: Session[] = [];
  const children: Record<string, Session[]> = {};
  for (const s of sessions) {
    if (s.parentID) (children[s.parentID] ??= []).push(s);
    else roots.push(s);
  }
  return (cached[key] = { roots, children });
}

export const sessionById = (state: State, sessionID: string): Session | undefined => own(state.sessions, sessionID);

/** `busy`, `retry` (with `attempt`, `message`, `next` epoch ms) or `idle`. */
export const sessionStatus = (state: State, sessionID: string): SessionStatus => own(state.status, sessionID) ?? IDLE;

export const sessionError = (state: State, sessionID: string): SessionError | undefined => own(state.errors, sessionID);
export const sessionTodos = (state: State, sessionID: string): readonly Todo[] => own(state.todos, sessionID) ?? NONE;
export const sessionDiffs = (state: State, sessionID: string) => own(state.diffs, sessionID) ?? NONE;

// ---- messages and turns -------------------------------------------------------------------------

/** All loaded messages of a session, oldest first, reverted ones included. */
export const sessionMessages = (state: State, sessionID: string): readonly MessageWithParts[] => own(state.messages, sessionID) ?? NONE;

export interface Turn {
  /** The user message's id, or for a turn whose user message is not loaded, its assistants' parentID. */
  readonly id: string;
  /** Undefined only when the page of messages starts in the middle of this turn. */
  readonly user: MessageWithParts | undefined;
  /** One per model step (tool calls start a new one), oldest first. */
  readonly assistants: readonly MessageWithParts[];
}

const turnCache = new WeakMap<readonly MessageWithParts[], { revert: string | undefined; turns: readonly Turn[] }>();
// Last turns per session, to hand back unchanged Turn objects when only another turn changed.
const lastTurns = new Map<string, readonly Turn[]>();

/** The messages from `session.revert.messageID` on are reverted: still stored, not shown. */
const revertPoint = (state: State, sessionID: string): string | undefined => {
  const r = own(state.sessions, sessionID)?.revert as { messageID?: unknown } | null | undefined;
  return typeof r?.messageID === 'string' ? r.messageID : undefined;
};

/** The visible conversation as turns: a user message and the assistant messages answering it. */
export function turns(state: State, sessionID: string): readonly Turn[] {
  const list = sessionMessages(state, sessionID);
  const revert = revertPoint(state, sessionID);
  const hit = turnCache.get(list);
  if (hit && hit.revert === revert) return hit.turns;

  const built: { id: string; user: MessageWithParts | undefined; assistants: MessageWithParts[] }[] = [];
  const byUser = new Map<string, (typeof built)[number]>();
  for (const m of list) {
    if (revert !== undefined && m.info.id >= revert) break;
    if (m.info.role === 'user') {
      const turn = { id: m.info.id, user: m, assistants: [] };
      built.push(turn);
      byUser.set(m.info.id, turn);
      continue;
    }
    const parent = typeof m.info.parentID === 'string' ? m.info.parentID : '';
    let turn = byUser.get(parent);
    if (!turn) {
      turn = { id: parent, user: undefined, assistants: [] };
      built.push(turn);
      byUser.set(parent, turn);
    }
    turn.assistants.push(m);
  }

  const previous = lastTurns.get(sessionID) ?? NONE;
  const old = new Map(previous.map((t) => [t.id, t]));
  const result = built.map((t): Turn => {
    const before = old.get(t.id);
    const same = before && before.user === t.user && before.assistants.length === t.assistants.length && before.assistants.every((a, i) => a === t.assistants[i]);
    return same ? before : t;
  });
  const unchanged = result.length === previous.length && result.every((t, i) => t === previous[i]);
  const out = unchanged ? previous : result;
  if (lastTurns.size > 200) lastTurns.clear(); // a cache, not a registry
  lastTurns.set(sessionID, out);
  turnCache.set(list, { revert, turns: out });
  return out;
}

/** Messages hidden by a pending revert (for a "rolled back" list with Restore). */
export function revertedMessages(state: State, sessionID: string): readonly MessageWithParts[] {
  const revert = revertPoint(state, sessionID);
  if (revert === undefined) return NONE;
  const list = sessionMessages(state, sessionID);
  const i = list.findIndex((m) => m.info.id >= revert);
  return i < 0 ? NONE : list.slice(i);
}

// ---- permissions and questions ------------------------------------------------------------------

interface ToolRef {
  sessionID: string;
  messageID: string;
  callID: string;
}

const matchesTool = (tool: unknown, ref: ToolRef) => {
  const t = tool as { messageID?: unknown; callID?: unknown } | undefined;
  return t !== undefined && t.callID === ref.callID && t.messageID === ref.messageID;
};

/** The pending permission request of a tool part (match by its `callID` and `messageID`). */
export function permissionFor(state: State, part: ToolRef): PermissionRequest | undefined {
  return own(state.permissions, part.sessionID)?.find((p) => matchesTool(p.tool, part));
}

/** The pending question of a `question` tool part. */
export function questionFor(state: State, part: ToolRef): QuestionRequest | undefined {
  return own(state.questions, part.sessionID)?.find((q) => matchesTool(q.tool, part));
}

const permissionCache = new WeakMap<readonly PermissionRequest[], { list: readonly MessageWithParts[]; live: readonly PermissionRequest[] }>();

/**
 * Pending permissions of a session, minus stale ones: aborting leaves the request listed by the
 * server with no event, so a request whose tool part has already finished is dropped.
 */
export function pendingPermissions(state: State, sessionID: string): readonly PermissionRequest[] {
  const requests = own(state.permissions, sessionID) ?? NONE;
  if (requests.length === 0) return requests;
  const list = sessionMessages(state, sessionID);
  const hit = permissionCache.get(requests);
  if (hit && hit.list === list) return hit.live;
  const live = requests.filter((r) => {
    if (!r.tool) return true;
    const m = list.find((x) => x.info.id === r.tool!.messageID);
    const part = m?.parts.find((p) => p.type === 'tool' && p.callID === r.tool!.callID);
    if (!part || part.type !== 'tool') return true; // not loaded: trust the server
    return part.state.status === 'pending' || part.state.status === 'running';
  });
  const out = live.length === requests.length ? requests : live;
  permissionCache.set(requests, { list, live: out });
  return out;
}

export const pendingQuestions = (state: State, sessionID: string): readonly QuestionRequest[] => own(state.questions, sessionID) ?? NONE;

// ---- usage --------------------------------------------------------------------------------------

export interface Totals {
  cost: number;
  tokens: { input: number; output: number; reasoning: number; cacheRead: number; cacheWrite: number; total: number };
}

const totalsCache = new WeakMap<readonly MessageWithParts[], Totals>();

/** Token and cost sums over the loaded assistant messages of a session (reverted ones included: they were paid for). */
export function sessionTotals(state: State, sessionID: string): Totals {
  const list = sessionMessages(state, sessionID);
  const hit = totalsCache.get(list);
  if (hit) return hit;
  const t = { cost: 0, tokens: { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, total: 0 } };
  for (const { info } of list) {
    if (info.role !== 'assistant') continue;
    const tk = (info.tokens ?? {}) as Partial<typeof info.tokens>;
    const cache = (tk.cache ?? {}) as Partial<typeof info.tokens.cache>;
    t.cost += num(info.cost);
    t.tokens.input += num(tk.input);
    t.tokens.output += num(tk.output);
    t.tokens.reasoning += num(tk.reasoning);
    t.tokens.cacheRead += num(cache.read);
    t.tokens.cacheWrite += num(cache.write);
  }
  const k = t.tokens;
  k.total = k.input + k.output + k.reasoning + k.cacheRead + k.cacheWrite;
  totalsCache.set(list, t);
  return t;
}

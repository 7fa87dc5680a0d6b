// The pure reducer: `apply(state, action)` returns the next state without mutating the old one,
// shares every untouched branch, and returns `state` itself when nothing changed. Unknown or
// malformed input leaves the state as it is; it never throws.
import {
  isId,
  isMessage,
  isObj,
  isPart,
  isPermission,
  isQuestion,
  isSession,
  isStatus,
  isTodoList,
  toEvent,
  type Message,
  type OcEvent,
  type Part,
  type PermissionRequest,
  type QuestionRequest,
  type Session,
  type SessionStatus,
  type Todo,
} from './events.js';
import { emptyState, type ActiveStatus, type MessageWithParts, type Overlap, type State } from './state.js';

/** What `GET /session/{id}/message` returns per message. */
export interface MessageInput {
  info: Message;
  parts: readonly Part[];
}

/** Actions the connection dispatches besides server events (REST snapshots, optimistic input). */
export type SyncAction =
  /** `GET /session`. With `complete: false` (a partial list) sessions are upserted, none dropped. */
  | { type: 'oc.sync.sessions'; sessions: readonly Session[]; complete?: boolean }
  /** `GET /session/status`: replaces all statuses; absent sessions are idle. */
  | { type: 'oc.sync.status'; status: Readonly<Record<string, SessionStatus>> }
  /**
   * A page of `GET /session/{id}/message` (oldest first). Replaces the messages in the page's id
   * range; keeps newer ones and unechoed optimistic ones; keeps older ones unless `complete` (the
   * page reaches the first message). After it, replay the events held during the fetch, then
   * dispatch `oc.sync.done`.
   */
  | { type: 'oc.sync.messages'; sessionID: string; messages: readonly MessageInput[]; complete: boolean }
  /** Replay after the snapshots is over: stop de-duplicating deltas against them. */
  | { type: 'oc.sync.done' }
  /** `GET /permission` (all pending requests): replaces them. */
  | { type: 'oc.sync.permissions'; list: readonly PermissionRequest[] }
  /** `GET /question`: replaces them. */
  | { type: 'oc.sync.questions'; list: readonly QuestionRequest[] }
  /** `GET /session/{id}/todo`. */
  | { type: 'oc.sync.todos'; sessionID: string; todos: readonly Todo[] }
  /** A client-made message shown before the server echoes it (`message.updated`, same id). */
  | { type: 'oc.local.message'; info: Message; parts: readonly Part[] }
  /** Forget everything (e.g. switching servers). */
  | { type: 'oc.reset' };

export type OcAction = OcEvent | SyncAction;

type Rec<V> = Readonly<Record<string, V>>;
const hasOwn = Object.prototype.hasOwnProperty;
const NONE: readonly never[] = Object.freeze([]);

export function apply(state: State, action: OcAction): State {
  try {
    return reduce(state, action);
  } catch {
    return state; // a safety net: the guards should make this unreachable (the fuzz test checks)
  }
}

/** `apply` without the safety net, so tests can prove the guards alone keep it from throwing. */
export function applyStrict(state: State, action: OcAction): State {
  return reduce(state, action);
}

function reduce(state: State, action: unknown): State {
  if (!isObj(action) || typeof action.type !== 'string') return state;
  if (action.type.startsWith('oc.')) return reduceSync(state, action);
  const event = toEvent(action);
  if (!event) return state;
  switch (event.type) {
    case 'session.created':
    case 'session.updated':
      return putIn(state, 'sessions', event.properties.info.id, event.properties.info);
    case 'session.deleted':
      return removeSession(state, event.properties.info.id);
    case 'session.status': {
      const { sessionID, status } = event.properties;
      if (status.type === 'idle') return dropIn(state, 'status', sessionID);
      // A new turn (busy) makes the previous turn's error history: the message keeps its own.
      const next = putIn(state, 'status', sessionID, status as ActiveStatus);
      return status.type === 'busy' ? dropIn(next, 'errors', sessionID) : next;
    }
    case 'session.idle':
      return dropIn(state, 'status', event.properties.sessionID);
    case 'session.error': {
      const { sessionID, error } = event.properties;
      return sessionID && error ? putIn(state, 'errors', sessionID, error) : state;
    }
    case 'session.diff':
      return putList(state, 'diffs', event.properties.sessionID, event.properties.diff);
    case 'todo.updated':
      return putList(state, 'todos', event.properties.sessionID, event.properties.todos);
    case 'message.updated':
      return upsertMessage(state, event.properties.info);
    case 'message.removed':
      return removeMessage(state, event.properties.sessionID, event.properties.messageID);
    case 'message.part.updated':
      return upsertPart(state, event.properties.part);
    case 'message.part.removed': {
      const { sessionID, messageID, partID } = event.properties;
      return editParts(state, sessionID, messageID, (parts) => removeById(parts, partID), partID);
    }
    case 'message.part.delta':
      return applyDelta(state, event.properties);
    case 'permission.asked':
      return upsertRequest(state, 'permissions', event.properties);
    case 'permission.replied':
      return removeRequest(state, 'permissions', event.properties.sessionID, event.properties.requestID);
    case 'question.asked':
      return upsertRequest(state, 'questions', event.properties);
    case 'question.replied':
    case 'question.rejected':
      return removeRequest(state, 'questions', event.properties.sessionID, event.properties.requestID);
    default:
      return state; // server.*, global.disposed, session.compacted: nothing to store
  }
}

// ---- records and sorted lists -------------------------------------------------------------------

type RecordKey = 'sessions' | 'status' | 'messages' | 'permissions' | 'questions' | 'todos' | 'diffs' | 'errors' | 'overlap';
type ValueOf<K extends RecordKey> = State[K] extends Rec<infer V> ? V : never;

const get = <V>(rec: Rec<V>, key: string): V | undefined => (hasOwn.call(rec, key) ? rec[key] : undefined);
const put = <V>(rec: Rec<V>, key: string, value: V): Rec<V> => ({ ...rec, [key]: value });
function drop<V>(rec: Rec<V>, key: string): Rec<V> {
  if (!hasOwn.call(rec, key)) return rec;
  const next: Record<string, V> = {};
  for (const k in rec) if (k !== key && hasOwn.call(rec, k)) next[k] = rec[k]!;
  return next;
}

/** Sets `state[name][key]`, unless an equal value is already there. */
function putIn<K extends RecordKey>(state: State, name: K, key: string, value: ValueOf<K>): State {
  const rec = state[name] as Rec<ValueOf<K>>;
  const prev = get(rec, key);
  if (prev !== undefined && jsonEqual(prev, value)) return state;
  return { ...state, [name]: put(rec, key, value) };
}

/** Like `putIn` for lists, where empty means absent (one representation, so states compare equal). */
function putList(state: State, name: 'todos' | 'diffs', key: string, list: readonly unknown[]): State {
  return list.length ? putIn(state, name, key, list as never) : dropIn(state, name, key);
}

function dropIn(state: State, name: RecordKey, key: string): State {
  const rec = state[name] as Rec<unknown>;
  return hasOwn.call(rec, key) ? { ...state, [name]: drop(rec, key) } : state;
}

/** Binary search by id; the newest item (the usual target) is checked first. Returns the index, or -(insertion point) - 1. */
function search<T>(list: readonly T[], id: string, idOf: (t: T) => string): number {
  const n = list.length;
  if (n > 0) {
    const last = idOf(list[n - 1]!);
    if (last === id) return n - 1;
    if (last < id) return -n - 1;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = idOf(list[mid]!);
    if (m === id) return mid;
    if (m < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

const byId = (x: { id: string }) => x.id;
const byInfoId = (m: MessageWithParts) => m.info.id;

function replaceAt<T>(list: readonly T[], i: number, item: T): T[] {
  const next = list.slice();
  next[i] = item;
  return next;
}
function insertAt<T>(list: readonly T[], i: number, item: T): T[] {
  const next = list.slice();
  next.splice(i, 0, item);
  return next;
}
function removeAt<T>(list: readonly T[], i: number): T[] {
  const next = list.slice();
  next.splice(i, 1);
  return next;
}
function removeById<T extends { id: string }>(list: readonly T[], id: string): readonly T[] {
  const i = search(list, id, byId);
  return i < 0 ? list : removeAt(list, i);
}

/** Inserts or replaces by id; returns `list` itself when an equal item is there. */
function upsertSorted<T extends { id: string }>(list: readonly T[], item: T): readonly T[] {
  const i = search(list, item.id, byId);
  if (i < 0) return insertAt(list, -i - 1, item);
  return jsonEqual(list[i], item) ? list : replaceAt(list, i, item);
}

/** Deep equality for JSON-shaped data (what the server sends); depth-capped for safety. */
export function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 48) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!hasOwn.call(b, k) || !jsonEqual((a as Rec<unknown>)[k], (b as Rec<unknown>)[k], depth + 1)) return false;
  }
  return true;
}

// ---- sessions -----------------------------------------------------------------------------------

function removeSession(state: State, sessionID: string): State {
  let next = state;
  for (const name of ['sessions', 'status', 'messages', 'permissions', 'questions', 'todos', 'diffs', 'errors'] as const) {
    next = dropIn(next, name, sessionID);
  }
  return withOverlap(next, dropOverlaps(next.overlap, (o) => o.sessionID === sessionID));
}

// ---- messages and parts -------------------------------------------------------------------------

function setMessages(state: State, sessionID: string, list: readonly MessageWithParts[]): State {
  return { ...state, messages: put(state.messages, sessionID, list) };
}

function upsertMessage(state: State, info: Message): State {
  const list = get(state.messages, info.sessionID) ?? NONE;
  const i = search(list, info.id, byInfoId);
  if (i < 0) return setMessages(state, info.sessionID, insertAt(list, -i - 1, { info, parts: NONE }));
  const prev = list[i]!;
  if (!prev.local && jsonEqual(prev.info, info)) return state;
  // The server's copy replaces an optimistic one; parts already shown stay until replaced by id.
  return setMessages(state, info.sessionID, replaceAt(list, i, { info, parts: prev.parts }));
}

function removeMessage(state: State, sessionID: string, messageID: string): State {
  const list = get(state.messages, sessionID);
  if (!list) return state;
  const i = search(list, messageID, byInfoId);
  if (i < 0) return state;
  const gone = new Set(list[i]!.parts.map(byId));
  const next = setMessages(state, sessionID, removeAt(list, i));
  return withOverlap(next, dropOverlaps(next.overlap, (_, id) => gone.has(id)));
}

/** Rewrites the parts of one message; `partID` names a part whose resync bookkeeping ends. */
function editParts(
  state: State,
  sessionID: string,
  messageID: string,
  edit: (parts: readonly Part[]) => readonly Part[],
  partID?: string,
): State {
  const list = get(state.messages, sessionID);
  if (!list) return state; // a part of a message we never saw: the next resync brings it
  const i = search(list, messageID, byInfoId);
  if (i < 0) return state;
  const entry = list[i]!;
  const parts = edit(entry.parts);
  const overlap = partID === undefined ? state.overlap : drop(state.overlap, partID);
  if (parts === entry.parts) return withOverlap(state, overlap);
  const next = setMessages(state, sessionID, replaceAt(list, i, { ...entry, parts }));
  return withOverlap(next, overlap);
}

function upsertPart(state: State, part: Part): State {
  return editParts(state, part.sessionID, part.messageID, (parts) => upsertSorted(parts, part), part.id);
}

interface DeltaProps {
  sessionID: string;
  messageID: string;
  partID: string;
  field: string;
  delta: string;
}

/** A streaming part's end time is set by its final full `message.part.updated`. */
function ended(part: Rec<unknown>): boolean {
  const time = part.time;
  return isObj(time) && time.end !== undefined && time.end !== null;
}

/**
 * Appends a streamed chunk to `part[field]`. Deltas for a finished part are ignored: its final
 * full text already holds them. Right after a snapshot, replayed deltas may already be in the
 * snapshot's text; `Overlap` finds the longest run of them that ends that text and skips it.
 */
function applyDelta(state: State, p: DeltaProps): State {
  const list = get(state.messages, p.sessionID);
  if (!list) return state;
  const mi = search(list, p.messageID, byInfoId);
  if (mi < 0) return state;
  const entry = list[mi]!;
  const pi = search(entry.parts, p.partID, byId);
  if (pi < 0) return state;
  const part = entry.parts[pi] as unknown as Rec<unknown>;
  if (ended(part)) return state;
  const current = hasOwn.call(part, p.field) ? part[p.field] : undefined;
  if (current !== undefined && typeof current !== 'string') return state;

  let overlap = state.overlap;
  let text: string;
  const ov = p.field === 'text' ? get(overlap, p.partID) : undefined;
  if (ov) {
    const acc = ov.acc + p.delta;
    const matched = acc.length <= ov.max && ov.snap.endsWith(acc) ? acc.length : ov.matched;
    text = ov.snap + acc.slice(matched);
    // Once `acc` outgrows the window no later prefix can match: plain appending from here on.
    overlap = acc.length >= ov.max ? drop(overlap, p.partID) : put(overlap, p.partID, { ...ov, acc, matched });
  } else {
    if (p.delta === '') return state;
    text = (current ?? '') + p.delta;
  }
  const nextPart = { ...part, [p.field]: text } as unknown as Part;
  const nextEntry: MessageWithParts = { ...entry, parts: replaceAt(entry.parts, pi, nextPart) };
  return withOverlap(setMessages(state, p.sessionID, replaceAt(list, mi, nextEntry)), overlap);
}

function withOverlap(state: State, overlap: Rec<Overlap>): State {
  return overlap === state.overlap ? state : { ...state, overlap };
}

function dropOverlaps(rec: Rec<Overlap>, gone: (o: Overlap, partID: string) => boolean): Rec<Overlap> {
  let next: Rec<Overlap> = rec;
  for (const id in rec) if (hasOwn.call(rec, id) && gone(rec[id]!, id)) next = drop(next, id);
  return next;
}

// ---- permissions and questions ------------------------------------------------------------------

function upsertRequest(state: State, name: 'permissions' | 'questions', req: PermissionRequest | QuestionRequest): State {
  const rec = state[name] as Rec<readonly { id: string }[]>;
  const list = get(rec, req.sessionID) ?? NONE;
  const next = upsertSorted(list, req);
  return next === list ? state : { ...state, [name]: put(rec, req.sessionID, next) };
}

function removeRequest(state: State, name: 'permissions' | 'questions', sessionID: string, requestID: string): State {
  const rec = state[name] as Rec<readonly { id: string }[]>;
  const list = get(rec, sessionID);
  if (!list) return state;
  const next = removeById(list, requestID);
  if (next === list) return state;
  return { ...state, [name]: next.length ? put(rec, sessionID, next) : drop(rec, sessionID) };
}

// ---- snapshots (resync) and optimistic input ----------------------------------------------------

function reduceSync(state: State, a: Rec<unknown>): State {
  switch (a.type) {
    case 'oc.sync.sessions':
      return syncSessions(state, a.sessions, a.complete !== false);
    case 'oc.sync.status':
      return syncStatus(state, a.status);
    case 'oc.sync.messages':
      return isId(a.sessionID) && Array.isArray(a.messages) ? syncMessages(state, a.sessionID, a.messages, a.complete === true) : state;
    case 'oc.sync.done':
      return withOverlap(state, Object.keys(state.overlap).length ? {} : state.overlap);
    case 'oc.sync.permissions':
      return syncRequests(state, 'permissions', a.list, isPermission);
    case 'oc.sync.questions':
      return syncRequests(state, 'questions', a.list, isQuestion);
    case 'oc.sync.todos':
      return isId(a.sessionID) && isTodoList(a.todos) ? putList(state, 'todos', a.sessionID, a.todos) : state;
    case 'oc.local.message':
      return addLocalMessage(state, a.info, a.parts);
    case 'oc.reset':
      return emptyState();
    default:
      return state;
  }
}

/** Replaces a record, reusing equal values so unchanged entries keep their identity. */
function replaceRecord<V>(state: State, name: RecordKey, incoming: Record<string, V>, merge: boolean): State {
  const prev = state[name] as Rec<V>;
  const next: Record<string, V> = merge ? { ...prev } : {};
  let changed = !merge && Object.keys(prev).length !== Object.keys(incoming).length;
  for (const key in incoming) {
    const old = get(prev, key);
    if (old !== undefined && jsonEqual(old, incoming[key])) next[key] = old;
    else {
      next[key] = incoming[key]!;
      changed = true;
    }
  }
  if (!merge) for (const key in prev) if (!hasOwn.call(incoming, key)) changed = true;
  return changed ? { ...state, [name]: next } : state;
}

function syncSessions(state: State, sessions: unknown, complete: boolean): State {
  if (!Array.isArray(sessions)) return state;
  const incoming: Record<string, Session> = {};
  for (const s of sessions) if (isSession(s)) incoming[s.id] = s;
  return replaceRecord(state, 'sessions', incoming, !complete);
}

function syncStatus(state: State, status: unknown): State {
  if (!isObj(status)) return state;
  const incoming: Record<string, ActiveStatus> = {};
  for (const id in status) {
    const s = status[id];
    if (hasOwn.call(status, id) && isId(id) && isStatus(s) && s.type !== 'idle') incoming[id] = s;
  }
  return replaceRecord(state, 'status', incoming, false);
}

function syncRequests<T extends { id: string; sessionID: string }>(
  state: State,
  name: 'permissions' | 'questions',
  list: unknown,
  valid: (x: unknown) => x is T,
): State {
  if (!Array.isArray(list)) return state;
  const incoming: Record<string, T[]> = {};
  for (const r of list) if (valid(r)) (incoming[r.sessionID] ??= []).push(r);
  for (const sid in incoming) incoming[sid] = dedupSorted(incoming[sid]!, byId);
  return replaceRecord(state, name, incoming, false);
}

/** Sorts by id; on duplicate ids the last one wins. */
function dedupSorted<T>(items: T[], idOf: (t: T) => string): T[] {
  const sorted = items.map((item, i) => [item, i] as const).sort((x, y) => {
    const a = idOf(x[0]);
    const b = idOf(y[0]);
    return a < b ? -1 : a > b ? 1 : x[1] - y[1];
  });
  const out: T[] = [];
  for (const [item] of sorted) {
    if (out.length && idOf(out[out.length - 1]!) === idOf(item)) out[out.length - 1] = item;
    else out.push(item);
  }
  return out;
}

function cleanEntry(m: unknown, sessionID: string): MessageWithParts | undefined {
  if (!isObj(m) || !isMessage(m.info) || m.info.sessionID !== sessionID || !Array.isArray(m.parts)) return undefined;
  const id = m.info.id;
  const parts = m.parts.filter((p): p is Part => isPart(p) && p.messageID === id && p.sessionID === sessionID);
  return { info: m.info, parts: dedupSorted(parts, byId) };
}

const streamingText = (p: Part): p is Part & { text: string } =>
  (p.type === 'text' || p.type === 'reasoning') && !ended(p as unknown as Rec<unknown>);

function syncMessages(state: State, sessionID: string, messages: readonly unknown[], complete: boolean): State {
  const incoming = dedupSorted(
    messages.map((m) => cleanEntry(m, sessionID)).filter((m): m is MessageWithParts => m !== undefined),
    byInfoId,
  );
  const prev = get(state.messages, sessionID) ?? NONE;
  const lo = incoming[0]?.info.id;
  const hi = incoming[incoming.length - 1]?.info.id;
  // Messages the page does not list survive if the page cannot speak for them.
  const keep = (m: MessageWithParts) =>
    m.local === true || (lo === undefined || hi === undefined ? !complete : m.info.id > hi || (m.info.id < lo && !complete));

  let overlap = dropOverlaps(state.overlap, (o) => o.sessionID === sessionID);
  const out: MessageWithParts[] = [];
  let i = 0;
  let j = 0;
  while (i < prev.length || j < incoming.length) {
    const p = prev[i];
    const n = incoming[j];
    if (p && (!n || p.info.id < n.info.id)) {
      if (keep(p)) out.push(p);
      i++;
    } else if (n && (!p || n.info.id < p.info.id)) {
      out.push(mergeEntry(undefined, n, sessionID, (id, o) => (overlap = put(overlap, id, o))));
      j++;
    } else {
      out.push(mergeEntry(p, n!, sessionID, (id, o) => (overlap = put(overlap, id, o))));
      i++;
      j++;
    }
  }
  // A loaded session with no messages still gets its (empty) entry: "loaded" differs from "unknown".
  const same = hasOwn.call(state.messages, sessionID) && out.length === prev.length && out.every((m, k) => m === prev[k]);
  const next = same ? state : setMessages(state, sessionID, out);
  return withOverlap(next, overlap);
}

/** The snapshot's message, reusing the old objects that did not change. */
function mergeEntry(
  prev: MessageWithParts | undefined,
  snap: MessageWithParts,
  sessionID: string,
  track: (partID: string, o: Overlap) => void,
): MessageWithParts {
  const info = prev && jsonEqual(prev.info, snap.info) ? prev.info : snap.info;
  let reused = info === prev?.info && !prev.local && prev.parts.length === snap.parts.length;
  const parts = snap.parts.map((part, k) => {
    const old = prev ? prev.parts[search(prev.parts, part.id, byId)] : undefined;
    if (old && jsonEqual(old, part)) {
      if (prev!.parts[k] !== old) reused = false;
      return old;
    }
    reused = false;
    if (!streamingText(part) || part.text === '') return part;
    const before = old && old.type === part.type ? (old as { text: string }).text : undefined;
    // Live events already got further than the snapshot (it was fetched while connected): keep them.
    if (before !== undefined && before.length > part.text.length && before.startsWith(part.text)) return old!;
    // Deltas replayed after this snapshot can only repeat what came after the text we already had.
    const max = before !== undefined && part.text.startsWith(before) ? part.text.length - before.length : part.text.length;
    if (max > 0) track(part.id, { sessionID, snap: part.text, acc: '', matched: 0, max });
    return part;
  });
  return reused ? prev! : { info, parts };
}

function addLocalMessage(state: State, info: unknown, parts: unknown): State {
  if (!isMessage(info) || !Array.isArray(parts)) return state;
  const entry = cleanEntry({ info, parts }, info.sessionID);
  if (!entry) return state;
  const list = get(state.messages, info.sessionID) ?? NONE;
  const i = search(list, info.id, byInfoId);
  if (i >= 0 && !list[i]!.local) return state; // the server's copy is already here
  const local: MessageWithParts = { ...entry, local: true };
  return setMessages(state, info.sessionID, i >= 0 ? replaceAt(list, i, local) : insertAt(list, -i - 1, local));
}

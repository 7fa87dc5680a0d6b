// The opencode events the state layer reads, and cheap runtime guards for them.
// Entity shapes come from the SDK (type-only import, nothing reaches the bundle); the guards check
// only what the reducer and selectors rely on, so malformed input is rejected instead of stored.
import type {
  Event as SdkEvent,
  FileDiff,
  Message,
  Part,
  PermissionRequest,
  QuestionRequest,
  Session,
  SessionStatus,
  SnapshotFileDiff,
  Todo,
} from '@opencode-ai/sdk/v2/types';

export type {
  AssistantMessage,
  FileDiff,
  Message,
  Part,
  PermissionRequest,
  QuestionRequest,
  ReasoningPart,
  Session,
  SessionStatus,
  SnapshotFileDiff,
  TextPart,
  Todo,
  ToolPart,
  ToolState,
  UserMessage,
} from '@opencode-ai/sdk/v2/types';

/** The error carried by `session.error` and by `AssistantMessage.error`. */
export type SessionError = NonNullable<Extract<SdkEvent, { type: 'session.error' }>['properties']['error']>;

/** An SDK event with an optional `id` (the server sends one, our own tests and replays may not). */
type Ev<T extends SdkEvent['type']> = Omit<Extract<SdkEvent, { type: T }>, 'id'> & { id?: string };

/** Sent every 10 s on both streams; missing from the SDK types and the OpenAPI doc. */
export interface HeartbeatEvent {
  id?: string;
  type: 'server.heartbeat';
  properties: Record<string, unknown>;
}

/** The events the state layer knows. Everything else on the stream (plugin noise, file watcher…) is dropped. */
export type OcEvent =
  | Ev<'server.connected'>
  | HeartbeatEvent
  | Ev<'server.instance.disposed'>
  | Ev<'global.disposed'>
  | Ev<'session.created'>
  | Ev<'session.updated'>
  | Ev<'session.deleted'>
  | Ev<'session.status'>
  | Ev<'session.idle'>
  | Ev<'session.error'>
  | Ev<'session.diff'>
  | Ev<'session.compacted'>
  | Ev<'message.updated'>
  | Ev<'message.removed'>
  | Ev<'message.part.updated'>
  | Ev<'message.part.removed'>
  | Ev<'message.part.delta'>
  | Ev<'permission.asked'>
  | Ev<'permission.replied'>
  | Ev<'question.asked'>
  | Ev<'question.replied'>
  | Ev<'question.rejected'>
  | Ev<'todo.updated'>;

export type OcEventType = OcEvent['type'];

/** One `/global/event` frame. `directory`/`project` are absent on server.connected/heartbeat. */
export interface GlobalEvent {
  directory?: string;
  project?: string;
  payload: OcEvent;
}

// ---- guards -------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const optStr = (x: unknown) => x === undefined || isStr(x);
const optNum = (x: unknown) => x === undefined || x === null || isNum(x);
const isStrArray = (x: unknown) => Array.isArray(x) && x.every(isStr);

/**
 * An id we are willing to use as a record key: a short string that is not an `Object.prototype`
 * member, so `rec[id]` can never reach `__proto__`, `constructor` and friends.
 */
export const isId = (x: unknown): x is string =>
  typeof x === 'string' && x.length > 0 && x.length <= 256 && !(x in Object.prototype);

export function isSession(x: unknown): x is Session {
  if (!isObj(x) || !isId(x.id) || !isStr(x.title) || !isObj(x.time)) return false;
  if (!isNum(x.time.created) || !isNum(x.time.updated) || !optNum(x.time.archived)) return false;
  if (x.parentID !== undefined && !isId(x.parentID)) return false;
  // `revert` is cleared by unrevert; accept null as "none" too.
  return x.revert === undefined || x.revert === null || (isObj(x.revert) && isId(x.revert.messageID));
}

export function isMessage(x: unknown): x is Message {
  if (!isObj(x) || !isId(x.id) || !isId(x.sessionID) || !isObj(x.time) || !isNum(x.time.created)) return false;
  if (x.role === 'user') return true;
  return x.role === 'assistant' && isId(x.parentID) && optNum(x.time.completed);
}

const TOOL_STATUS = new Set(['pending', 'running', 'completed', 'error']);

export function isPart(x: unknown): x is Part {
  if (!isObj(x) || !isId(x.id) || !isId(x.sessionID) || !isId(x.messageID)) return false;
  if (!isStr(x.type) || x.type.length > 64) return false;
  switch (x.type) {
    case 'text':
    case 'reasoning':
      return isStr(x.text) && (x.time === undefined || (isObj(x.time) && optNum(x.time.end)));
    case 'tool': {
      const s = x.state;
      return isStr(x.callID) && isStr(x.tool) && isObj(s) && TOOL_STATUS.has(s.status as string) && (s.input === undefined || isObj(s.input));
    }
    default:
      return true;
  }
}

export function isStatus(x: unknown): x is SessionStatus {
  if (!isObj(x)) return false;
  if (x.type === 'idle' || x.type === 'busy') return true;
  return x.type === 'retry' && isNum(x.attempt) && isStr(x.message) && isNum(x.next);
}

const isToolRef = (x: unknown) => x === undefined || (isObj(x) && isId(x.messageID) && isStr(x.callID));

export function isPermission(x: unknown): x is PermissionRequest {
  return isObj(x) && isId(x.id) && isId(x.sessionID) && isStr(x.permission) && isStrArray(x.patterns) && isToolRef(x.tool);
}

const isQuestionInfo = (x: unknown) =>
  isObj(x) && isStr(x.question) && Array.isArray(x.options) && x.options.every((o) => isObj(o) && isStr(o.label));

export function isQuestion(x: unknown): x is QuestionRequest {
  return isObj(x) && isId(x.id) && isId(x.sessionID) && Array.isArray(x.questions) && x.questions.every(isQuestionInfo) && isToolRef(x.tool);
}

export const isTodo = (x: unknown): x is Todo => isObj(x) && isStr(x.content) && isStr(x.status) && optStr(x.priority);
export const isTodoList = (x: unknown): x is Todo[] => Array.isArray(x) && x.every(isTodo);
export const isDiffList = (x: unknown): x is (SnapshotFileDiff | FileDiff)[] => Array.isArray(x) && x.every(isObj);
export const isSessionError = (x: unknown): x is SessionError => isObj(x) && isStr(x.name);

/** Field names a delta may append to: never an id/discriminator, never a prototype key. */
const FROZEN_FIELDS = new Set(['id', 'sessionID', 'messageID', 'type', 'callID', 'tool']);
export const isDeltaField = (x: unknown): x is string => isId(x) && x.length <= 64 && !FROZEN_FIELDS.has(x);

const sid = (p: Obj) => isId(p.sessionID);
const any = () => true;

// Map, not an object literal: a lookup by `type` must never hit `Object.prototype`.
const VALIDATORS = new Map<string, (p: Obj) => boolean>([
  ['server.connected', any],
  ['server.heartbeat', any],
  ['server.instance.disposed', (p) => isStr(p.directory)],
  ['global.disposed', any],
  ['session.created', (p) => isSession(p.info)],
  ['session.updated', (p) => isSession(p.info)],
  ['session.deleted', (p) => isSession(p.info)],
  ['session.status', (p) => sid(p) && isStatus(p.status)],
  ['session.idle', sid],
  ['session.error', (p) => (p.sessionID === undefined || isId(p.sessionID)) && (p.error === undefined || isSessionError(p.error))],
  ['session.diff', (p) => sid(p) && isDiffList(p.diff)],
  ['session.compacted', sid],
  ['message.updated', (p) => isMessage(p.info)],
  ['message.removed', (p) => sid(p) && isId(p.messageID)],
  ['message.part.updated', (p) => isPart(p.part)],
  ['message.part.removed', (p) => sid(p) && isId(p.messageID) && isId(p.partID)],
  ['message.part.delta', (p) => sid(p) && isId(p.messageID) && isId(p.partID) && isDeltaField(p.field) && isStr(p.delta)],
  ['permission.asked', isPermission],
  ['permission.replied', (p) => sid(p) && isId(p.requestID)],
  ['question.asked', isQuestion],
  ['question.replied', (p) => sid(p) && isId(p.requestID)],
  ['question.rejected', (p) => sid(p) && isId(p.requestID)],
  ['todo.updated', (p) => sid(p) && isTodoList(p.todos)],
]);

/** Whether `type` is one of the events the state layer handles. */
export const isKnownEventType = (type: unknown): type is OcEventType => isStr(type) && VALIDATORS.has(type);

/** Returns `x` typed as an event if it is a known, well-formed one; `undefined` otherwise. Never throws. */
export function toEvent(x: unknown): OcEvent | undefined {
  if (!isObj(x) || !isStr(x.type) || !optStr(x.id) || !isObj(x.properties)) return undefined;
  const check = VALIDATORS.get(x.type);
  return check && check(x.properties) ? (x as unknown as OcEvent) : undefined;
}

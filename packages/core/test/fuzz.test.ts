// 10,000 random and garbled frames through the whole read path (bytes → SSE parser → envelope →
// reducer) and straight into the reducer: nothing may throw, and the state must stay well-formed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyStrict as apply, type OcAction } from '../src/opencode/reducer.js';
import { SseParser, parseGlobalEvent } from '../src/opencode/sse.js';
import { checkState, emptyState, type State } from '../src/opencode/state.js';
import { sessionList, sessionTotals, turns, pendingPermissions } from '../src/opencode/selectors.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const FRAMES = 10_000;

/** mulberry32: small, seedable, good enough to fuzz with. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const r = rng(SEED);
const HUGE = 'x'.repeat(200_000);
// A small id pool, so random events keep hitting the same sessions, messages and parts.
const SIDS = ['ses_1', 'ses_2', 'ses_3', '__proto__', 'constructor'];
const MIDS = ['msg_1', 'msg_2', 'msg_3', 'toString'];
const PIDS = ['prt_1', 'prt_2', 'prt_3', 'hasOwnProperty'];
const id = (pool: string[]) => (r.next() < 0.95 ? pool[r.int(3)]! : r.pick(pool));

function template(): Record<string, unknown> {
  const sessionID = id(SIDS);
  const messageID = id(MIDS);
  const partID = id(PIDS);
  const time = { created: r.int(100), updated: r.int(100) };
  switch (r.int(16)) {
    case 0:
      return { type: 'session.updated', properties: { sessionID, info: { id: sessionID, title: 't', time, revert: r.next() < 0.3 ? { messageID } : undefined, parentID: r.next() < 0.2 ? 'ses_1' : undefined } } };
    case 1:
      return { type: 'session.deleted', properties: { sessionID, info: { id: sessionID, title: 't', time } } };
    case 2:
      return { type: 'session.status', properties: { sessionID, status: r.pick([{ type: 'busy' }, { type: 'idle' }, { type: 'retry', attempt: 1, message: 'm', next: 5 }]) } };
    case 3:
      return { type: r.pick(['session.idle', 'session.compacted']), properties: { sessionID } };
    case 4:
      return { type: 'session.error', properties: { sessionID, error: { name: 'APIError', data: { message: 'x' } } } };
    case 5:
      return { type: 'message.updated', properties: { sessionID, info: r.next() < 0.5 ? { id: messageID, sessionID, role: 'user', time } : { id: messageID, sessionID, role: 'assistant', parentID: 'msg_1', time, cost: 1, tokens: { input: 1, output: 1, reasoning: 0, cache: { read: 0, write: 0 } } } } };
    case 6:
    case 7:
      return { type: 'message.part.updated', properties: { sessionID, time: 1, part: r.next() < 0.6 ? { id: partID, sessionID, messageID, type: r.pick(['text', 'reasoning']), text: 'abc', time: r.next() < 0.3 ? { start: 1, end: 2 } : { start: 1 } } : { id: partID, sessionID, messageID, type: 'tool', callID: 'c1', tool: 'bash', state: { status: r.pick(['pending', 'running', 'completed', 'error']), input: {} } } } };
    case 8:
    case 9:
    case 10:
      return { type: 'message.part.delta', properties: { sessionID, messageID, partID, field: r.pick(['text', 'text', 'output', '__proto__', 'id']), delta: r.pick(['a', ' b', '', '\n']) } };
    case 11:
      return { type: 'message.removed', properties: { sessionID, messageID } };
    case 12:
      return { type: 'permission.asked', properties: { id: r.pick(['per_1', 'per_2']), sessionID, permission: 'bash', patterns: ['x'], metadata: {}, always: [], tool: { messageID, callID: 'c1' } } };
    case 13:
      return { type: r.pick(['permission.replied', 'question.replied', 'question.rejected']), properties: { sessionID, requestID: r.pick(['per_1', 'per_2', 'que_1']) } };
    case 14:
      return { type: 'question.asked', properties: { id: 'que_1', sessionID, questions: [{ question: 'q', header: 'h', options: [{ label: 'a', description: 'd' }] }] } };
    default:
      return { type: r.pick(['todo.updated', 'session.diff']), properties: { sessionID, todos: [{ content: 'c', status: 's', priority: 'p' }], diff: [{ file: 'f' }] } };
  }
}

const junkValues = (): unknown[] => [null, 0, -1, 1e308, true, '', HUGE, '__proto__', 'constructor', [], [1, 'a'], {}, { __proto__: null }, JSON.parse('{"__proto__":{"polluted":true}}')];

/** Replaces one value somewhere in the object (or deletes it), in place. */
function mutate(x: unknown, depth = 0): void {
  if (typeof x !== 'object' || x === null) return;
  const obj = x as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 0) return;
  const k = r.pick(keys);
  if (depth < 4 && r.next() < 0.5 && typeof obj[k] === 'object') return mutate(obj[k], depth + 1);
  if (r.next() < 0.15) delete obj[k];
  else obj[k] = r.pick(junkValues());
  // An own "__proto__" key, as JSON.parse makes it (plain assignment would swap the prototype instead).
  if (r.next() < 0.1) Object.defineProperty(obj, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
}

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = r.next() < 0.7 ? 32 + r.int(95) : r.int(256);
  return b;
}

const syncJunk = (): Record<string, unknown> => {
  const a: Record<string, unknown> = r.pick([
    { type: 'oc.sync.sessions', sessions: [{ id: 'ses_1', title: 't', time: { created: 1, updated: 2 } }] },
    { type: 'oc.sync.status', status: { ses_1: { type: 'busy' }, ses_2: { type: 'idle' } } },
    { type: 'oc.sync.messages', sessionID: 'ses_1', complete: r.next() < 0.5, messages: [{ info: { id: 'msg_2', sessionID: 'ses_1', role: 'user', time: { created: 1 } }, parts: [{ id: 'prt_1', sessionID: 'ses_1', messageID: 'msg_2', type: 'text', text: 'ab' }] }] },
    { type: 'oc.sync.permissions', list: [{ id: 'per_1', sessionID: 'ses_1', permission: 'x', patterns: [] }] },
    { type: 'oc.sync.questions', list: [{}] },
    { type: 'oc.sync.todos', sessionID: 'ses_2', todos: [] },
    { type: 'oc.local.message', info: { id: 'msg_3', sessionID: 'ses_1', role: 'user', time: { created: 1 } }, parts: [] },
    { type: 'oc.sync.done' },
  ]);
  return JSON.parse(JSON.stringify(a));
};

/** One frame's bytes as the server would frame it, plus noise. */
function frame(): { bytes: Uint8Array; direct?: unknown } {
  const kind = r.int(10);
  if (kind === 0) {
    // Random bytes, usually closed by a blank line so they do not swallow the next frame.
    const junk = randomBytes(1 + r.int(300));
    return { bytes: r.next() < 0.8 ? Buffer.concat([junk, Buffer.from('\n\n')]) : junk };
  }
  const event = template();
  if (kind >= 5) {
    mutate(event);
    if (r.next() < 0.2) mutate(event);
  }
  let json = JSON.stringify({ directory: r.next() < 0.05 ? 42 : r.pick(['/w', undefined]), payload: event });
  if (kind === 1) json = json.slice(0, r.int(json.length)); // truncated
  if (kind === 2) json = json.replace(/"[a-zA-Z]+"/, '"__proto__"');
  const eol = r.pick(['\n', '\r\n', '\r']);
  const comment = r.next() < 0.1 ? `: keepalive${eol}` : '';
  const text = `${comment}data: ${json}${eol}${eol}`;
  return { bytes: new TextEncoder().encode(text), direct: r.next() < 0.3 ? JSON.parse(JSON.stringify(event)) : undefined };
}

function readAll(state: State): void {
  sessionList(state, { archived: true });
  for (const sid of Object.keys(state.messages)) {
    turns(state, sid);
    sessionTotals(state, sid);
    pendingPermissions(state, sid);
  }
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`${FRAMES} garbled frames: no throw, state stays well-formed, no prototype pollution`, () => {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let state = emptyState();
    let applied = 0;
    let parsedOk = 0;
    let pending: Uint8Array[] = [];
    const feed = (bytes: Uint8Array) => {
      for (const m of parser.push(decoder.decode(bytes, { stream: true }))) {
        const envelope = parseGlobalEvent(m.data);
        if (!envelope) continue;
        parsedOk++;
        const next = apply(state, envelope.payload as OcAction);
        if (next !== state) applied++;
        state = next;
      }
    };
    for (let i = 0; i < FRAMES; i++) {
      const { bytes, direct } = frame();
      pending.push(bytes);
      // Send in random chunks, cut anywhere (also inside multi-byte characters and CRLFs).
      if (r.next() < 0.3) {
        const all = Buffer.concat(pending);
        pending = [];
        let at = 0;
        while (at < all.length) {
          const len = 1 + r.int(r.next() < 0.5 ? 8 : 4096);
          feed(all.subarray(at, at + len));
          at += len;
        }
      }
      if (direct !== undefined) state = apply(state, direct as OcAction);
      if (r.next() < 0.03) state = apply(state, syncJunk() as OcAction);
      if (r.next() < 0.03) {
        const sync = syncJunk();
        mutate(sync);
        state = apply(state, sync as OcAction);
      }
      if (i % 500 === 0) {
        assert.deepEqual(checkState(state), [], `frame ${i}`);
        readAll(state);
      }
    }
    assert.deepEqual(checkState(state), []);
    readAll(state);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    // The fuzzer must actually reach the reducer, or it proves nothing.
    assert.ok(parsedOk > 1500, `only ${parsedOk} frames parsed`);
    assert.ok(applied > 500, `only ${applied} frames changed the state`);
    if (process.env.FUZZ_VERBOSE) console.log({ parsedOk, applied, sessions: Object.keys(state.sessions).length });
  });
});

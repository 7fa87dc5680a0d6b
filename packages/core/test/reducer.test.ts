import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssistantMessage, Part, PermissionRequest, QuestionRequest, Session, UserMessage } from '../src/opencode/events.js';
import { apply, type OcAction } from '../src/opencode/reducer.js';
import { checkState, emptyState, type State } from '../src/opencode/state.js';

// ---- builders shaped like the events recorded from opencode 1.18.33 ------------------------------

const T = 1_763_900_000_000;
const SID = 'ses_aa01';
const session = (id = SID, extra: Partial<Session> = {}): Session => ({
  id,
  slug: 'calm-lake',
  projectID: 'global',
  directory: '/work/p',
  title: 'New session - 2025-11-23',
  version: '1.18.33',
  time: { created: T, updated: T },
  ...extra,
});
const user = (id: string, sessionID = SID): UserMessage => ({
  id,
  sessionID,
  role: 'user',
  time: { created: T },
  agent: 'build',
  model: { providerID: 'mock', modelID: 'm' },
});
const assistant = (id: string, parentID: string, extra: Partial<AssistantMessage> = {}): AssistantMessage => ({
  id,
  sessionID: SID,
  role: 'assistant',
  time: { created: T },
  parentID,
  modelID: 'm',
  providerID: 'mock',
  mode: 'build',
  agent: 'build',
  path: { cwd: '/work/p', root: '/work/p' },
  cost: 0,
  tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
  ...extra,
});
const text = (id: string, messageID: string, body: string, end?: number): Part => ({
  id,
  sessionID: SID,
  messageID,
  type: 'text',
  text: body,
  time: end === undefined ? { start: T } : { start: T, end },
});
const tool = (id: string, messageID: string, callID: string, state: Record<string, unknown>): Part =>
  ({ id, sessionID: SID, messageID, type: 'tool', callID, tool: 'bash', state }) as Part;
const permission = (id: string, messageID: string, callID: string): PermissionRequest => ({
  id,
  sessionID: SID,
  permission: 'bash',
  patterns: ['echo hi'],
  metadata: { command: 'echo hi' },
  always: ['echo *'],
  tool: { messageID, callID },
});

let seq = 0;
const ev = (type: string, properties: object): OcAction => ({ id: `evt_${String(++seq).padStart(6, '0')}`, type, properties }) as OcAction;
const E = {
  created: (s = session()) => ev('session.created', { sessionID: s.id, info: s }),
  updated: (s: Session) => ev('session.updated', { sessionID: s.id, info: s }),
  deleted: (s = session()) => ev('session.deleted', { sessionID: s.id, info: s }),
  busy: (sid = SID) => ev('session.status', { sessionID: sid, status: { type: 'busy' } }),
  retry: (attempt: number) => ev('session.status', { sessionID: SID, status: { type: 'retry', attempt, message: 'mock internal failure', next: T + attempt * 2000 } }),
  idleStatus: () => ev('session.status', { sessionID: SID, status: { type: 'idle' } }),
  idle: () => ev('session.idle', { sessionID: SID }),
  error: (name = 'APIError') => ev('session.error', { sessionID: SID, error: { name, data: { message: 'Bad Request', statusCode: 400, isRetryable: false } } }),
  msg: (info: UserMessage | AssistantMessage) => ev('message.updated', { sessionID: info.sessionID, info }),
  removed: (messageID: string) => ev('message.removed', { sessionID: SID, messageID }),
  part: (part: Part) => ev('message.part.updated', { sessionID: part.sessionID, part, time: T }),
  delta: (messageID: string, partID: string, delta: string) => ev('message.part.delta', { sessionID: SID, messageID, partID, field: 'text', delta }),
  asked: (p: PermissionRequest) => ev('permission.asked', p),
  replied: (requestID: string, reply = 'once') => ev('permission.replied', { sessionID: SID, requestID, reply }),
  question: (q: QuestionRequest) => ev('question.asked', q),
  answered: (requestID: string) => ev('question.replied', { sessionID: SID, requestID, answers: [['Blue']] }),
  todos: (todos: object[]) => ev('todo.updated', { sessionID: SID, todos }),
  diff: () => ev('session.diff', { sessionID: SID, diff: [] }),
  heartbeat: () => ({ type: 'server.heartbeat', properties: {} }) as OcAction,
};

/** Applies events in order, checking the state is well-formed after each (or only at the end). */
const fold = (events: readonly OcAction[], from: State = emptyState(), checkEach = true) => {
  let s = from;
  for (const e of events) {
    s = apply(s, e);
    if (checkEach) assert.deepEqual(checkState(s), [], `after ${JSON.stringify(e).slice(0, 200)}`);
  }
  if (!checkEach) assert.deepEqual(checkState(s), []);
  return s;
};
const msgs = (s: State, sid = SID) => s.messages[sid] ?? [];
const partOf = (s: State, mid: string, pid: string) => msgs(s).find((m) => m.info.id === mid)?.parts.find((p) => p.id === pid);
const textOf = (s: State, mid: string, pid: string) => (partOf(s, mid, pid) as { text?: string } | undefined)?.text;

// ---- timelines (reference doc §1.4) -------------------------------------------------------------

/** Plain reply: user text, then an assistant text part streamed as deltas and sent whole at the end. */
function plainReply(u = 'msg_0001', a = 'msg_0002', chunks = ['Hel', 'lo', ' from', ' the', ' mock', ' model', '.', ' Bye']): OcAction[] {
  const full = chunks.join('');
  return [
    E.msg(user(u)),
    E.part({ ...text(`prt_${u}`, u, 'say hello'), time: undefined } as Part),
    E.updated(session(SID, { title: 'Greeting', time: { created: T, updated: T + 1 } })),
    E.busy(),
    E.msg(assistant(a, u)),
    E.diff(),
    E.busy(),
    E.part({ id: `prt_${a}_0`, sessionID: SID, messageID: a, type: 'step-start' }),
    E.part(text(`prt_${a}_1`, a, '')),
    ...chunks.map((c) => E.delta(a, `prt_${a}_1`, c)),
    E.part(text(`prt_${a}_1`, a, full, T + 9)),
    E.part({ id: `prt_${a}_2`, sessionID: SID, messageID: a, type: 'step-finish', reason: 'stop', cost: 0.001, tokens: { input: 10, output: 8, reasoning: 0, cache: { read: 0, write: 0 } } }),
    E.msg(assistant(a, u, { finish: 'stop', cost: 0.001, tokens: { input: 10, output: 8, reasoning: 0, cache: { read: 0, write: 0 } }, time: { created: T, completed: T + 10 } })),
    E.busy(),
    E.idleStatus(),
    E.idle(),
    E.updated(session(SID, { title: 'Greeting', time: { created: T, updated: T + 10 } })),
  ];
}

/** Tool call needing permission, then a second assistant message (same parent) with the answer. */
function toolTurn(u = 'msg_0003', a1 = 'msg_0004', a2 = 'msg_0005'): OcAction[] {
  const pid = `prt_${a1}_tool`;
  const running = { status: 'running', input: { command: 'echo hi' }, time: { start: T } };
  return [
    E.msg(user(u)),
    E.busy(),
    E.msg(assistant(a1, u)),
    E.part(text(`prt_${a1}_t`, a1, '')),
    E.delta(a1, `prt_${a1}_t`, 'Running'),
    E.delta(a1, `prt_${a1}_t`, ' it.'),
    E.part(text(`prt_${a1}_t`, a1, 'Running it.', T + 1)),
    E.part(tool(pid, a1, 'call_1', { status: 'pending', input: {}, raw: '' })),
    E.part(tool(pid, a1, 'call_1', running)),
    E.asked(permission('per_0001', a1, 'call_1')),
    E.heartbeat(),
    E.replied('per_0001'),
    E.part(tool(pid, a1, 'call_1', { ...running, metadata: { output: '' } })),
    E.part(tool(pid, a1, 'call_1', { ...running, metadata: { output: 'hi\n' } })),
    E.part(tool(pid, a1, 'call_1', { status: 'completed', input: { command: 'echo hi' }, output: 'hi\n', title: 'echo hi', metadata: { output: 'hi\n', exit: 0 }, time: { start: T, end: T + 2 } })),
    E.msg(assistant(a1, u, { finish: 'tool-calls', time: { created: T, completed: T + 3 } })),
    E.msg(assistant(a2, u)),
    E.part(text(`prt_${a2}_t`, a2, '')),
    E.delta(a2, `prt_${a2}_t`, 'It printed'),
    E.delta(a2, `prt_${a2}_t`, ' hi.'),
    E.part(text(`prt_${a2}_t`, a2, 'It printed hi.', T + 4)),
    E.msg(assistant(a2, u, { finish: 'stop', time: { created: T, completed: T + 5 } })),
    E.idleStatus(),
    E.idle(),
  ];
}

describe('apply: streaming', () => {
  it('plain reply: deltas build the text, the final full part matches, status ends idle', () => {
    const s = fold([E.created(), ...plainReply()]);
    assert.equal(textOf(s, 'msg_0002', 'prt_msg_0002_1'), 'Hello from the mock model. Bye');
    assert.deepEqual(msgs(s).map((m) => m.info.id), ['msg_0001', 'msg_0002']);
    assert.deepEqual(msgs(s)[1]!.parts.map((p) => p.type), ['step-start', 'text', 'step-finish']);
    assert.equal(s.status[SID], undefined);
    assert.equal(s.sessions[SID]!.title, 'Greeting');
  });

  it('mid-stream, the text is the concatenation of the deltas so far', () => {
    const events = [E.created(), ...plainReply()];
    const i = events.findIndex((e) => e.type === 'message.part.delta');
    const s = fold(events.slice(0, i + 3));
    assert.equal(textOf(s, 'msg_0002', 'prt_msg_0002_1'), 'Hello from');
    assert.deepEqual(s.status[SID], { type: 'busy' });
  });

  it('a delta after the final full part (or a repeated one) does not duplicate text', () => {
    const s = fold([E.created(), ...plainReply()]);
    const late = apply(s, E.delta('msg_0002', 'prt_msg_0002_1', ' Bye'));
    assert.equal(late, s);
  });

  it('a reasoning part streams the same way', () => {
    const r = { id: 'prt_r', sessionID: SID, messageID: 'msg_0002', type: 'reasoning', text: '', time: { start: T } } as Part;
    const s = fold([E.created(), E.msg(user('msg_0001')), E.msg(assistant('msg_0002', 'msg_0001')), E.part(r), E.delta('msg_0002', 'prt_r', 'Think'), E.delta('msg_0002', 'prt_r', 'ing')]);
    assert.equal(textOf(s, 'msg_0002', 'prt_r'), 'Thinking');
  });

  it('deltas for unknown messages/parts, or non-string fields, change nothing', () => {
    const s = fold([E.created(), ...plainReply()]);
    assert.equal(apply(s, E.delta('msg_9999', 'prt_x', 'x')), s);
    assert.equal(apply(s, E.delta('msg_0002', 'prt_nope', 'x')), s);
    assert.equal(apply(s, ev('message.part.delta', { sessionID: SID, messageID: 'msg_0002', partID: 'prt_msg_0002_2', field: 'cost', delta: 'x' })), s);
    assert.equal(apply(s, ev('message.part.delta', { sessionID: SID, messageID: 'msg_0002', partID: 'prt_msg_0002_1', field: 'type', delta: 'x' })), s);
  });

  it('parts arrive sorted by id whatever the order; a full update replaces the whole part', () => {
    const s = fold([E.msg(user('msg_1')), E.part(text('prt_3', 'msg_1', 'c')), E.part(text('prt_1', 'msg_1', 'a')), E.part(text('prt_2', 'msg_1', 'b'))]);
    assert.deepEqual(msgs(s)[0]!.parts.map((p) => p.id), ['prt_1', 'prt_2', 'prt_3']);
    const replaced = apply(s, E.part({ ...text('prt_2', 'msg_1', 'B'), synthetic: true } as Part));
    assert.deepEqual(partOf(replaced, 'msg_1', 'prt_2'), { ...text('prt_2', 'msg_1', 'B'), synthetic: true });
  });
});

describe('apply: tools, permissions, questions', () => {
  it('tool pending → running → completed with a permission asked then replied', () => {
    const events = [E.created(), ...toolTurn()];
    const asked = events.findIndex((e) => e.type === 'permission.asked');
    const during = fold(events.slice(0, asked + 1));
    assert.deepEqual(during.permissions[SID]!.map((p) => p.id), ['per_0001']);
    assert.equal((partOf(during, 'msg_0004', 'prt_msg_0004_tool') as { state: { status: string } }).state.status, 'running');

    const s = fold(events);
    assert.equal(s.permissions[SID], undefined);
    const done = partOf(s, 'msg_0004', 'prt_msg_0004_tool') as { state: { status: string; output: string } };
    assert.equal(done.state.status, 'completed');
    assert.equal(done.state.output, 'hi\n');
    assert.deepEqual(msgs(s).map((m) => m.info.id), ['msg_0003', 'msg_0004', 'msg_0005']);
    assert.equal(textOf(s, 'msg_0005', 'prt_msg_0005_t'), 'It printed hi.');
  });

  it('questions are added on ask and removed on reply or reject', () => {
    const q: QuestionRequest = { id: 'que_1', sessionID: SID, questions: [{ question: 'Which color?', header: 'Color', options: [{ label: 'Red', description: 'warm' }] }], tool: { messageID: 'msg_0004', callID: 'call_q' } };
    const s = fold([E.question(q)]);
    assert.equal(s.questions[SID]!.length, 1);
    assert.equal(fold([E.answered('que_1')], s).questions[SID], undefined);
    assert.equal(fold([ev('question.rejected', { sessionID: SID, requestID: 'que_1' })], s).questions[SID], undefined);
    assert.equal(apply(s, E.question(q)), s, 'asking again with the same content is a no-op');
  });

  it('todos and diffs are stored per session; an empty list is stored as absent', () => {
    const d = { file: 'a.txt', patch: '@@', additions: 1, deletions: 0, status: 'added' };
    const s = fold([E.todos([{ content: 'First task', status: 'completed', priority: 'high' }]), ev('session.diff', { sessionID: SID, diff: [d] })]);
    assert.deepEqual(s.todos[SID], [{ content: 'First task', status: 'completed', priority: 'high' }]);
    assert.deepEqual(s.diffs[SID], [d]);
    const cleared = fold([E.todos([]), E.diff()], s);
    assert.equal(cleared.todos[SID], undefined);
    assert.equal(cleared.diffs[SID], undefined);
  });
});

describe('apply: status, errors, idempotence', () => {
  it('retry status keeps attempt/message/next; idle removes it', () => {
    const s = fold([E.busy(), E.retry(1), E.retry(2)]);
    assert.deepEqual(s.status[SID], { type: 'retry', attempt: 2, message: 'mock internal failure', next: T + 4000 });
    assert.equal(fold([E.idleStatus()], s).status[SID], undefined);
  });

  it('duplicate idle and error events return the very same state', () => {
    const s = fold([E.created(), ...plainReply(), E.error()]);
    assert.equal(apply(s, E.idle()), s);
    assert.equal(apply(s, E.idleStatus()), s);
    assert.equal(apply(s, E.error()), s);
    assert.equal(apply(s, E.heartbeat()), s);
    assert.equal(s.errors[SID]!.name, 'APIError');
  });

  it('session.error is kept until the session turns busy again', () => {
    const s = fold([E.busy(), E.error('MessageAbortedError'), E.idleStatus(), E.idle(), E.idleStatus(), E.idle()]);
    assert.equal(s.errors[SID]!.name, 'MessageAbortedError');
    assert.equal(fold([E.busy()], s).errors[SID], undefined);
  });

  it('replaying a whole timeline twice changes nothing the second time around for idempotent events', () => {
    const events = [E.created(), ...toolTurn()];
    const once = fold(events);
    const nonDelta = events.filter((e) => e.type !== 'message.part.delta' && e.type !== 'message.updated' && e.type !== 'message.part.updated');
    for (const e of nonDelta.filter((e) => e.type.startsWith('session.') && e.type !== 'session.status')) assert.equal(apply(once, e).sessions, once.sessions);
  });

  it('unknown and malformed events leave the state untouched', () => {
    const s = fold([E.created(), ...plainReply()]);
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'session.idle',
      [],
      {},
      { type: 'plugin.added', properties: { id: 'x' } },
      { type: 'session.idle' },
      { type: 'session.idle', properties: null },
      { type: 'message.updated', properties: { info: { id: 'msg_x', sessionID: SID, role: 'robot', time: { created: 1 } } } },
      { type: 'message.part.updated', properties: { part: { id: 'prt_x', sessionID: SID, messageID: 'msg_0002', type: 'text', text: 5 } } },
      { type: 'session.updated', properties: { info: { ...session(), id: 'constructor' } } },
      { type: 'session.updated', properties: { info: { ...session(), time: { created: 'yesterday', updated: 1 } } } },
      { type: 'oc.sync.messages', sessionID: '__proto__', messages: [], complete: true },
      { type: 'oc.sync.status', status: 'busy' },
      { type: 'oc.unknown' },
    ];
    for (const j of junk) assert.equal(apply(s, j as OcAction), s, JSON.stringify(j));
  });
});

describe('apply: revert, removal, deletion', () => {
  it('revert lives in session info; message.removed drops a message and its parts', () => {
    const base = fold([E.created(), ...plainReply(), ...toolTurn()]);
    const reverted = apply(base, E.updated(session(SID, { revert: { messageID: 'msg_0003', snapshot: 'abc' }, time: { created: T, updated: T + 20 } })));
    assert.equal(reverted.sessions[SID]!.revert?.messageID, 'msg_0003');
    assert.equal(msgs(reverted).length, 5, 'reverted messages are still stored');
    const s = fold([E.removed('msg_0003'), E.removed('msg_0004'), E.removed('msg_0005')], reverted);
    assert.deepEqual(msgs(s).map((m) => m.info.id), ['msg_0001', 'msg_0002']);
    assert.equal(apply(s, E.removed('msg_0004')), s);
  });

  it('session.deleted drops everything of that session and nothing else', () => {
    const other = session('ses_bb02', { title: 'Other' });
    const s = fold([
      E.created(),
      E.created(other),
      ...toolTurn().slice(0, 10), // stops with the permission pending, session busy
      E.todos([{ content: 'x', status: 'pending', priority: 'low' }]),
      E.error(),
      E.busy('ses_bb02'),
    ]);
    assert.ok(s.permissions[SID] && s.messages[SID] && s.status[SID]);
    const d = apply(s, E.deleted());
    for (const name of ['sessions', 'status', 'messages', 'permissions', 'questions', 'todos', 'diffs', 'errors'] as const) {
      assert.equal((d[name] as Record<string, unknown>)[SID], undefined, name);
    }
    assert.ok(d.sessions['ses_bb02'] && d.status['ses_bb02']);
  });
});

describe('apply: structural sharing', () => {
  it('a delta copies only the path to the changed part', () => {
    const other = session('ses_bb02');
    const events = [E.created(), E.created(other), ...plainReply()];
    const i = events.findIndex((e) => e.type === 'message.part.delta');
    const before = fold([...events.slice(0, i), ev('message.updated', { sessionID: 'ses_bb02', info: user('msg_9', 'ses_bb02') })]);
    const after = apply(before, events[i]!);
    assert.notEqual(after, before);
    assert.equal(after.sessions, before.sessions);
    assert.equal(after.status, before.status);
    assert.equal(after.messages['ses_bb02'], before.messages['ses_bb02']);
    assert.equal(msgs(after)[0], msgs(before)[0], 'the user message is shared');
    assert.equal(msgs(after)[1]!.parts[0], msgs(before)[1]!.parts[0], 'the step-start part is shared');
    assert.notEqual(msgs(after)[1]!.parts[1], msgs(before)[1]!.parts[1]);
  });

  it('never mutates its input', () => {
    const events = [E.created(), ...plainReply(), ...toolTurn()];
    let s = emptyState();
    for (const e of events) {
      const frozen = JSON.stringify(s);
      apply(s, e);
      assert.equal(JSON.stringify(s), frozen);
      s = apply(s, e);
    }
  });
});

// ---- resync ---------------------------------------------------------------------------------------

/** What the REST endpoints would return for state `s`. */
function snapshot(s: State, complete = true): OcAction[] {
  return [
    { type: 'oc.sync.sessions', sessions: Object.values(s.sessions) },
    { type: 'oc.sync.status', status: s.status },
    { type: 'oc.sync.permissions', list: Object.values(s.permissions).flat() },
    { type: 'oc.sync.questions', list: Object.values(s.questions).flat() },
    { type: 'oc.sync.messages', sessionID: SID, messages: msgs(s).map((m) => ({ info: m.info, parts: m.parts })), complete },
    { type: 'oc.sync.todos', sessionID: SID, todos: s.todos[SID] ?? [] },
  ];
}
const comparable = (s: State) => ({
  sessions: s.sessions,
  status: s.status,
  // A snapshot marks a session loaded with an empty list; live events leave it absent. Same meaning.
  messages: Object.fromEntries(Object.entries(s.messages).filter(([, list]) => list.length)),
  permissions: s.permissions,
  questions: s.questions,
  todos: s.todos,
});

describe('resync', () => {
  const timeline = [
    E.created(),
    ...plainReply(),
    ...toolTurn(),
    E.todos([{ content: 'First task', status: 'in_progress', priority: 'high' }]),
    ...plainReply('msg_0006', 'msg_0007', ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.']),
    E.updated(session(SID, { revert: { messageID: 'msg_0006' }, time: { created: T, updated: T + 30 } })),
    E.msg(user('msg_0008')),
    E.removed('msg_0006'),
    E.removed('msg_0007'),
    E.updated(session(SID, { time: { created: T, updated: T + 31 } })),
    ...plainReply('msg_0008', 'msg_0009', ['Once', ' more', ' with', ' feeling']).slice(1),
  ];
  const live = fold(timeline);

  it('stale state + snapshot + replay of the events held during the fetch == live state', () => {
    // Disconnected at a (events a..b lost), reconnected at b and held events from there; the REST
    // snapshot reflects the server at s (b <= s <= c); the held events b..c are replayed after it.
    const n = timeline.length;
    const prefix = [emptyState()]; // prefix[k]: the state after the first k events
    for (const e of timeline) prefix.push(apply(prefix[prefix.length - 1]!, e));
    let runs = 0;
    for (let b = 0; b <= n; b += 1) {
      for (const lost of [0, 1, 5]) {
        const a = Math.max(0, b - lost);
        for (let s = b; s <= n; s += 1) {
          for (const extra of [0, 2, 7]) {
            const c = Math.min(n, s + extra);
            const replayed = fold([...snapshot(prefix[s]!), ...timeline.slice(b, c), { type: 'oc.sync.done' }], prefix[a], false);
            // Right after the replay (mid-stream parts have no final full update yet to hide a duplicate)...
            assert.deepEqual(comparable(replayed), comparable(prefix[c]!), `a=${a} b=${b} s=${s} c=${c}`);
            assert.deepEqual(replayed.overlap, {});
            // ...and once the rest arrives live.
            if (c < n && (b + s) % 7 === 0) assert.deepEqual(comparable(fold(timeline.slice(c), replayed, false)), comparable(live));
            runs++;
          }
        }
      }
    }
    assert.ok(runs > 1000);
  });

  it('a live delta that happens to repeat the end of the snapshot text is not swallowed', () => {
    const events = [E.created(), ...plainReply()];
    const i = events.findIndex((e) => e.type === 'message.part.delta');
    const s = fold([...events.slice(0, i), E.delta('msg_0002', 'prt_msg_0002_1', 'Hi.\n')]);
    // Reconnect: nothing was missed, so the snapshot equals what we have; the next live delta repeats "\n".
    const synced = fold([...snapshot(s), E.delta('msg_0002', 'prt_msg_0002_1', '\n')], s);
    assert.equal(textOf(synced, 'msg_0002', 'prt_msg_0002_1'), 'Hi.\n\n');
  });

  it('a snapshot equal to the state changes nothing', () => {
    const again = fold(snapshot(live), live);
    assert.equal(again.messages, live.messages);
    assert.equal(again.sessions, live.sessions);
  });

  it('live events that got ahead of a snapshot fetched while connected are kept', () => {
    const events = [E.created(), ...plainReply()];
    const i = events.findIndex((e) => e.type === 'message.part.delta');
    const server = fold(events.slice(0, i + 2)); // "Hello"
    const ahead = fold(events.slice(0, i + 5)); // "Hello from the mock"
    const s = fold([...snapshot(server), { type: 'oc.sync.done' }], ahead);
    assert.equal(textOf(s, 'msg_0002', 'prt_msg_0002_1'), 'Hello from the mock');
  });

  it('a newest page (complete: false) keeps older loaded messages; a complete one does not', () => {
    const s = fold([E.created(), ...plainReply(), ...toolTurn()]);
    const page = msgs(s).slice(2).map((m) => ({ info: m.info, parts: m.parts }));
    const partial = apply(s, { type: 'oc.sync.messages', sessionID: SID, messages: page, complete: false });
    assert.equal(partial, s, 'same content: nothing changed');
    const full = apply(s, { type: 'oc.sync.messages', sessionID: SID, messages: page, complete: true });
    assert.deepEqual(msgs(full).map((m) => m.info.id), ['msg_0003', 'msg_0004', 'msg_0005']);
    // An older page merges in without touching newer messages.
    const older = apply(full, { type: 'oc.sync.messages', sessionID: SID, messages: msgs(s).slice(0, 2), complete: true });
    assert.deepEqual(msgs(older).map((m) => m.info.id), ['msg_0001', 'msg_0002', 'msg_0003', 'msg_0004', 'msg_0005']);
    // A message deleted server-side inside the page's range goes away.
    const gone = apply(s, { type: 'oc.sync.messages', sessionID: SID, messages: [msgs(s)[2]!, msgs(s)[4]!], complete: false });
    assert.deepEqual(msgs(gone).map((m) => m.info.id), ['msg_0001', 'msg_0002', 'msg_0003', 'msg_0005']);
  });

  it('status snapshot: sessions absent are idle', () => {
    const s = fold([E.busy(), E.busy('ses_bb02')]);
    const synced = apply(s, { type: 'oc.sync.status', status: { ses_bb02: { type: 'retry', attempt: 1, message: 'x', next: T } } });
    assert.deepEqual(synced.status, { ses_bb02: { type: 'retry', attempt: 1, message: 'x', next: T } });
  });

  it('permission and question snapshots replace the pending lists', () => {
    const s = fold([E.asked(permission('per_0001', 'msg_1', 'c1'))]);
    const synced = apply(s, { type: 'oc.sync.permissions', list: [permission('per_0002', 'msg_1', 'c2'), { bogus: true } as never] });
    assert.deepEqual(synced.permissions[SID]!.map((p) => p.id), ['per_0002']);
    assert.deepEqual(apply(synced, { type: 'oc.sync.permissions', list: [] }).permissions, {});
  });
});

describe('optimistic messages', () => {
  const info = user('msg_0100');
  const parts = [{ ...text('prt_0100', 'msg_0100', 'hi there'), time: undefined } as Part];

  it('shows a local message, then the server echo (same ids) replaces it without duplicates', () => {
    const s = fold([E.created(), { type: 'oc.local.message', info, parts }]);
    assert.equal(msgs(s)[0]!.local, true);
    const echoed = fold([E.msg({ ...info, time: { created: T + 5 } }), E.part(parts[0]!)], s);
    assert.equal(msgs(echoed).length, 1);
    assert.equal(msgs(echoed)[0]!.local, undefined);
    assert.equal(msgs(echoed)[0]!.parts.length, 1);
    assert.equal(echoed.messages[SID]![0]!.info.time.created, T + 5);
    assert.equal(apply(echoed, { type: 'oc.local.message', info, parts }), echoed, 'a late local copy does not override the server');
  });

  it('a snapshot that does not know the message yet keeps it; one that does replaces it', () => {
    const s = fold([E.created(), ...plainReply(), { type: 'oc.local.message', info, parts }]);
    const page = msgs(s).slice(0, 2).map((m) => ({ info: m.info, parts: m.parts }));
    const synced = apply(s, { type: 'oc.sync.messages', sessionID: SID, messages: page, complete: true });
    assert.equal(msgs(synced).at(-1)!.local, true);
    const withIt = apply(synced, { type: 'oc.sync.messages', sessionID: SID, messages: [...page, { info, parts }], complete: true });
    assert.equal(msgs(withIt).at(-1)!.local, undefined);
  });

  it('rejects parts that belong to another message', () => {
    const s = apply(emptyState(), { type: 'oc.local.message', info, parts: [text('prt_x', 'msg_other', 'x')] });
    assert.deepEqual(msgs(s)[0]!.parts, []);
  });
});

it('an empty snapshot marks a session as loaded (empty list), distinct from unknown', () => {
  const sessionID = 'ses_0123456789abEmptySession01';
  const state = apply(emptyState(), { type: 'oc.sync.messages', sessionID, messages: [], complete: true });
  assert.deepEqual(state.messages[sessionID], []);
  assert.equal(apply(state, { type: 'oc.sync.messages', sessionID, messages: [], complete: true }), state, 'idempotent');
});

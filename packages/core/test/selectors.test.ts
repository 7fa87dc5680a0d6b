import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Part, Session } from '../src/opencode/events.js';
import { apply, type OcAction } from '../src/opencode/reducer.js';
import {
  pendingPermissions,
  permissionFor,
  questionFor,
  revertedMessages,
  sessionList,
  sessionStatus,
  sessionTotals,
  turns,
} from '../src/opencode/selectors.js';
import { emptyState, type State } from '../src/opencode/state.js';

const SID = 'ses_1';
const session = (id: string, updated: number, extra: Partial<Session> = {}): Session => ({
  id,
  slug: id,
  projectID: 'p',
  directory: '/w',
  title: id,
  version: '1',
  time: { created: 0, updated },
  ...extra,
});
const user = (id: string) => ({ id, sessionID: SID, role: 'user', time: { created: 1 }, agent: 'build', model: { providerID: 'p', modelID: 'm' } });
const assistant = (id: string, parentID: string, cost = 0, output = 0) => ({
  id,
  sessionID: SID,
  role: 'assistant',
  parentID,
  time: { created: 1 },
  modelID: 'm',
  providerID: 'p',
  mode: 'build',
  agent: 'build',
  path: { cwd: '/w', root: '/w' },
  cost,
  tokens: { input: 10, output, reasoning: 1, cache: { read: 2, write: 3 } },
});
const ev = (type: string, properties: object) => ({ type, properties }) as OcAction;
const msg = (info: object) => ev('message.updated', { sessionID: SID, info });
const part = (p: object) => ev('message.part.updated', { sessionID: SID, part: p, time: 1 });
const toolPart = (id: string, messageID: string, callID: string, status: string): Part =>
  ({ id, sessionID: SID, messageID, type: 'tool', callID, tool: 'bash', state: { status, input: {}, time: { start: 1, end: 2 } } }) as Part;
const fold = (events: OcAction[], s: State = emptyState()) => events.reduce(apply, s);

describe('sessionList', () => {
  it('sorts by time.updated desc and splits roots from children; memoized', () => {
    const s = fold([
      ev('session.created', { info: session('ses_a', 10) }),
      ev('session.created', { info: session('ses_b', 30) }),
      ev('session.created', { info: session('ses_c', 20, { parentID: 'ses_a' }) }),
      ev('session.created', { info: session('ses_d', 25, { parentID: 'ses_a' }) }),
      ev('session.created', { info: session('ses_e', 99, { time: { created: 0, updated: 99, archived: 5 } }) }),
    ]);
    const list = sessionList(s);
    assert.deepEqual(list.roots.map((x) => x.id), ['ses_b', 'ses_a']);
    assert.deepEqual(list.children['ses_a']!.map((x) => x.id), ['ses_d', 'ses_c']);
    assert.deepEqual(sessionList(s, { archived: true }).roots.map((x) => x.id), ['ses_e', 'ses_b', 'ses_a']);
    assert.equal(sessionList(s), list);
    assert.equal(sessionList(apply(s, ev('session.idle', { sessionID: 'ses_a' }))), list, 'other slices do not matter');
  });
});

describe('turns', () => {
  const base = fold([
    ev('session.created', { info: session(SID, 1) }),
    msg(user('msg_01')),
    msg(assistant('msg_02', 'msg_01', 0.5, 7)),
    msg(user('msg_03')),
    msg(assistant('msg_04', 'msg_03', 0.25, 3)),
    part(toolPart('prt_1', 'msg_04', 'call_1', 'running')),
    msg(assistant('msg_05', 'msg_03', 0.25, 5)),
  ]);

  it('groups the assistant messages of a user turn by parentID', () => {
    const t = turns(base, SID);
    assert.deepEqual(
      t.map((x) => [x.user?.info.id, x.assistants.map((a) => a.info.id)]),
      [
        ['msg_01', ['msg_02']],
        ['msg_03', ['msg_04', 'msg_05']],
      ],
    );
    assert.equal(turns(base, SID), t, 'memoized');
  });

  it('keeps unchanged turns identical when another turn changes', () => {
    const t = turns(base, SID);
    const next = apply(base, part({ id: 'prt_9', sessionID: SID, messageID: 'msg_05', type: 'text', text: 'hi' }));
    const t2 = turns(next, SID);
    assert.notEqual(t2, t);
    assert.equal(t2[0], t[0]);
    assert.notEqual(t2[1], t[1]);
  });

  it('hides messages from session.revert.messageID on, and lists them separately', () => {
    const reverted = apply(base, ev('session.updated', { info: session(SID, 2, { revert: { messageID: 'msg_03' } }) }));
    assert.deepEqual(turns(reverted, SID).map((x) => x.id), ['msg_01']);
    assert.deepEqual(revertedMessages(reverted, SID).map((m) => m.info.id), ['msg_03', 'msg_04', 'msg_05']);
    assert.deepEqual(revertedMessages(base, SID), []);
  });

  it('assistants whose user message is not loaded form a turn without a user', () => {
    const s = fold([msg(assistant('msg_02', 'msg_01')), msg(user('msg_03')), msg(assistant('msg_04', 'msg_03'))]);
    assert.deepEqual(turns(s, SID).map((x) => [x.id, x.user?.info.id]), [
      ['msg_01', undefined],
      ['msg_03', 'msg_03'],
    ]);
    assert.deepEqual(turns(s, 'ses_unknown'), []);
  });
});

describe('status, permissions, totals', () => {
  it('sessionStatus defaults to idle', () => {
    assert.deepEqual(sessionStatus(emptyState(), SID), { type: 'idle' });
    const s = apply(emptyState(), ev('session.status', { sessionID: SID, status: { type: 'retry', attempt: 2, message: 'x', next: 9 } }));
    assert.deepEqual(sessionStatus(s, SID), { type: 'retry', attempt: 2, message: 'x', next: 9 });
  });

  it('finds the permission and question of a tool part; drops stale permissions of finished parts', () => {
    const s = fold([
      msg(user('msg_01')),
      msg(assistant('msg_02', 'msg_01')),
      part(toolPart('prt_1', 'msg_02', 'call_1', 'running')),
      part(toolPart('prt_2', 'msg_02', 'call_2', 'error')),
      ev('permission.asked', { id: 'per_1', sessionID: SID, permission: 'bash', patterns: [], metadata: {}, always: [], tool: { messageID: 'msg_02', callID: 'call_1' } }),
      ev('permission.asked', { id: 'per_2', sessionID: SID, permission: 'bash', patterns: [], metadata: {}, always: [], tool: { messageID: 'msg_02', callID: 'call_2' } }),
      ev('question.asked', { id: 'que_1', sessionID: SID, questions: [], tool: { messageID: 'msg_02', callID: 'call_1' } }),
    ]);
    assert.equal(permissionFor(s, { sessionID: SID, messageID: 'msg_02', callID: 'call_1' })?.id, 'per_1');
    assert.equal(permissionFor(s, { sessionID: SID, messageID: 'msg_02', callID: 'call_9' }), undefined);
    assert.equal(questionFor(s, { sessionID: SID, messageID: 'msg_02', callID: 'call_1' })?.id, 'que_1');
    const pending = pendingPermissions(s, SID);
    assert.deepEqual(pending.map((p) => p.id), ['per_1'], 'per_2 is stale: its tool part already failed (abort)');
    assert.equal(pendingPermissions(s, SID), pending);
    assert.deepEqual(pendingPermissions(s, 'ses_none'), []);
  });

  it('sums tokens and cost over assistant messages; tolerates missing numbers', () => {
    const base = fold([msg(user('msg_01')), msg(assistant('msg_02', 'msg_01', 0.5, 7)), msg(assistant('msg_03', 'msg_01', 0.25, 3))]);
    const t = sessionTotals(base, SID);
    assert.deepEqual(t, { cost: 0.75, tokens: { input: 20, output: 10, reasoning: 2, cacheRead: 4, cacheWrite: 6, total: 42 } });
    assert.equal(sessionTotals(base, SID), t);
    const odd = apply(base, msg({ ...assistant('msg_04', 'msg_01'), cost: 'lots', tokens: null }));
    assert.equal(sessionTotals(odd, SID).cost, 0.75);
  });
});

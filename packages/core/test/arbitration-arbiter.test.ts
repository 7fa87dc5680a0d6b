// createArbiter with a real store and a fake neko: actions reach the clients, the timeline is attributed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createArbiter, REJECT_MESSAGE } from '../src/arbitration/index.js';
import { FakeNeko, SID, asked, busyTurn, fakeConnection, handoffAsked, idle, replied, tick, toolPart } from './arbitration-fixtures.js';

const CLICK = 'playwright_browser_click';
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('createArbiter', () => {
  it('approves the agent while nobody hosts, holds it while the human drives, releases on hand-back', async () => {
    const conn = fakeConnection();
    const neko = new FakeNeko();
    const arb = createArbiter({ connection: conn, neko, settleMs: 10 });
    conn.dispatch(busyTurn(), toolPart('c1', CLICK, 'running', { element: 'Sign in' }), asked('per_1', 'c1', CLICK));
    await tick();
    await tick();
    assert.deepEqual(conn.replies, [{ id: 'per_1', reply: 'once', message: undefined }]);
    assert.equal(arb.getState().mode, 'agent');

    conn.dispatch(toolPart('c1', CLICK, 'completed'));
    await tick();
    arb.takeControl();
    assert.deepEqual(neko.calls, ['request']);
    assert.equal(arb.getState().mode, 'paused');
    assert.equal(arb.getState().inputAllowed, false, 'not settled yet');
    await settle();
    assert.equal(arb.getState().inputAllowed, true);

    conn.dispatch(toolPart('c2', CLICK, 'running', { element: 'Next' }), asked('per_2', 'c2', CLICK));
    await tick();
    assert.equal(conn.replies.length, 1, 'held while the human drives');
    assert.equal(arb.getState().waiting[0]?.action, "Clicking 'Next'");

    arb.handBack();
    await tick();
    assert.deepEqual(neko.calls, ['request', 'release']);
    assert.equal(conn.replies.at(-1)?.id, 'per_2');
    assert.deepEqual(
      arb.timeline.events.map((e) => [e.from, e.to, e.by]),
      [
        ['idle', 'agent', 'agent'],
        ['agent', 'paused', 'human'],
        ['paused', 'agent', 'human'],
      ],
    );
    arb.dispose();
  });

  it('a human take waits for the acting call (human-first safe point)', async () => {
    const conn = fakeConnection();
    const neko = new FakeNeko();
    const arb = createArbiter({ connection: conn, neko });
    conn.dispatch(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK), replied('per_1'));
    await tick();
    arb.takeControl();
    assert.deepEqual(neko.calls, [], 'agent is mid-action');
    assert.equal(arb.getState().takePending, true);
    conn.dispatch(toolPart('c1', CLICK, 'completed'));
    await tick();
    assert.deepEqual(neko.calls, ['request']);
    assert.equal(arb.getState().driver, 'human');
    arb.dispose();
  });

  it('hand-off: completeHandoff answers Done / Couldn’t + note and hands back', async () => {
    const conn = fakeConnection();
    const neko = new FakeNeko();
    const arb = createArbiter({ connection: conn, neko });
    conn.dispatch(busyTurn(), handoffAsked('que_1', 'Log in, please'));
    await tick();
    assert.deepEqual([arb.getState().mode, arb.getState().handoff?.reason], ['handoff', 'Log in, please']);
    arb.takeControl();
    assert.equal(arb.getState().you, true);
    await arb.completeHandoff('failed', 'no account');
    await tick();
    assert.deepEqual(conn.answers, [{ id: 'que_1', answers: [["Couldn't", 'no account']] }]);
    assert.equal(neko.state.control.hostId, null);
    assert.equal(arb.getState().mode, 'idle', 'this turn used no browser tool yet');
    const last = arb.timeline.events.at(-1)!;
    assert.deepEqual([last.from, last.by], ['handoff', 'human']);
    await assert.rejects(arb.completeHandoff('done'), /No hand-off/);
    arb.dispose();
  });

  it('two arbiters on one server agree, and each replies to a request at most once', async () => {
    const conn = fakeConnection();
    // Each arbiter answers through its own client, so its replies can be counted.
    const through = (name: string, sent: string[]) => ({
      ...conn,
      client: { ...conn.client, replyPermission: (id: string, reply: string, message?: string) => (sent.push(`${name}:${id}`), conn.client.replyPermission(id, reply, message)) },
    });
    const sentA: string[] = [];
    const sentB: string[] = [];
    const a = createArbiter({ connection: through('a', sentA), neko: new FakeNeko('alice-1') });
    const b = createArbiter({ connection: through('b', sentB), neko: new FakeNeko('bob-2') });
    // Slow replies: both arbiters see the request as pending through several updates.
    conn.dispatch(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK), toolPart('c1', CLICK, 'running', { element: 'x' }));
    await tick();
    await tick();
    assert.ok(sentA.length + sentB.length >= 1, 'somebody approved');
    assert.ok(sentA.length <= 1 && sentB.length <= 1, `one reply each at most: ${[...sentA, ...sentB]}`);
    assert.ok(conn.replies.every((r) => r.id === 'per_1' && r.reply === 'once'));
    assert.deepEqual({ ...a.getState(), you: false }, { ...b.getState(), you: false });
    a.dispose();
    b.dispose();
  });

  it('approve() refuses an acting call while a human drives; a look at the page may go', async () => {
    const conn = fakeConnection();
    const neko = new FakeNeko();
    const arb = createArbiter({ connection: conn, neko, policy: 'ask' });
    neko.setHost('bob-2');
    conn.dispatch(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_c', 'c1', CLICK));
    await tick();
    assert.equal(arb.getState().driver, 'human');
    await assert.rejects(arb.approve('per_c'), /human is driving/);
    assert.equal(conn.replies.length, 0);
    conn.dispatch(toolPart('s1', 'playwright_browser_snapshot', 'running'), asked('per_s', 's1', 'playwright_browser_snapshot'));
    await tick();
    await arb.approve('per_s');
    assert.deepEqual(conn.replies.map((r) => r.id), ['per_s']);
    arb.dispose();
  });

  it('a view that throws (state or timeline) does not stop the arbiter or the other views', async () => {
    const conn = fakeConnection();
    const arb = createArbiter({ connection: conn, neko: new FakeNeko() });
    const seen: string[] = [];
    const reported: unknown[] = [];
    const g = globalThis as { reportError?: (e: unknown) => void };
    const before = g.reportError;
    g.reportError = (e) => reported.push(e);
    try {
      arb.subscribe(() => {
        throw new Error('broken view');
      });
      arb.subscribe((s) => seen.push(s.mode));
      // The timeline is told mid-update, before the arbiter answers: a throw there must not stop it either.
      arb.timeline.subscribe(() => {
        throw new Error('broken view');
      });
      conn.dispatch(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK));
      await tick();
      await tick();
    } finally {
      g.reportError = before;
    }
    assert.deepEqual(conn.replies.map((r) => r.id), ['per_1']);
    assert.ok(seen.includes('agent'));
    assert.ok(reported.length >= 2 && reported.every((e) => (e as Error).message === 'broken view'));
    assert.equal(arb.timeline.events.length, 1, 'the event was still recorded');
    arb.dispose();
  });

  it('keeps busy sessions loaded and lets go of them once they are idle', async () => {
    const conn = fakeConnection();
    const arb = createArbiter({ connection: conn, neko: new FakeNeko() });
    conn.dispatch(busyTurn());
    await tick();
    assert.deepEqual([...conn.watching.keys()], ['ses_a']);
    conn.dispatch(idle());
    await tick();
    assert.deepEqual([...conn.watching.keys()], []);
    arb.dispose();
  });

  it('privacy mode and ask policy: read-only calls wait, approve()/deny() answer', async () => {
    const conn = fakeConnection();
    const neko = new FakeNeko();
    const arb = createArbiter({ connection: conn, neko, policy: 'ask' });
    conn.dispatch(busyTurn(), toolPart('s1', 'playwright_browser_snapshot', 'running'), asked('per_s', 's1', 'playwright_browser_snapshot'));
    await tick();
    assert.equal(conn.replies.length, 0);
    await arb.approve();
    assert.deepEqual(conn.replies.at(-1), { id: 'per_s', reply: 'once', message: undefined });
    conn.dispatch(toolPart('s1', 'playwright_browser_snapshot', 'completed'), toolPart('c1', CLICK, 'running'), asked('per_c', 'c1', CLICK));
    await tick();
    await arb.deny(undefined, 'not now');
    assert.deepEqual(conn.replies.at(-1), { id: 'per_c', reply: 'reject', message: 'not now' });

    arb.setPolicy('human-first');
    arb.setPrivacy(true);
    neko.setHost('bob-2');
    conn.dispatch(toolPart('s2', 'playwright_browser_snapshot', 'running'), asked('per_s2', 's2', 'playwright_browser_snapshot'));
    await tick();
    assert.equal(conn.replies.at(-1)?.id, 'per_c', 'privacy: even a snapshot waits');
    arb.setPrivacy(false);
    assert.equal(conn.replies.at(-1)?.id, 'per_s2');
    conn.dispatch(idle());
    arb.dispose();
  });
  it('options: only the given sessions, another MCP server name, reject while a human drives, a clock', async () => {
    // opencode names MCP tools `<server>_<tool>`: a server configured as `pw` gives `pw_browser_click`.
    const PW_CLICK = 'pw_browser_click';
    const conn = fakeConnection();
    const neko = new FakeNeko();
    const arb = createArbiter({ connection: conn, neko, sessionIDs: [SID], prefix: 'pw_', now: () => 42_000, settleMs: 10 });
    // Another session's browser request, and a tool of another server (not this prefix): not ours.
    conn.dispatch(
      [{ type: 'session.status', properties: { sessionID: 'ses_other', status: { type: 'busy' } } }] as never,
      asked('per_other', 'x1', PW_CLICK, 'ses_other'),
      busyTurn(),
      toolPart('p1', CLICK, 'running'),
      asked('per_p', 'p1', CLICK),
    );
    await tick();
    await tick();
    assert.deepEqual(conn.replies, []);
    assert.equal(arb.getState().mode, 'idle', 'no browser task in the arbitrated session');

    conn.dispatch(toolPart('a1', PW_CLICK, 'running', { element: 'Go' }), asked('per_a', 'a1', PW_CLICK));
    await tick();
    assert.deepEqual(conn.replies.map((r) => r.id), ['per_a']);
    assert.equal(arb.getState().agentAction, "Clicking 'Go'");
    assert.deepEqual(arb.timeline.events.map((e) => [e.to, e.at]), [['agent', 42_000]]);

    conn.dispatch(toolPart('a1', PW_CLICK, 'completed'));
    arb.setWhileHumanDrives('reject');
    neko.setHost('bob-2');
    conn.dispatch(toolPart('a2', PW_CLICK, 'running'), asked('per_a2', 'a2', PW_CLICK));
    await tick();
    assert.deepEqual(conn.replies.at(-1), { id: 'per_a2', reply: 'reject', message: REJECT_MESSAGE });
    arb.dispose();
  });
});

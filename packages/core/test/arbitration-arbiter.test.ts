// createArbiter with a real store and a fake neko: actions reach the clients, the timeline is attributed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createArbiter } from '../src/arbitration/index.js';
import { FakeNeko, asked, busyTurn, fakeConnection, handoffAsked, idle, replied, tick, toolPart } from './arbitration-fixtures.js';

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

  it('two arbiters on one server agree, and approve a request only once each (second reply harmless)', async () => {
    const conn = fakeConnection();
    const a = createArbiter({ connection: conn, neko: new FakeNeko() });
    const b = createArbiter({ connection: conn, neko: new FakeNeko() });
    conn.dispatch(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK));
    await tick();
    await tick();
    assert.ok(conn.replies.length >= 1 && conn.replies.length <= 2);
    assert.ok(conn.replies.every((r) => r.id === 'per_1' && r.reply === 'once'));
    assert.deepEqual(a.getState(), b.getState());
    a.dispose();
    b.dispose();
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
});

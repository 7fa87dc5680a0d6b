// The pure machine: Observation → ArbiterState and actions, for every policy, from synthetic states.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, deriveState, observe, type Local } from '../src/arbitration/index.js';
import { asked, build, busyTurn, handoffAsked, idle, neko, replied, toolPart } from './arbitration-fixtures.js';

const local = (extra: Partial<Local> = {}): Local => ({ policy: 'human-first', privacy: false, whileHumanDrives: 'hold', takeWanted: false, hostSettled: true, ...extra });
const CLICK = 'playwright_browser_click';
const SNAP = 'playwright_browser_snapshot';
const clickWaiting = [busyTurn(), toolPart('c1', CLICK, 'running', { element: 'Sign in' }), asked('per_1', 'c1', CLICK)];

describe('mode and driver', () => {
  it('idle: nobody hosts, no browser task', () => {
    const s = deriveState(observe(build(), neko(null)), local());
    assert.equal(s.mode, 'idle');
    assert.equal(s.driver, 'nobody');
  });
  it('agent: a busy turn that uses the browser holds the lease, even between calls', () => {
    const running = deriveState(observe(build(busyTurn(), toolPart('c1', CLICK, 'running', { element: 'Sign in' })), neko(null)), local());
    assert.deepEqual([running.mode, running.driver, running.agentAction], ['agent', 'agent', "Clicking 'Sign in'"]);
    const between = deriveState(observe(build(busyTurn(), toolPart('c1', CLICK, 'completed', { element: 'Sign in' })), neko(null)), local());
    assert.deepEqual([between.mode, between.driver, between.agentAction], ['agent', 'agent', undefined]);
    const done = deriveState(observe(build(busyTurn(), toolPart('c1', CLICK, 'completed'), idle()), neko(null)), local());
    assert.equal(done.mode, 'idle');
  });
  it('a busy turn without browser tools is not the agent driving', () => {
    const s = deriveState(observe(build(busyTurn(), toolPart('c1', 'bash', 'running', { command: 'ls' })), neko(null)), local());
    assert.equal(s.mode, 'idle');
  });
  it('human / paused: a neko host drives; the agent waits when it is on a browser task', () => {
    const human = deriveState(observe(build(), neko('bob-2')), local());
    assert.deepEqual([human.mode, human.driver, human.humanId, human.humanName, human.you], ['human', 'human', 'bob-2', 'Bob', false]);
    const paused = deriveState(observe(build(...clickWaiting), neko('alice-1')), local());
    assert.deepEqual([paused.mode, paused.driver, paused.you, paused.inputAllowed], ['paused', 'human', true, true]);
    assert.deepEqual(paused.waiting, [{ requestID: 'per_1', sessionID: 'ses_a', action: "Clicking 'Sign in'" }]);
  });
  it('handoff wins over everything and carries the reason', () => {
    const s = deriveState(observe(build(busyTurn(), handoffAsked('que_1', 'Enter the 2FA code')), neko(null)), local());
    assert.deepEqual([s.mode, s.driver, s.handoff?.reason], ['handoff', 'nobody', 'Enter the 2FA code']);
    const taken = deriveState(observe(build(busyTurn(), handoffAsked('que_1', 'x')), neko('alice-1')), local());
    assert.deepEqual([taken.mode, taken.driver], ['handoff', 'human']);
  });
  it('input is allowed only at a safe point: host settled and no acting agent call', () => {
    const acting = build(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK), replied('per_1'));
    assert.equal(deriveState(observe(acting, neko('alice-1')), local()).inputAllowed, false);
    assert.equal(deriveState(observe(build(), neko('alice-1')), local({ hostSettled: false })).inputAllowed, false);
    assert.equal(deriveState(observe(build(), neko('alice-1')), local()).inputAllowed, true);
    // a read-only agent call does not block the human
    const reading = build(busyTurn(), toolPart('c2', SNAP, 'running'));
    assert.equal(deriveState(observe(reading, neko('alice-1')), local()).inputAllowed, true);
  });
  it('a request whose part is not loaded (after a reload) still counts', () => {
    const s = deriveState(observe(build(asked('per_9', 'cx', CLICK, 'ses_b')), neko(null)), local({ policy: 'ask' }));
    assert.equal(s.mode, 'agent');
    assert.equal(s.waiting[0]?.requestID, 'per_9');
  });
  it('stale requests (part already finished) are ignored', () => {
    const s = build(busyTurn(), toolPart('c1', CLICK, 'error'), asked('per_1', 'c1', CLICK), idle());
    assert.deepEqual(decide(observe(s, neko(null)), local()), []);
  });
});

describe('decisions per policy', () => {
  it('human-first, nobody hosts → approve once; other tools are never touched', () => {
    const s = build(...clickWaiting, toolPart('b1', 'bash', 'running'), asked('per_b', 'b1', 'bash'));
    assert.deepEqual(decide(observe(s, neko(null)), local()), [{ type: 'approve', requestID: 'per_1', readOnly: false }]);
  });
  it('while a human hosts: acting calls held, read-only allowed, privacy blocks everything', () => {
    const s = build(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK), toolPart('c2', SNAP, 'running'), asked('per_2', 'c2', SNAP));
    assert.deepEqual(decide(observe(s, neko('bob-2')), local()), [{ type: 'approve', requestID: 'per_2', readOnly: true }]);
    assert.deepEqual(decide(observe(s, neko('bob-2')), local({ privacy: true })), []);
  });
  it('whileHumanDrives=reject rejects acting calls with a message', () => {
    const actions = decide(observe(build(...clickWaiting), neko('bob-2')), local({ whileHumanDrives: 'reject' }));
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.type, 'reject');
  });
  it('ask: nothing is auto-approved, not even read-only calls', () => {
    const s = build(busyTurn(), toolPart('c2', SNAP, 'running'), asked('per_2', 'c2', SNAP));
    assert.deepEqual(decide(observe(s, neko(null)), local({ policy: 'ask' })), []);
    assert.equal(deriveState(observe(s, neko(null)), local({ policy: 'ask' })).waiting.length, 1);
  });
  it('without neko the arbiter never answers for the agent', () => {
    assert.deepEqual(decide(observe(build(...clickWaiting), undefined), local()), []);
  });
  it('a hand-off holds the agent’s browser calls', () => {
    const s = build(...clickWaiting, handoffAsked('que_1', 'x'));
    assert.deepEqual(decide(observe(s, neko(null)), local()), []);
  });
  it('human-first take: requests control unless an agent call is acting; holds new requests at once', () => {
    assert.deepEqual(decide(observe(build(...clickWaiting), neko(null)), local({ takeWanted: true })), [{ type: 'request-control' }]);
    const acting = build(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK), replied('per_1'));
    assert.deepEqual(decide(observe(acting, neko(null)), local({ takeWanted: true })), []);
  });
  it('agent-first take: waits for queued and acting agent calls, which still get approved', () => {
    assert.deepEqual(decide(observe(build(...clickWaiting), neko(null)), local({ policy: 'agent-first', takeWanted: true })), [
      { type: 'approve', requestID: 'per_1', readOnly: false },
    ]);
    const quiet = build(busyTurn(), toolPart('c1', CLICK, 'completed'));
    assert.deepEqual(decide(observe(quiet, neko(null)), local({ policy: 'agent-first', takeWanted: true })), [{ type: 'request-control' }]);
  });
  it('agent-first: a host gained without asking while the agent acts is released', () => {
    const acting = build(busyTurn(), toolPart('c1', CLICK, 'running'), asked('per_1', 'c1', CLICK), replied('per_1'));
    assert.deepEqual(decide(observe(acting, neko('alice-1')), local({ policy: 'agent-first' })).map((a) => a.type), ['release-control']);
    assert.deepEqual(decide(observe(acting, neko('alice-1')), local({ policy: 'human-first' })), []);
  });
});

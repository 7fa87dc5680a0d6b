import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeldInput, driverOf, initialControlState, reduceControl, type SessionData } from '../src/neko/index.js';

const me = 'alice-1';
const bob = 'bob-2';
const session = (id: string, name: string): SessionData => ({
  id,
  profile: { name } as SessionData['profile'],
  state: { is_connected: true, is_watching: true },
});
const sessions = { [me]: session(me, 'Alice'), [bob]: session(bob, 'Bob') };

test('init with nobody hosting → driver none', () => {
  const s = reduceControl(initialControlState, { type: 'init', sessionId: me, controlHost: { id: '', has_host: false } });
  assert.equal(s.hostId, null);
  assert.equal(s.isHost, false);
  assert.deepEqual(driverOf(s, sessions), { kind: 'none' });
});

test('request when free → control/host makes us host → driver you', () => {
  let s = reduceControl(initialControlState, { type: 'init', sessionId: me, controlHost: { has_host: false } });
  s = reduceControl(s, { type: 'request-sent', at: 1 });
  assert.deepEqual(s.request, { status: 'pending', since: 1, hostId: null });
  s = reduceControl(s, { type: 'host', sessionId: me, controlHost: { id: me, has_host: true, host_id: me } });
  assert.equal(s.isHost, true);
  assert.deepEqual(s.request, { status: 'idle' });
  assert.equal(s.changedBy, me);
  assert.deepEqual(driverOf(s, sessions), { kind: 'you' });
});

test('request while Bob hosts: no reply → timeout → unanswered; Bob later gives → we host', () => {
  let s = reduceControl(initialControlState, { type: 'init', sessionId: me, controlHost: { has_host: true, host_id: bob } });
  assert.deepEqual(driverOf(s, sessions), { kind: 'member', id: bob, name: 'Bob' });
  s = reduceControl(s, { type: 'request-sent', at: 5 });
  assert.deepEqual(s.request, { status: 'pending', since: 5, hostId: bob });
  s = reduceControl(s, { type: 'request-timeout' });
  assert.deepEqual(s.request, { status: 'unanswered', hostId: bob });
  // a second timeout is a no-op
  assert.equal(reduceControl(s, { type: 'request-timeout' }), s);
  s = reduceControl(s, { type: 'host', sessionId: me, controlHost: { id: bob, has_host: true, host_id: me } });
  assert.equal(s.isHost, true);
  assert.equal(s.changedBy, bob);
  assert.deepEqual(s.request, { status: 'idle' });
});

test('host sees who asks; requests are deduplicated and cleared when host changes', () => {
  let s = reduceControl(initialControlState, { type: 'init', sessionId: me, controlHost: { has_host: true, host_id: me } });
  s = reduceControl(s, { type: 'incoming-request', id: bob });
  s = reduceControl(s, { type: 'incoming-request', id: bob });
  assert.deepEqual(s.requests, [bob]);
  s = reduceControl(s, { type: 'dismiss-request', id: bob });
  assert.deepEqual(s.requests, []);
  s = reduceControl(s, { type: 'incoming-request', id: bob });
  s = reduceControl(s, { type: 'host', sessionId: me, controlHost: { id: me, has_host: true, host_id: bob } });
  assert.equal(s.isHost, false);
  assert.deepEqual(s.requests, []);
});

test('a non-host ignores incoming requests; released control → nobody', () => {
  let s = reduceControl(initialControlState, { type: 'init', sessionId: me, controlHost: { has_host: true, host_id: bob } });
  assert.equal(reduceControl(s, { type: 'incoming-request', id: bob }), s);
  s = reduceControl(s, { type: 'host', sessionId: me, controlHost: { id: bob, has_host: false } });
  assert.deepEqual(driverOf(s, sessions), { kind: 'none' });
});

test('unknown host id falls back to the id as name', () => {
  const s = reduceControl(initialControlState, { type: 'init', sessionId: me, controlHost: { has_host: true, host_id: 'ghost' } });
  assert.deepEqual(driverOf(s, sessions), { kind: 'member', id: 'ghost', name: 'ghost' });
});

test('HeldInput: key-up lifts the keysym pressed for that code; releaseAll lifts everything', () => {
  const h = new HeldInput();
  assert.equal(h.keyDown('ShiftLeft', 0xffe1), true);
  assert.equal(h.keyDown('Digit1', 0x21), true); // "!"
  assert.equal(h.keyDown('Digit1', 0x21), false); // auto-repeat: not sent twice
  assert.equal(h.keyUp('ShiftLeft'), 0xffe1);
  assert.equal(h.keyUp('Digit1'), 0x21); // even though Shift is up and key would read "1"
  assert.equal(h.keyUp('Digit1'), undefined);
  h.keyDown('ControlLeft', 0xffe3);
  h.keyDown('KeyA', 0x61);
  assert.equal(h.buttonDown(1), true);
  assert.equal(h.buttonDown(1), false);
  assert.deepEqual(h.releaseAll(), [
    { type: 'keyup', keysym: 0xffe3 },
    { type: 'keyup', keysym: 0x61 },
    { type: 'buttonup', button: 1 },
  ]);
  assert.equal(h.empty, true);
  assert.deepEqual(h.releaseAll(), []);
});

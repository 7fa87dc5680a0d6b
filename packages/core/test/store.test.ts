import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OcAction } from '../src/opencode/reducer.js';
import { emptyState, type State } from '../src/opencode/state.js';
import { StoreController, createReducerStore, createStore, frameScheduler, type Scheduler } from '../src/opencode/store.js';

/** A scheduler driven by hand: `frame()` runs what was scheduled, like one animation frame. */
function manualFrames() {
  let queued: (() => void)[] = [];
  const schedule: Scheduler = (flush) => {
    queued.push(flush);
    return () => (queued = queued.filter((f) => f !== flush));
  };
  return {
    schedule,
    get pending() {
      return queued.length;
    },
    frame() {
      const run = queued;
      queued = [];
      for (const f of run) f();
    },
  };
}

const SID = 'ses_1';
const busy = { type: 'session.status', properties: { sessionID: SID, status: { type: 'busy' } } } as OcAction;
const idle = { type: 'session.idle', properties: { sessionID: SID } } as OcAction;
const user = { id: 'msg_1', sessionID: SID, role: 'user', time: { created: 1 }, agent: 'build', model: { providerID: 'p', modelID: 'm' } };
const setup: OcAction[] = [
  { type: 'message.updated', properties: { sessionID: SID, info: user } } as OcAction,
  { type: 'message.part.updated', properties: { sessionID: SID, time: 1, part: { id: 'prt_1', sessionID: SID, messageID: 'msg_1', type: 'text', text: '' } } } as OcAction,
];
const delta = (d: string) => ({ type: 'message.part.delta', properties: { sessionID: SID, messageID: 'msg_1', partID: 'prt_1', field: 'text', delta: d } }) as OcAction;

describe('store', () => {
  it('1000 dispatches in one frame → one notification, and getState() is always current', () => {
    const frames = manualFrames();
    const store = createStore(undefined, { schedule: frames.schedule });
    const seen: State[] = [];
    store.subscribe((s) => seen.push(s));
    for (const a of setup) store.dispatch(a);
    for (let i = 0; i < 1000; i++) {
      store.dispatch(delta('x'));
      assert.equal((store.getState().messages[SID]![0]!.parts[0] as { text: string }).text.length, i + 1);
    }
    assert.equal(frames.pending, 1);
    assert.equal(seen.length, 0);
    frames.frame();
    assert.equal(seen.length, 1);
    assert.equal(seen[0], store.getState());
    frames.frame();
    assert.equal(seen.length, 1, 'no change, no notification');
  });

  it('over many frames: at most one notification per frame, none for no-op events', () => {
    const frames = manualFrames();
    const store = createStore(undefined, { schedule: frames.schedule });
    let count = 0;
    store.subscribe(() => count++);
    for (const a of setup) store.dispatch(a);
    for (let f = 0; f < 50; f++) {
      for (let i = 0; i < 20; i++) store.dispatch(delta('y'));
      frames.frame();
    }
    assert.equal(count, 50);
    store.dispatch(idle); // already idle: same state
    store.dispatch({ type: 'server.heartbeat', properties: {} } as OcAction);
    assert.equal(frames.pending, 0);
  });

  it('a change that is undone before the frame does not notify', () => {
    const frames = manualFrames();
    const store = createStore(undefined, { schedule: frames.schedule });
    let count = 0;
    store.subscribe(() => count++);
    const before = store.getState();
    store.dispatch(busy);
    store.dispatch(idle);
    assert.notEqual(store.getState(), before); // a new object, though...
    frames.frame();
    assert.equal(count, 1); // ...listeners compare by reference, so they do hear once
  });

  it('unsubscribe stops notifications; flush() notifies synchronously; a throwing listener does not stop the others', () => {
    const frames = manualFrames();
    const store = createStore(undefined, { schedule: frames.schedule });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (e: unknown) => errors.push(e);
    try {
      let a = 0;
      let b = 0;
      store.subscribe(() => {
        throw new Error('boom');
      });
      const off = store.subscribe(() => a++);
      store.subscribe(() => b++);
      store.dispatch(busy);
      store.flush();
      assert.equal(frames.pending, 0);
      assert.deepEqual([a, b, errors.length], [1, 1, 1]);
      off();
      store.dispatch(idle);
      frames.frame();
      assert.deepEqual([a, b], [1, 2]);
    } finally {
      console.error = original;
    }
  });

  it('the default scheduler falls back to a ~16 ms timer without requestAnimationFrame', async () => {
    const store = createReducerStore((s: number, a: number) => s + a, 0);
    const calls: number[] = [];
    store.subscribe((s) => calls.push(s));
    store.dispatch(1);
    store.dispatch(2);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(calls, [3]);
    const cancel = frameScheduler(() => calls.push(-1));
    cancel();
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(calls, [3]);
  });

  it('with frames: a change flushes at once, one within 5 ms of the last flush waits for the frame', async () => {
    const g = globalThis as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown };
    let frames = new Map<number, () => void>();
    let ids = 0;
    const frame = () => {
      const due = frames;
      frames = new Map();
      for (const cb of due.values()) cb();
    };
    g.requestAnimationFrame = (cb: () => void) => (frames.set(++ids, cb), ids);
    g.cancelAnimationFrame = (id: number) => frames.delete(id);
    const task = () => new Promise((r) => setTimeout(r, 0));
    try {
      const store = createReducerStore((s: number, a: number) => s + a, 0);
      const calls: number[] = [];
      store.subscribe((s) => {
        calls.push(s);
        if (s === 3) store.dispatch(4); // a change right after a flush
      });
      store.dispatch(1);
      store.dispatch(2);
      assert.deepEqual(calls, [], 'not inside the dispatching task');
      await task();
      assert.deepEqual(calls, [3], 'before the frame');
      await task();
      assert.deepEqual(calls, [3], 'within 5 ms of the last flush: waits for the frame');
      frame();
      assert.deepEqual(calls, [3, 7]);
      await new Promise((r) => setTimeout(r, 10));
      store.dispatch(8);
      await task();
      assert.deepEqual(calls, [3, 7, 15], '5 ms later: at once again');
      store.dispatch(16);
      frame(); // the frame comes first: it flushes, and no timer flushes again
      await new Promise((r) => setTimeout(r, 300)); // not even the background-tab one
      assert.deepEqual(calls, [3, 7, 15, 31]);
    } finally {
      delete g.requestAnimationFrame;
      delete g.cancelAnimationFrame;
    }
  });
});

describe('StoreController', () => {
  const host = () => {
    const h = { controllers: [] as unknown[], updates: 0, addController: (c: unknown) => void h.controllers.push(c), requestUpdate: () => void h.updates++ };
    return h;
  };

  it('requests an update only when the selected value changes by reference', () => {
    const frames = manualFrames();
    const store = createStore(emptyState(), { schedule: frames.schedule });
    const h = host();
    const c = new StoreController(h, store, (s) => s.status[SID]);
    assert.deepEqual(h.controllers, [c]);
    c.hostConnected();
    assert.equal(h.updates, 0);
    store.dispatch(busy);
    frames.frame();
    assert.equal(h.updates, 1);
    assert.deepEqual(c.value, { type: 'busy' });
    for (const a of setup) store.dispatch(a); // other slices change: no update
    frames.frame();
    assert.equal(h.updates, 1);
    c.hostDisconnected();
    store.dispatch(idle);
    frames.frame();
    assert.equal(h.updates, 1);
    c.hostConnected(); // catches up with what changed while disconnected
    assert.equal(h.updates, 2);
    assert.equal(c.value, undefined);
  });

  it('setSelector re-reads the value', () => {
    const store = createStore(undefined, { schedule: manualFrames().schedule });
    store.dispatch(busy);
    const h = host();
    const c = new StoreController(h, store, (s) => s.status['ses_other']);
    c.setSelector((s) => s.status[SID]);
    assert.deepEqual(c.value, { type: 'busy' });
    assert.equal(h.updates, 1);
  });
});

// Reducer throughput (events/s) on a recorded /global/event log, and store notifications/s while deltas
// stream in, with 60 Hz animation frames as in a browser. Goals: >= 100,000 events/s; at 1,000 deltas/s
// no more than one notification per 5 ms plus one per frame (<= 260/s): the store coalesces.
// Usage: node --import tsx bench/reducer.bench.mjs [log.jsonl]
// (default harness/fixtures/long-session.jsonl; a ~50k-event log is synthesized when it is absent)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseGlobalEvent } from '../packages/core/src/opencode/sse.ts';
import { apply } from '../packages/core/src/opencode/reducer.ts';
import { emptyState } from '../packages/core/src/opencode/state.ts';
import { createStore } from '../packages/core/src/opencode/store.ts';

const DEFAULT_LOG = fileURLToPath(new URL('../harness/fixtures/long-session.jsonl', import.meta.url));
const GOAL_EVENTS_PER_SEC = 100_000;
const GOAL_NOTIFICATIONS_PER_SEC = 1000 / 5 + 60;

/** A long session shaped like the recorded ones: text and reasoning deltas, bash tools with permissions. */
export function synthesizeLog(targetEvents = 50_000) {
  const lines = [];
  const T = 1_763_900_000_000;
  let n = 0;
  const id = (prefix) => `${prefix}_${(T * 4096 + ++n).toString(16).slice(-12)}AbCdEfGhIjKlMn`;
  const sid = id('ses');
  const push = (type, properties) => lines.push(JSON.stringify({ directory: '/tmp/oc-project', project: 'global', payload: { id: id('evt'), type, properties } }));
  const session = (updated) => ({ id: sid, slug: 'calm-lake', projectID: 'global', directory: '/tmp/oc-project', title: 'Long session', version: '1.18.33', time: { created: T, updated } });
  const tokens = { input: 1200, output: 300, reasoning: 40, cache: { read: 800, write: 0 } };
  const words = 'the quick brown fox jumps over a lazy dog while opencode streams tokens to the browser'.split(' ');
  push('server.connected', {});
  push('session.created', { sessionID: sid, info: session(T) });
  for (let turn = 0; lines.length < targetEvents; turn++) {
    const u = id('msg');
    push('message.updated', { sessionID: sid, info: { id: u, sessionID: sid, role: 'user', time: { created: T }, agent: 'build', model: { providerID: 'mock', modelID: 'm' } } });
    push('message.part.updated', { sessionID: sid, time: T, part: { id: id('prt'), sessionID: sid, messageID: u, type: 'text', text: `Task ${turn}` } });
    push('session.status', { sessionID: sid, status: { type: 'busy' } });
    for (let step = 0; step < 2; step++) {
      const a = id('msg');
      const info = { id: a, sessionID: sid, role: 'assistant', parentID: u, time: { created: T }, modelID: 'm', providerID: 'mock', mode: 'build', agent: 'build', path: { cwd: '/tmp/oc-project', root: '/tmp/oc-project' }, cost: 0, tokens };
      push('message.updated', { sessionID: sid, info });
      push('message.part.updated', { sessionID: sid, time: T, part: { id: id('prt'), sessionID: sid, messageID: a, type: 'step-start' } });
      for (const type of ['reasoning', 'text']) {
        const pid = id('prt');
        let text = '';
        push('message.part.updated', { sessionID: sid, time: T, part: { id: pid, sessionID: sid, messageID: a, type, text, time: { start: T } } });
        for (let i = 0; i < (type === 'text' ? 80 : 25); i++) {
          const delta = ` ${words[(turn + i) % words.length]}`;
          text += delta;
          push('message.part.delta', { sessionID: sid, messageID: a, partID: pid, field: 'text', delta });
        }
        push('message.part.updated', { sessionID: sid, time: T, part: { id: pid, sessionID: sid, messageID: a, type, text, time: { start: T, end: T + 1 } } });
      }
      if (step === 0) {
        const pid = id('prt');
        const callID = `call_${turn}`;
        const tool = (state) => push('message.part.updated', { sessionID: sid, time: T, part: { id: pid, sessionID: sid, messageID: a, type: 'tool', callID, tool: 'bash', state } });
        const input = { command: `ls -la dir${turn}`, description: 'List files' };
        tool({ status: 'pending', input: {}, raw: '' });
        tool({ status: 'running', input, time: { start: T } });
        push('permission.asked', { id: id('per'), sessionID: sid, permission: 'bash', patterns: [input.command], metadata: {}, always: ['ls *'], tool: { messageID: a, callID } });
        push('permission.replied', { sessionID: sid, requestID: `per_${(T * 4096 + n).toString(16).slice(-12)}AbCdEfGhIjKlMn`, reply: 'once' });
        let output = '';
        for (let i = 0; i < 10; i++) {
          output += `-rw-r--r-- 1 user user ${i * 100} file${i}.txt\n`;
          tool({ status: 'running', input, metadata: { output }, time: { start: T } });
        }
        tool({ status: 'completed', input, output, title: input.command, metadata: { output, exit: 0 }, time: { start: T, end: T + 2 } });
      }
      push('message.part.updated', { sessionID: sid, time: T, part: { id: id('prt'), sessionID: sid, messageID: a, type: 'step-finish', reason: step ? 'stop' : 'tool-calls', cost: 0.001, tokens } });
      push('message.updated', { sessionID: sid, info: { ...info, finish: step ? 'stop' : 'tool-calls', time: { created: T, completed: T + 3 } } });
    }
    push('session.status', { sessionID: sid, status: { type: 'idle' } });
    push('session.idle', { sessionID: sid });
    push('session.updated', { sessionID: sid, info: session(T + turn) });
    push('session.diff', { sessionID: sid, diff: [] });
    if (turn % 5 === 0) push('plugin.added', { id: 'anthropic' }); // noise that parsing drops
  }
  return lines;
}

/** Runs `fn` over the log from an empty state until `minMs` passes; returns events per second. */
function measure(count, fn, minMs = 1500) {
  fn(); // warm up the JIT
  let events = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    events += count;
  }
  return Math.round(events / ((performance.now() - start) / 1000));
}

/** A browser's animation frames, 60 a second, for the store's real scheduler to use. */
function withFrames() {
  const g = globalThis;
  let callbacks = new Map();
  let id = 0;
  const clock = setInterval(() => {
    const due = callbacks;
    callbacks = new Map();
    for (const cb of due.values()) cb(performance.now());
  }, 1000 / 60);
  g.requestAnimationFrame = (cb) => (callbacks.set(++id, cb), id);
  g.cancelAnimationFrame = (n) => callbacks.delete(n);
  return () => {
    clearInterval(clock);
    delete g.requestAnimationFrame;
    delete g.cancelAnimationFrame;
  };
}

/** Streams `perSecond` deltas through a store with the real scheduler and 60 Hz frames; returns notifications/s. */
async function notificationRate(perSecond, seconds = 3) {
  const stopFrames = withFrames();
  const store = createStore();
  const S = 'ses_bench';
  store.dispatch({ type: 'message.updated', properties: { sessionID: S, info: { id: 'msg_1', sessionID: S, role: 'user', time: { created: 1 } } } });
  store.dispatch({ type: 'message.part.updated', properties: { sessionID: S, time: 1, part: { id: 'prt_1', sessionID: S, messageID: 'msg_1', type: 'text', text: '' } } });
  let notifications = 0;
  const off = store.subscribe(() => notifications++);
  const delta = { type: 'message.part.delta', properties: { sessionID: S, messageID: 'msg_1', partID: 'prt_1', field: 'text', delta: ' tok' } };
  const start = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      // Catch up by wall time, so timer jitter does not lower the delta rate.
      const due = Math.floor(((performance.now() - start) / 1000) * perSecond);
      while (sent < due && sent < perSecond * seconds) {
        store.dispatch(delta);
        sent++;
      }
      if (sent >= perSecond * seconds) {
        clearInterval(timer);
        setTimeout(resolve, 50); // let the last notification land
      }
    }, 1000 / perSecond);
  });
  off();
  stopFrames();
  const elapsed = (performance.now() - start) / 1000;
  return { deltasPerSec: Math.round(sent / elapsed), notificationsPerSec: Math.round((notifications / elapsed) * 10) / 10 };
}

export async function run(logPath = process.argv[2] ?? DEFAULT_LOG) {
  let source = logPath;
  let lines;
  if (existsSync(logPath)) {
    lines = readFileSync(logPath, 'utf8').split('\n').filter((l) => l.trim());
  } else {
    source = `synthesized (${logPath} not found)`;
    lines = synthesizeLog();
  }
  const events = lines.map((l) => parseGlobalEvent(l)?.payload).filter((e) => e !== undefined);
  const replay = () => {
    let s = emptyState();
    for (const e of events) s = apply(s, e);
    return s;
  };
  const parseAndApply = () => {
    let s = emptyState();
    for (const l of lines) {
      const e = parseGlobalEvent(l);
      if (e) s = apply(s, e.payload);
    }
    return s;
  };
  const final = replay();
  const messages = Object.values(final.messages).reduce((n, list) => n + list.length, 0);
  const applyPerSec = measure(events.length, replay);
  const parseApplyPerSec = measure(lines.length, parseAndApply);
  const notify = await notificationRate(100);
  const fast = await notificationRate(1000);
  return {
    source,
    lines: lines.length,
    events: events.length,
    finalMessages: messages,
    applyEventsPerSec: applyPerSec,
    parseAndApplyEventsPerSec: parseApplyPerSec,
    // The shape bench/run.mjs tabulates: one row per goal.
    'reducer throughput (parse + apply)': { value: parseApplyPerSec, unit: 'events/s', goal: `>= ${GOAL_EVENTS_PER_SEC}`, ok: parseApplyPerSec >= GOAL_EVENTS_PER_SEC },
    // Each delta is its own notification, rendered between frames, at this rate; faster, once a frame.
    'store notifications at 100 deltas/s': { value: notify.notificationsPerSec, unit: '/s' },
    'store notifications at 1,000 deltas/s': { value: fast.notificationsPerSec, unit: '/s', goal: `<= ${GOAL_NOTIFICATIONS_PER_SEC}`, ok: fast.notificationsPerSec <= GOAL_NOTIFICATIONS_PER_SEC },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await run();
  console.log(`reducer bench — log: ${r.source}`);
  console.log(`  ${r.lines} lines, ${r.events} known events, ${r.finalMessages} messages at the end`);
  console.log(`  apply only:        ${r.applyEventsPerSec.toLocaleString('en')} events/s`);
  console.log(`  parse + apply:     ${r.parseAndApplyEventsPerSec.toLocaleString('en')} events/s (goal >= ${GOAL_EVENTS_PER_SEC.toLocaleString('en')})`);
  for (const [name, row] of Object.entries(r).filter(([k]) => k.startsWith('store notifications'))) console.log(`  ${name}: ${row.value}/s${row.goal ? ` (goal ${row.goal})` : ''}`);
  const met = Object.values(r).every((row) => row?.ok !== false);
  console.log(`  goals ${met ? 'met' : 'NOT met'}`);
}

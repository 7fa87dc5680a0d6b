// Records real /global/event logs from a real opencode + the scripted model into harness/fixtures/*.jsonl.
// Usage: npm run record [-- scenario ...]      (no names = all scenarios + long-session)
// Each line: {"t": ms since the scenario's first event, "directory", "project", "payload"}.
// Temp paths are replaced by /tmp/oc-project and /tmp/oc-data so re-recording gives stable diffs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startModelServer } from './model-server.mjs';
import { startOpencode } from './opencode.mjs';
import { connectEvents } from './events.mjs';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {{ oc: import('./opencode.mjs').Opencode, model: Awaited<ReturnType<typeof startModelServer>>,
 *   ev: Awaited<ReturnType<typeof connectEvents>>, sessionID: string, from: number }} Ctx
 * @typedef {{ prompt: string, steps: (ctx: { projectDir: string }) => import('./model-server.mjs').Step[],
 *   during?: (ctx: Ctx) => Promise<void> }} Scenario
 */

/** @type {Record<string, Scenario>} */
export const scenarios = {
  'plain-reply': {
    prompt: 'Say hello.',
    steps: () => [{ text: 'Hello! This reply is streamed by the mock model in eight chunks.', chunks: 8, delayMs: 30 }],
  },
  reasoning: {
    prompt: 'What is six times seven?',
    steps: () => [{ reasoning: 'Six times seven: 6 * 7 = 42. Double-check: 7 * 6 = 42.', reasoningChunks: 4,
      text: 'The answer is **42**.', chunks: 3, delayMs: 25 }],
  },
  'bash-permission': {
    prompt: 'Run echo hi and list the files.',
    steps: () => [
      { text: 'Running it.', tool: 'bash', args: { command: 'echo hi && ls', description: 'Print hi and list files' }, argChunks: 3, delayMs: 20 },
      { match: { lastRole: 'tool' }, text: 'Done: the command printed hi and listed README.md.', chunks: 4, delayMs: 20 },
    ],
    // the auto-responder below answers permission.asked with "once"
  },
  question: {
    prompt: 'Pick a color for me, but ask first.',
    steps: () => [
      { tool: 'question', args: { questions: [{ question: 'Which color?', header: 'Color',
        options: [{ label: 'Red', description: 'warm' }, { label: 'Blue', description: 'cool' }] }] } },
      { match: { lastRole: 'tool' }, text: 'Blue it is.', chunks: 2 },
    ],
  },
  todowrite: {
    prompt: 'Plan three tasks.',
    steps: () => [
      { text: 'Here is the plan.', tool: 'todowrite', args: { todos: [
        { content: 'First task', status: 'completed', priority: 'high' },
        { content: 'Second task', status: 'in_progress', priority: 'medium' },
        { content: 'Third task', status: 'pending', priority: 'low' }] } },
      { match: { lastRole: 'tool' }, text: 'Plan written: one task done, two to go.', chunks: 3 },
    ],
  },
  'write-file': {
    prompt: 'Create hello.txt.',
    steps: ({ projectDir }) => [
      { tool: 'write', args: { filePath: path.join(projectDir, 'hello.txt'), content: 'hello from the mock model\n' } },
      { match: { lastRole: 'tool' }, text: 'Created hello.txt.', chunks: 2 },
    ],
  },
  'retry-500': {
    prompt: 'This first fails with HTTP 500.',
    steps: () => [{ status: 500, message: 'mock internal failure' }, { text: 'Recovered after one retry.', chunks: 4 }],
  },
  'error-400': {
    prompt: 'This fails with HTTP 400.',
    steps: () => [{ status: 400, message: 'mock bad request: unsupported parameter' }],
  },
  abort: {
    prompt: 'Write a long story (it gets aborted).',
    steps: () => [{ text: 'Once upon a time, a mock model started a story that nobody would hear the end of.', chunks: 10, hang: 'abort', hangAfter: 3 }],
    async during({ oc, model, ev, sessionID, from }) {
      const deltas = () => ev.events.slice(from).filter((e) => e.payload.type === 'message.part.delta').length;
      await ev.waitFor(() => deltas() >= 3);
      await oc.api(`/session/${sessionID}/abort`, { method: 'POST' });
      model.release('abort');
    },
  },
};

/** Answer permissions ("once") and questions (first option) automatically. */
function autoRespond(oc) {
  return (/** @type {any} */ e) => {
    const { type, properties: p } = e.payload;
    if (type === 'permission.asked') oc.api(`/permission/${p.id}/reply`, { method: 'POST', body: { reply: 'once' } }).catch(() => {});
    if (type === 'question.asked') {
      const answers = p.questions.map((q) => [q.options.at(-1)?.label ?? 'yes']);
      oc.api(`/question/${p.id}/reply`, { method: 'POST', body: { answers } }).catch(() => {});
    }
  };
}

/** Wait until the session went idle and no event for it arrived for `quietMs`. */
async function settle(ev, sessionID, from, quietMs = 400, timeoutMs = 20_000) {
  await ev.waitFor((e) => e.payload.type === 'session.idle' && e.payload.properties.sessionID === sessionID, { from, timeoutMs });
  for (;;) {
    const n = ev.events.length;
    await sleep(quietMs);
    if (ev.events.length === n) return;
  }
}

/** Run one prompt in a fresh session; return the events of that window. */
async function runScenario(ctx, name, sc) {
  const { oc, model, ev } = ctx;
  const from = ev.events.length;
  const session = await oc.api('/session', { method: 'POST', body: {} }); // untitled: the title request shows up
  model.script(...sc.steps({ projectDir: oc.projectDir }));
  const t0 = Date.now();
  await oc.api(`/session/${session.id}/prompt_async`, { method: 'POST', body: { parts: [{ type: 'text', text: sc.prompt }] } });
  await Promise.all([sc.during?.({ ...ctx, sessionID: session.id, from }), settle(ev, session.id, from)]);
  const wall = Date.now() - t0;
  const events = ev.events.slice(from).map(({ t, ...rest }) => ({ t: t - (ev.events[from]?.t ?? t), ...rest }));
  return { events, wall };
}

function write(file, events, oc) {
  const lines = events.filter((e) => e.payload.type !== 'server.heartbeat')
    .map((e) => JSON.stringify(e).split(oc.projectDir).join('/tmp/oc-project').split(oc.dataDir).join('/tmp/oc-data'));
  fs.writeFileSync(path.join(OUT, file), lines.join('\n') + '\n');
  return lines.length;
}

async function longSession(ctx, turns = 16) {
  const { oc, model, ev } = ctx;
  const from = ev.events.length;
  const session = await oc.api('/session', { method: 'POST', body: {} });
  for (let i = 1; i <= turns; i++) {
    const words = Array.from({ length: 30 }, (_, k) => `word${(i * 7 + k) % 97}`).join(' ');
    if (i % 4 === 0) {
      model.script({ text: `Turn ${i}: running a command.`, tool: 'bash', args: { command: `echo turn ${i}`, description: `Echo turn ${i}` } },
        { match: { lastRole: 'tool' }, text: `Turn ${i} done. ${words}`, chunks: 12, delayMs: 3 });
    } else if (i % 5 === 0) {
      model.script({ reasoning: `Thinking about turn ${i}.`, reasoningChunks: 3, text: `Turn ${i}: ${words}`, chunks: 12, delayMs: 3 });
    } else {
      model.script({ text: `Turn ${i}: ${words}\n\n- item a\n- item b\n\n\`code ${i}\``, chunks: 16, delayMs: 3 });
    }
    const mark = ev.events.length;
    await oc.api(`/session/${session.id}/prompt_async`, { method: 'POST', body: { parts: [{ type: 'text', text: `Prompt number ${i}` }] } });
    await settle(ev, session.id, mark, 150);
  }
  const t0 = ev.events[from]?.t ?? 0;
  return ev.events.slice(from).map(({ t, ...rest }) => ({ t: t - t0, ...rest }));
}

async function main() {
  const wanted = process.argv.slice(2);
  fs.mkdirSync(OUT, { recursive: true });
  const model = await startModelServer();
  const oc = await startOpencode({ model, permission: { bash: 'ask' } });
  console.log(`opencode ${oc.url} (healthy after ${oc.startupMs} ms), model ${model.url}`);
  const ev = await connectEvents(oc.url, { onEvent: autoRespond(oc) });
  const ctx = { oc, model, ev };
  try {
    // boot the instance first so its plugin.added/catalog noise does not land in the first fixture
    await runScenario(ctx, 'boot', { prompt: 'boot', steps: () => [{ text: 'ok' }] });
    for (const [name, sc] of Object.entries(scenarios)) {
      if (wanted.length && !wanted.includes(name)) continue;
      const { events, wall } = await runScenario(ctx, name, sc);
      const n = write(`${name}.jsonl`, events, oc);
      console.log(`${name.padEnd(16)} ${String(n).padStart(4)} events  ${wall} ms`);
    }
    if (!wanted.length || wanted.includes('long-session')) {
      const events = await longSession(ctx);
      console.log(`long-session     ${String(write('long-session.jsonl', events, oc)).padStart(4)} events`);
    }
  } finally {
    ev.close();
    await oc.stop();
    await model.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => { console.error(err); process.exit(1); });
}

// Proves the harness against the real opencode: node --test harness/test/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startModelServer } from '../model-server.mjs';
import { startOpencode } from '../opencode.mjs';
import { connectEvents } from '../events.mjs';

/** @type {Awaited<ReturnType<typeof startModelServer>>} */ let model;
/** @type {import('../opencode.mjs').Opencode} */ let oc;
/** @type {Awaited<ReturnType<typeof connectEvents>>} */ let ev;

before(async () => {
  model = await startModelServer();
  oc = await startOpencode({ model, permission: { bash: 'ask' } });
  ev = await connectEvents(oc.url);
});
after(async () => {
  ev?.close();
  await oc?.stop();
  await model?.close();
});

/** Create an untitled session, send a prompt, return its id and the event index it started at. */
async function prompt(text) {
  const from = ev.events.length;
  const s = await oc.api('/session', { method: 'POST', body: {} });
  await oc.api(`/session/${s.id}/prompt_async`, { method: 'POST', body: { parts: [{ type: 'text', text }] } });
  return { id: s.id, from };
}
const ofSession = (id, from) => ev.events.slice(from).map((e) => e.payload).filter((p) => p.properties?.sessionID === id);
const idle = (id, from, timeoutMs = 15_000) => ev.waitForType('session.idle', (p) => p.sessionID === id, { from, timeoutMs });

test('streamed text arrives as one delta per chunk, in order', async () => {
  const chunks = ['Hel', 'lo, ', 'str', 'eam', 'ed ', 'world', '!'];
  model.script({ text: chunks, delayMs: 15 });
  const { id, from } = await prompt('hi');
  await idle(id, from);
  const deltas = ofSession(id, from).filter((p) => p.type === 'message.part.delta');
  assert.deepEqual(deltas.map((d) => d.properties.delta), chunks);
  assert.ok(deltas.every((d) => d.properties.field === 'text' && d.properties.partID === deltas[0].properties.partID));
  const final = ofSession(id, from).filter((p) => p.type === 'message.part.updated' && p.properties.part.type === 'text').at(-1);
  assert.equal(final?.properties.part.text, chunks.join(''));
});

test('bash tool: pending → running → permission.asked → completed after POST /permission/{id}/reply', async () => {
  model.script(
    { text: 'Running it.', tool: 'bash', args: { command: 'echo harness-ok', description: 'Echo a marker' }, argChunks: 4 },
    { match: { lastRole: 'tool' }, text: 'Done.' },
  );
  const { id, from } = await prompt('run it');
  const asked = await ev.waitForType('permission.asked', (p) => p.sessionID === id, { from });
  assert.equal(asked.payload.properties.permission, 'bash');
  assert.deepEqual(asked.payload.properties.patterns, ['echo harness-ok']);
  const replied = await oc.api(`/permission/${asked.payload.properties.id}/reply`, { method: 'POST', body: { reply: 'once' } });
  assert.equal(replied, true);
  await idle(id, from);

  const seq = ofSession(id, from).flatMap((p) => {
    if (p.type === 'permission.asked' || p.type === 'permission.replied') return [p.type];
    if (p.type === 'message.part.updated' && p.properties.part.type === 'tool') return [`tool:${p.properties.part.state.status}`];
    return [];
  });
  const dedup = seq.filter((s, i) => s !== seq[i - 1]);
  assert.deepEqual(dedup, ['tool:pending', 'tool:running', 'permission.asked', 'permission.replied', 'tool:running', 'tool:completed']);
  const done = ofSession(id, from).findLast((p) => p.type === 'message.part.updated' && p.properties.part.type === 'tool');
  assert.equal(done.properties.part.tool, 'bash');
  assert.match(done.properties.part.state.output, /harness-ok/);
  // the follow-up model request carries the tool result
  assert.equal(model.requests.at(-1).messages.at(-1).role, 'tool');
});

test('HTTP 500 → session.status retry, then the next step succeeds', async () => {
  model.script({ status: 500, message: 'mock internal failure' }, { text: 'recovered' });
  const { id, from } = await prompt('retry me');
  const retry = await ev.waitForType('session.status', (p) => p.sessionID === id && p.status.type === 'retry', { from });
  assert.equal(retry.payload.properties.status.attempt, 1);
  assert.match(retry.payload.properties.status.message, /mock internal failure/);
  await idle(id, from);
  const text = ofSession(id, from).filter((p) => p.type === 'message.part.delta').map((p) => p.properties.delta).join('');
  assert.equal(text, 'recovered');
});

test('HTTP 400 → session.error APIError', async () => {
  model.script({ status: 400, message: 'mock bad request: unsupported parameter' });
  const { id, from } = await prompt('fail');
  const err = await ev.waitForType('session.error', (p) => p.sessionID === id, { from });
  const { error } = err.payload.properties;
  assert.equal(error.name, 'APIError');
  assert.equal(error.data.statusCode, 400);
  assert.equal(error.data.isRetryable, false);
  assert.match(error.data.message, /unsupported parameter/);
});

test('title requests are answered without consuming the script', async () => {
  const before = model.requests.length;
  const titlesBefore = model.titleRequests.length;
  model.script({ text: 'the scripted reply' }, { text: 'second scripted reply' });
  const { id, from } = await prompt('please title me');
  await ev.waitForType('session.updated', (p) => p.sessionID === id && p.info.title === 'Test session', { from });
  await idle(id, from);
  assert.ok(model.titleRequests.length > titlesBefore, 'a title request was seen');
  assert.equal(model.requests.length, before + 1, 'exactly one scripted request');
  assert.equal(model.queued, 1, 'the second step is still queued');
  const text = ofSession(id, from).filter((p) => p.type === 'message.part.delta').map((p) => p.properties.delta).join('');
  assert.equal(text, 'the scripted reply');
  model.reset();
});

test('hang + abort → MessageAbortedError, partial text kept', async () => {
  model.script({ text: ['one ', 'two ', 'three ', 'four'], hang: 'h', hangAfter: 2 });
  const { id, from } = await prompt('long story');
  await ev.waitFor(() => ofSession(id, from).filter((p) => p.type === 'message.part.delta').length >= 2, { from });
  assert.equal(model.hanging, 1);
  await oc.api(`/session/${id}/abort`, { method: 'POST' });
  const err = await ev.waitForType('session.error', (p) => p.sessionID === id, { from });
  assert.equal(err.payload.properties.error.name, 'MessageAbortedError');
  await idle(id, from);
  assert.equal(model.hanging, 0, 'the aborted request closed the held response');
});

test('malformed stream → session.error UnknownError (JSON parsing)', async () => {
  model.script({ text: ['partial ', 'text'], malformedAfter: 1 });
  const { id, from } = await prompt('break');
  const err = await ev.waitForType('session.error', (p) => p.sessionID === id, { from });
  assert.equal(err.payload.properties.error.name, 'UnknownError');
  assert.match(err.payload.properties.error.data.message, /JSON/);
});

test('restart keeps the port and the data dir', async () => {
  const { url } = oc;
  const sessions = await oc.api('/session');
  ev.close();
  await oc.restart();
  assert.equal(oc.url, url);
  const again = await oc.api('/session');
  assert.deepEqual(again.map((s) => s.id).sort(), sessions.map((s) => s.id).sort());
  ev = await connectEvents(oc.url);
});

// The opencode connection end to end: real opencode, real SSE, the scripted model as the LLM.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Part, ToolPart } from '@opencode-ai/sdk/v2/types';
import type { OpencodeConnection } from '../src/opencode/connection.js';
import type { State } from '../src/opencode/state.js';
import { startPair, waitFor, type Pair } from './support.js';

const parts = (state: State, sessionID: string): Part[] =>
  (state.messages[sessionID] ?? []).flatMap((m) => [...m.parts]);
const assistantText = (state: State, sessionID: string): string =>
  (state.messages[sessionID] ?? [])
    .filter((m) => m.info.role === 'assistant')
    .flatMap((m) => m.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text))
    .join('|');
const toolPart = (state: State, sessionID: string, tool: string) =>
  parts(state, sessionID).find((p): p is ToolPart => p.type === 'tool' && p.tool === tool);
const idle = (connection: OpencodeConnection, sessionID: string) => () =>
  !connection.store.getState().status[sessionID];

async function openSession(connection: OpencodeConnection, title: string): Promise<string> {
  const session = await connection.client.createSession({ title });
  connection.watchSession(session.id);
  return session.id;
}

describe('streaming through the real opencode server', () => {
  let pair: Pair;
  let connection: OpencodeConnection;
  before(async () => {
    pair = await startPair({ permission: { bash: 'ask' } });
    connection = await pair.connect();
  });
  after(() => pair.close());

  it('delivers a streamed reply in order and replaces the optimistic message', async () => {
    const sessionID = await openSession(connection, 'stream');
    const reply = 'The quick brown fox jumps over the lazy dog, again and again and again.';
    pair.model.script({ text: reply, chunks: 12, delayMs: 25 });
    const seen: string[] = [];
    const off = connection.store.subscribe((state) => seen.push(assistantText(state, sessionID)));
    await connection.client.prompt(sessionID, [{ type: 'text', text: 'Tell me about the fox' }]);
    await waitFor('the full reply', () => assistantText(connection.store.getState(), sessionID) === reply);
    await waitFor('idle', idle(connection, sessionID));
    off();
    const growing = seen.filter((t, i) => t && t !== seen[i - 1]);
    assert.ok(growing.length >= 3, `saw the text grow in steps (${growing.length})`);
    for (let i = 1; i < growing.length; i++) assert.ok(growing[i]!.startsWith(growing[i - 1]!), 'each view extends the last');
    const user = connection.store.getState().messages[sessionID]!.find((m) => m.info.role === 'user')!;
    assert.equal(user.local, undefined, 'the optimistic message was replaced by the server echo');
  });

  it('shows a tool call pending → running → completed around a permission answered once', async () => {
    const sessionID = await openSession(connection, 'tool once');
    pair.model.script(
      { text: 'Running it.', tool: 'bash', args: { command: 'echo hello-from-bash', description: 'Say hello' } },
      { text: 'It printed hello.', match: { lastRole: 'tool' } },
    );
    const statuses: string[] = [];
    const off = connection.store.subscribe((s) => {
      const status = toolPart(s, sessionID, 'bash')?.state.status;
      if (status && statuses.at(-1) !== status) statuses.push(status);
    });
    await connection.client.prompt(sessionID, [{ type: 'text', text: 'run echo' }]);
    const request = await waitFor('permission.asked', () => connection.store.getState().permissions[sessionID]?.[0]);
    assert.equal(request.permission, 'bash');
    assert.equal(toolPart(connection.store.getState(), sessionID, 'bash')?.state.status, 'running');
    await connection.client.replyPermission(request.id, 'once');
    await waitFor('completed', () => toolPart(connection.store.getState(), sessionID, 'bash')?.state.status === 'completed');
    await waitFor('final text', () => assistantText(connection.store.getState(), sessionID).endsWith('It printed hello.'));
    off();
    assert.deepEqual(statuses.filter((s) => s !== 'pending').slice(0, 2), ['running', 'completed']);
    const done = toolPart(connection.store.getState(), sessionID, 'bash')!;
    assert.match((done.state as { output: string }).output, /hello-from-bash/);
    assert.equal(connection.store.getState().permissions[sessionID]?.length ?? 0, 0);
  });

  it('rejects with a message and the agent goes on with that feedback', async () => {
    const sessionID = await openSession(connection, 'tool reject');
    pair.model.script(
      { tool: 'bash', args: { command: 'rm -rf build', description: 'Clean' } },
      { text: 'Understood, I will not delete it.', match: { lastRole: 'tool' } },
    );
    await connection.client.prompt(sessionID, [{ type: 'text', text: 'clean up' }]);
    const request = await waitFor('permission.asked', () => connection.store.getState().permissions[sessionID]?.[0]);
    await connection.client.replyPermission(request.id, 'reject', 'Keep the build folder');
    await waitFor('the agent continues', () => assistantText(connection.store.getState(), sessionID).includes('Understood'));
    assert.equal(toolPart(connection.store.getState(), sessionID, 'bash')?.state.status, 'error');
    const toolResult = JSON.stringify(pair.model.requests.at(-1)?.messages?.at(-1));
    assert.match(toolResult, /Keep the build folder/, 'the model received the feedback as the tool result');
  });

  it('rejects without a message: the tool errors and the turn ends', async () => {
    const sessionID = await openSession(connection, 'tool reject silent');
    pair.model.script({ tool: 'bash', args: { command: 'rm -rf dist', description: 'Clean' } });
    const before = pair.model.requests.length;
    await connection.client.prompt(sessionID, [{ type: 'text', text: 'clean dist' }]);
    const request = await waitFor('permission.asked', () => connection.store.getState().permissions[sessionID]?.[0]);
    await connection.client.replyPermission(request.id, 'reject');
    await waitFor('tool error', () => toolPart(connection.store.getState(), sessionID, 'bash')?.state.status === 'error');
    await waitFor('idle', idle(connection, sessionID));
    assert.equal(pair.model.requests.length, before + 1, 'the model was not called again');
  });

  it('"always" approves later calls of the same pattern without asking', async () => {
    const sessionID = await openSession(connection, 'tool always');
    pair.model.script(
      { tool: 'bash', args: { command: 'echo first', description: 'One' } },
      { tool: 'bash', args: { command: 'echo second', description: 'Two' }, match: { lastRole: 'tool' } },
      { text: 'Both ran.', match: { lastRole: 'tool' } },
    );
    await connection.client.prompt(sessionID, [{ type: 'text', text: 'echo twice' }]);
    const request = await waitFor('permission.asked', () => connection.store.getState().permissions[sessionID]?.[0]);
    await connection.client.replyPermission(request.id, 'always');
    await waitFor('both ran', () => assistantText(connection.store.getState(), sessionID).includes('Both ran.'));
    const bash = parts(connection.store.getState(), sessionID).filter((p) => p.type === 'tool');
    assert.equal(bash.length, 2);
    assert.ok(bash.every((p) => (p as ToolPart).state.status === 'completed'));
    assert.equal(connection.store.getState().permissions[sessionID]?.length ?? 0, 0, 'no second prompt');
  });

  it('aborts mid-stream: partial text kept, MessageAbortedError, idle', async () => {
    const sessionID = await openSession(connection, 'abort');
    pair.model.script({ text: 'one two three four five six', chunks: 6, hang: 'abort-me', hangAfter: 2 });
    await connection.client.prompt(sessionID, [{ type: 'text', text: 'count' }]);
    await waitFor('partial text', () => assistantText(connection.store.getState(), sessionID).length > 0);
    await connection.client.abort(sessionID);
    await waitFor('aborted', () => connection.store.getState().errors[sessionID]?.name === 'MessageAbortedError');
    await waitFor('idle', idle(connection, sessionID));
    assert.ok(assistantText(connection.store.getState(), sessionID).length < 'one two three four five six'.length);
    pair.model.release('abort-me');
  });

  it('shows retry status with a countdown on a 500, then recovers', async () => {
    const sessionID = await openSession(connection, 'retry');
    pair.model.script({ status: 500, message: 'upstream exploded' }, { text: 'Recovered.' });
    await connection.client.prompt(sessionID, [{ type: 'text', text: 'try' }]);
    const retry = await waitFor('retry status', () => {
      const status = connection.store.getState().status[sessionID];
      return status?.type === 'retry' ? status : undefined;
    });
    assert.equal(retry.attempt, 1);
    assert.ok(retry.next > Date.now() - 1000, 'next is an epoch time to count down to');
    await waitFor('recovered', () => assistantText(connection.store.getState(), sessionID) === 'Recovered.', 20_000);
  });

  it('records session.error for a 400 and for a malformed stream', async () => {
    const bad = await openSession(connection, 'error 400');
    pair.model.script({ status: 400, message: 'context too long' });
    await connection.client.prompt(bad, [{ type: 'text', text: 'x' }]);
    const error = await waitFor('APIError', () => connection.store.getState().errors[bad]);
    assert.equal(error.name, 'APIError');
    assert.match(JSON.stringify(error), /context too long/);

    const malformed = await openSession(connection, 'malformed');
    pair.model.script({ text: 'partial answer', chunks: 2, malformedAfter: 2 });
    await connection.client.prompt(malformed, [{ type: 'text', text: 'y' }]);
    const broken = await waitFor('UnknownError', () => connection.store.getState().errors[malformed]);
    assert.equal(broken.name, 'UnknownError');
    await waitFor('idle', idle(connection, malformed));
  });
});

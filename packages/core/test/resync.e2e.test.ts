// Lossless resync: the server replays nothing, so after every reconnect the connection reloads
// state over REST and replays the events it held meanwhile. Killing and restarting the real
// opencode mid-stream five times must leave the store equal to a fresh load: nothing lost,
// nothing duplicated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OpencodeConnection } from '../src/opencode/connection.js';
import type { MessageInput } from '../src/opencode/reducer.js';
import { startPair, waitFor, type Pair } from './support.js';

/** What must match between the store and REST: every message and part, as the server has them. */
function comparable(messages: readonly MessageInput[]) {
  return messages.map((m) => ({
    id: m.info.id,
    role: m.info.role,
    finish: (m.info as { finish?: string }).finish,
    parts: m.parts.map((p) => ({
      id: p.id,
      type: p.type,
      text: (p as { text?: string }).text,
      status: (p as { state?: { status: string } }).state?.status,
    })),
  }));
}

describe('resync after opencode restarts', () => {
  let pair: Pair;
  let connection: OpencodeConnection;
  before(async () => {
    pair = await startPair();
    connection = await pair.connect({ backoffInitialMs: 100, backoffMaxMs: 1000 });
  });
  after(() => pair.close());

  it('kill + restart mid-stream ×5 → store equals a fresh REST load', async () => {
    const session = await connection.client.createSession({ title: 'restarts' });
    connection.watchSession(session.id);
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');

    for (let round = 0; round < 5; round++) {
      pair.model.script({ text: words, chunks: 60, delayMs: 40 });
      await connection.client.prompt(session.id, [{ type: 'text', text: `round ${round}` }]);
      // Let some of the reply stream, then kill the server under it (SIGKILL: no goodbye).
      await waitFor('some streamed text', () =>
        (connection.store.getState().messages[session.id] ?? []).some(
          (m) => m.info.role === 'assistant' && m.parts.some((p) => p.type === 'text' && (p as { text: string }).text.length > 20),
        ),
      );
      await pair.opencode.kill(round % 2 ? 'SIGTERM' : 'SIGKILL');
      pair.model.reset();
      await waitFor('the connection notices', () => connection.state.status !== 'connected', 30_000);
      await pair.opencode.restart();
      await waitFor('reconnected', () => connection.state.status === 'connected', 30_000);
    }

    // One last full turn after the final restart streams normally.
    pair.model.script({ text: 'All good after five restarts.', chunks: 5, delayMs: 10 });
    await connection.client.prompt(session.id, [{ type: 'text', text: 'final' }]);
    await waitFor('final reply', () =>
      JSON.stringify(connection.store.getState().messages[session.id]).includes('All good after five restarts.'),
    );
    await waitFor('idle', () => !connection.store.getState().status[session.id]);

    const fresh = await connection.client.messages(session.id, { limit: 1000 });
    await waitFor('store equals REST', () => {
      const mine = comparable(connection.store.getState().messages[session.id] ?? []);
      return JSON.stringify(mine) === JSON.stringify(comparable(fresh.messages));
    }, 5_000).catch(() => {
      assert.deepEqual(comparable(connection.store.getState().messages[session.id] ?? []), comparable(fresh.messages));
    });
    const userTurns = fresh.messages.filter((m) => m.info.role === 'user').length;
    assert.equal(userTurns, 6, 'every prompt is there exactly once');
    assert.deepEqual(Object.keys(connection.store.getState().sessions), [session.id]);
  });
});

// Every REST action of the core client against the real opencode server; results are checked
// where a user would see them: in the store, fed by the event stream.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OpencodeConnection } from '../src/opencode/connection.js';
import { sessionList, turns } from '../src/opencode/selectors.js';
import { startPair, waitFor, type Pair } from './support.js';

describe('core actions on the real opencode server', () => {
  let pair: Pair;
  let connection: OpencodeConnection;
  const state = () => connection.store.getState();
  before(async () => {
    pair = await startPair();
    connection = await pair.connect();
  });
  after(() => pair.close());

  async function turn(sessionID: string, text: string, reply: string) {
    pair.model.script({ text: reply, chunks: 3 });
    await connection.client.prompt(sessionID, [{ type: 'text', text }]);
    await waitFor(`reply "${reply}"`, () => JSON.stringify(state().messages[sessionID] ?? []).includes(reply));
    await waitFor('idle', () => !state().status[sessionID]);
  }

  it('creates, lists, renames and deletes sessions', async () => {
    const created = await connection.client.createSession({ title: 'First title' });
    await waitFor('created', () => state().sessions[created.id]);
    const renamed = await connection.client.renameSession(created.id, 'Renamed <b>title</b>');
    assert.equal(renamed.title, 'Renamed <b>title</b>');
    await waitFor('renamed in the store', () => state().sessions[created.id]?.title === 'Renamed <b>title</b>');
    assert.ok(sessionList(state()).roots.some((s) => s.id === created.id));
    assert.ok((await connection.client.listSessions()).some((s) => s.id === created.id));
    assert.equal(await connection.client.deleteSession(created.id), true);
    await waitFor('deleted from the store', () => !state().sessions[created.id]);
  });

  it('groups a turn, forks from a message, reverts and restores', async () => {
    const session = await connection.client.createSession({ title: 'history' });
    connection.watchSession(session.id);
    await turn(session.id, 'first question', 'first answer');
    await turn(session.id, 'second question', 'second answer');
    const grouped = turns(state(), session.id);
    assert.equal(grouped.length, 2);
    assert.equal(grouped[0]!.user?.info.role, 'user');
    assert.ok(grouped[0]!.assistants.length >= 1);

    const secondUser = grouped[1]!.user!.info.id;
    const fork = await connection.client.fork(session.id, secondUser);
    await waitFor('fork appears', () => state().sessions[fork.id]);
    const forked = await connection.client.messages(fork.id);
    assert.equal(forked.messages.filter((m) => m.info.role === 'user').length, 1, 'the fork copies messages before the second turn');

    const reverted = await connection.client.revert(session.id, secondUser);
    assert.equal(reverted.revert?.messageID, secondUser);
    await waitFor('revert hides the second turn', () => turns(state(), session.id).length === 1);
    await connection.client.unrevert(session.id);
    await waitFor('restore shows it again', () => turns(state(), session.id).length === 2);
  });

  it('answers and dismisses questions asked by the question tool', async () => {
    const session = await connection.client.createSession({ title: 'questions' });
    connection.watchSession(session.id);
    const ask = { questions: [{ question: 'Which color?', header: 'Color', options: [{ label: 'Red', description: 'warm' }, { label: 'Blue', description: 'cool' }] }] };
    pair.model.script({ tool: 'question', args: ask }, { text: 'Blue it is.', match: { lastRole: 'tool' } });
    await connection.client.prompt(session.id, [{ type: 'text', text: 'pick a color' }]);
    const asked = await waitFor('question.asked', () => state().questions[session.id]?.[0]);
    assert.equal(asked.questions[0]!.question, 'Which color?');
    await connection.client.answerQuestion(asked.id, [['Blue']]);
    await waitFor('agent continues', () => JSON.stringify(state().messages[session.id]).includes('Blue it is.'));
    assert.equal(state().questions[session.id]?.length ?? 0, 0);

    pair.model.script({ tool: 'question', args: ask });
    await connection.client.prompt(session.id, [{ type: 'text', text: 'again' }]);
    const second = await waitFor('second question', () => state().questions[session.id]?.[0]);
    await connection.client.dismissQuestion(second.id);
    await waitFor('dismissed', () => (state().questions[session.id]?.length ?? 0) === 0);
    await waitFor('idle', () => !state().status[session.id]);
  });

  it('sends a file part and runs a slash command', async () => {
    const session = await connection.client.createSession({ title: 'files and commands' });
    connection.watchSession(session.id);
    pair.model.script({ text: 'I read your note.' });
    const note = `data:text/plain;base64,${Buffer.from('remember the milk').toString('base64')}`;
    await connection.client.prompt(session.id, [
      { type: 'text', text: 'see attached' },
      { type: 'file', mime: 'text/plain', url: note, filename: 'note.txt' },
    ]);
    await waitFor('reply', () => JSON.stringify(state().messages[session.id]).includes('I read your note.'));
    assert.match(JSON.stringify(pair.model.requests.at(-1)), /remember the milk/, 'the model received the file');

    const commands = await connection.client.commands();
    assert.ok(commands.some((c) => c.name === 'init'));
    pair.model.script({ text: 'Initialised.' });
    const result = await connection.client.command(session.id, 'init', 'keep it short');
    assert.equal(result.info.role, 'assistant');
    await waitFor('command reply in the store', () => JSON.stringify(state().messages[session.id]).includes('Initialised.'));
  });

  it('lists agents, models and files for the pickers', async () => {
    const agents = await connection.client.agents();
    assert.ok(agents.some((a) => a.name === 'build' && a.mode === 'primary'));
    const { providers, default: defaults } = await connection.client.providers();
    const mock = providers.find((p) => p.id === 'mock');
    assert.ok(mock && Object.keys(mock.models).includes('mock-1'));
    assert.ok(defaults.mock && Object.keys(mock.models).includes(defaults.mock), 'a default model per provider');
    const files = await waitFor('file search', async () => {
      const found = await connection.client.findFiles('READ');
      return found.length ? found : undefined;
    });
    assert.ok(files.some((f) => f.endsWith('README.md')));
  });
});

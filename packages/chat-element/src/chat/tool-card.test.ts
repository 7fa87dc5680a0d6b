// Render-only tests: tool cards, folding and prompts from store events (no server needed).
import { expect, fixture, html } from '@open-wc/testing';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { Feed, byRole } from './test-support.js';

async function setup() {
  const feed = new Feed();
  const el = await fixture<OcChat>(html`<oc-chat style="height:600px" .connection=${feed.connection}></oc-chat>`);
  const session = feed.session('Tools');
  const user = feed.user(session.id, 'do things');
  const assistant = feed.assistant(session.id, user);
  const render = async () => {
    feed.flush();
    el.session = session.id;
    await el.updateComplete;
  };
  return { feed, el, sid: session.id, assistant, render };
}

const card = (el: OcChat, tool: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-tool="${tool}"]`)!;

describe('tool cards', () => {
  it('bash shows command, streaming output and each state', async () => {
    const { feed, el, sid, assistant, render } = await setup();
    const partID = 'prt_bash_1';
    const put = (state: Record<string, unknown>) =>
      feed.part({ id: partID, sessionID: sid, messageID: assistant, type: 'tool', callID: 'call_1', tool: 'bash', state } as never);
    put({ status: 'pending', input: {}, raw: '' });
    await render();
    expect(card(el, 'bash').dataset.status).to.equal('pending');
    put({ status: 'running', input: { command: 'ls -la' }, metadata: { output: 'file-a\n' }, time: { start: 1 } });
    await render();
    expect(card(el, 'bash').dataset.status).to.equal('running');
    expect(card(el, 'bash').textContent).to.include('$ ls -la').and.include('file-a');
    put({ status: 'completed', input: { command: 'ls -la' }, output: 'file-a\nfile-b\n', title: 'ls -la', metadata: { output: 'file-a\nfile-b\n', exit: 2 }, time: { start: 1, end: 2 } });
    await render();
    expect(card(el, 'bash').textContent).to.include('file-b').and.include('Exit code 2');
    put({ status: 'error', input: { command: 'ls -la' }, error: 'Tool execution aborted', time: { start: 1, end: 2 } });
    await render();
    expect(card(el, 'bash').dataset.status).to.equal('error');
    expect(card(el, 'bash').textContent).to.include('Tool execution aborted');
  });

  it('shows only the tail of a huge output', async () => {
    const { feed, el, sid, assistant, render } = await setup();
    const big = 'x'.repeat(60_000) + 'THE END';
    feed.tool(sid, assistant, 'bash', { status: 'running', input: { command: 'yes' }, metadata: { output: big }, time: { start: 1 } });
    await render();
    const out = card(el, 'bash').querySelector('[part~="tool-output"]')!;
    expect(out.textContent).to.include('10,007 earlier characters not shown').and.include('THE END');
    expect(out.textContent!.length).to.be.lessThan(50_100);
  });

  it('edit shows a diff; write shows added lines', async () => {
    const { feed, el, sid, assistant, render } = await setup();
    feed.tool(sid, assistant, 'edit', { status: 'completed', input: { filePath: '/p/a.ts', oldString: 'old line', newString: 'new line' }, output: '', title: 'a.ts', metadata: {}, time: { start: 1, end: 2 } });
    feed.tool(sid, assistant, 'write', { status: 'completed', input: { filePath: '/p/b.ts', content: 'hello' }, output: '', title: 'b.ts', metadata: {}, time: { start: 1, end: 2 } });
    await render();
    const edit = card(el, 'edit');
    expect(edit.querySelector('.del')!.textContent).to.include('-old line');
    expect(edit.querySelector('.add')!.textContent).to.include('+new line');
    expect(card(el, 'write').querySelector('.add')!.textContent).to.include('+hello');
  });

  it('folds consecutive read/grep/glob/list calls into "Explored"', async () => {
    const { feed, el, sid, assistant, render } = await setup();
    const done = (input: Record<string, unknown>) => ({ status: 'completed', input, output: 'x', title: 't', metadata: {}, time: { start: 1, end: 2 } });
    feed.tool(sid, assistant, 'read', done({ filePath: '/p/a' }));
    feed.tool(sid, assistant, 'read', done({ filePath: '/p/b' }));
    feed.tool(sid, assistant, 'grep', done({ pattern: 'foo' }));
    feed.tool(sid, assistant, 'list', done({ path: '/p' }));
    await render();
    const group = el.shadowRoot!.querySelector('[part~="explore-group"] summary')!;
    expect(group.textContent).to.equal('Explored: 2 reads, 1 search, 1 list');
  });

  it('task links to the child session; MCP and unknown tools get the generic view; todowrite is hidden', async () => {
    const { feed, el, sid, assistant, render } = await setup();
    const child = feed.session('Child (@general subagent)', { parentID: sid });
    feed.tool(sid, assistant, 'task', { status: 'running', input: { description: 'Explore', subagent_type: 'general' }, metadata: { sessionId: child.id }, time: { start: 1 } });
    feed.tool(sid, assistant, 'echomcp_echo', { status: 'completed', input: { text: 'hi' }, output: 'hi', title: '', metadata: {}, time: { start: 1, end: 2 } });
    feed.tool(sid, assistant, 'todowrite', { status: 'completed', input: { todos: [] }, output: '[]', title: '0 todos', metadata: {}, time: { start: 1, end: 2 } });
    await render();
    expect(card(el, 'echomcp_echo').textContent).to.include('Called echomcp_echo');
    expect(card(el, 'todowrite')).to.equal(null);
    expect(card(el, 'task').textContent).to.include('general agent');
    byRole(el, 'button', 'Open subagent session')!.click();
    await el.updateComplete;
    expect(el.session).to.equal(child.id);
    expect(byRole(el, 'textbox', 'Message')).to.equal(undefined);
    byRole(el, 'button', 'Back to parent session')!.click();
    await el.updateComplete;
    expect(el.session).to.equal(sid);
  });

  it('places a permission prompt at its tool card, and a question prompt with multi-select and own answer', async () => {
    const { feed, el, sid, assistant, render } = await setup();
    const callID = feed.tool(sid, assistant, 'bash', { status: 'running', input: { command: 'echo hi' }, time: { start: 1 } });
    feed.permission({ sessionID: sid, permission: 'bash', patterns: ['echo hi'], metadata: { command: 'echo hi' }, always: ['echo *'], tool: { messageID: assistant, callID } });
    const qCall = feed.tool(sid, assistant, 'question', { status: 'running', input: {}, time: { start: 1 } });
    feed.question({
      sessionID: sid,
      questions: [{ question: 'Which fruits?', header: 'Fruit', multiple: true, options: [{ label: 'Apple', description: '' }, { label: 'Pear', description: '' }] }],
      tool: { messageID: assistant, callID: qCall },
    });
    await render();
    expect(card(el, 'bash').querySelector('[part~="permission"]')).to.exist;
    for (const name of ['Allow once', 'Allow always', 'Reject']) expect(byRole(card(el, 'bash'), 'button', name), name).to.exist;
    const question = card(el, 'question');
    expect(byRole(question, 'checkbox', 'Apple')).to.exist;
    expect(byRole(question, 'textbox', 'Type your own answer')).to.exist;
    expect(byRole(question, 'button', 'Dismiss')).to.exist;
  });

  it('shows a retry countdown and the per-turn status', async () => {
    const { feed, el, sid, render } = await setup();
    feed.dispatch('session.status', { sessionID: sid, status: { type: 'busy' } });
    await render();
    expect(el.shadowRoot!.querySelector('[part~="turn-status"]')!.textContent).to.include('Thinking');
    feed.dispatch('session.status', { sessionID: sid, status: { type: 'retry', attempt: 3, message: 'Overloaded', next: Date.now() + 8_000 } });
    await render();
    const banner = () => el.shadowRoot!.querySelector('[part~="retry-banner"]')!.textContent!;
    expect(banner()).to.match(/Overloaded — retrying in [78]s \(attempt #3\)/);
    const before = banner();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(banner()).not.to.equal(before);
    expect(byRole(el, 'button', 'Stop')).to.exist;
  });
});

// End-to-end tests of <oc-chat> against a real `opencode serve` and a scripted model (harness/).
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { startOpencode } from '../../../../harness/browser.mjs';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { allByRole, byRole, findByRole, until } from './test-support.js';

type Harness = Awaited<ReturnType<typeof startOpencode>>;

let oc: Harness;

async function mount(options: { session?: string; password?: string } = {}): Promise<OcChat> {
  const auth = { username: oc.username, password: options.password ?? oc.password! };
  const el = await fixture<OcChat>(html`<oc-chat style="height:640px" .server=${oc.url} .auth=${auth} session=${options.session ?? ''}></oc-chat>`);
  if (!options.session) el.removeAttribute('session');
  return el;
}

async function connected(el: OcChat): Promise<void> {
  await until(() => el.activeConnection?.state.status === 'connected', 'connected');
  await el.updateComplete;
}

/** The transcript's text ('' until a session is open). */
function logText(el: OcChat): string {
  return byRole(el, 'log', 'Conversation')?.textContent ?? '';
}

async function type(el: OcChat, text: string): Promise<void> {
  const box = await findByRole(el, 'textbox', 'Message');
  box.focus();
  await sendKeys({ type: text });
}

/** Sends a prompt by typing it and pressing Enter. */
async function prompt(el: OcChat, text: string): Promise<void> {
  await type(el, text);
  await sendKeys({ press: 'Enter' });
}

/** What the question tool told the model: the last tool result the scripted model received. */
async function lastToolResult(): Promise<string> {
  const { requests } = (await oc.requests()) as { requests: { messages?: { role: string; content?: unknown }[] }[] };
  const content = requests.at(-1)?.messages?.filter((m) => m.role === 'tool').at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}

const idle = (el: OcChat) => until(() => !el.busy && !byRole(el, 'button', 'Stop'), 'idle', 20_000);

describe('<oc-chat> with a real opencode', function () {
  this.timeout(90_000);

  before(async () => {
    oc = await startOpencode({ password: 'secret', permission: { bash: 'ask' } });
  });
  after(async () => {
    await oc?.stop();
  });
  afterEach(async () => {
    fixtureCleanup();
    await oc.resetModel();
  });

  it('sends with Enter and streams the reply into the log, in order', async () => {
    await oc.script({ text: 'alpha beta gamma delta epsilon', chunks: 5, delayMs: 120 });
    const el = await mount();
    const statuses: string[] = [];
    el.addEventListener('oc-connection-change', (e) => statuses.push(e.detail.status));
    await connected(el);
    expect(statuses.at(-1)).to.equal('connected');
    expect(byRole(el, 'alert')).to.equal(undefined);
    const seen: string[] = [];
    await prompt(el, 'Hello agent');
    await until(() => {
      const text = logText(el) ?? '';
      const reply = /alpha[\w ]*/.exec(text)?.[0];
      if (reply && reply !== seen.at(-1)) seen.push(reply);
      return text.includes('epsilon');
    }, 'full reply');
    const text = logText(el);
    expect(text.indexOf('Hello agent')).to.be.lessThan(text.indexOf('alpha'));
    // It arrived in pieces (streamed), each one extending the previous.
    expect(seen.length).to.be.greaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.startsWith(seen[i - 1]!)).to.equal(true);
    expect(el.session).to.match(/^ses_/);
    expect(el.getAttribute('session')).to.equal(el.session);
    await idle(el);
  });

  it('Stop aborts a reply mid-stream', async () => {
    await oc.script({ text: 'one two three four five six', chunks: 6, hang: 'mid', hangAfter: 2 });
    const el = await mount();
    await connected(el);
    await prompt(el, 'Start talking');
    await until(() => logText(el).includes('one'), 'first chunks');
    (await findByRole(el, 'button', 'Stop')).click();
    await until(() => logText(el).includes('Interrupted'), 'interrupted badge');
    await idle(el);
    expect(logText(el)).not.to.include('six');
  });

  it('shows a bash card through its states; Allow once runs it and the agent follows', async () => {
    await oc.script(
      { text: 'Running it.', tool: 'bash', args: { command: 'echo hi-from-bash', description: 'Say hi' } },
      { text: 'The command printed hi.' },
    );
    const el = await mount();
    const replies: unknown[] = [];
    el.addEventListener('oc-permission-reply', (e) => replies.push({ reply: e.detail.reply, permission: e.detail.permission }));
    await connected(el);
    const states = new Set<string>();
    const watch = setInterval(() => {
      const card = el.shadowRoot!.querySelector('[data-tool="bash"]');
      if (card) states.add(card.getAttribute('data-status')!);
    }, 10);
    await prompt(el, 'run it');
    const allow = await findByRole(el, 'button', 'Allow once');
    expect(states.has('running')).to.equal(true);
    allow.click();
    await until(() => logText(el).includes('The command printed hi.'), 'follow-up reply');
    clearInterval(watch);
    expect([...states]).to.include.members(['running', 'completed']);
    expect(replies).to.deep.equal([{ reply: 'once', permission: 'bash' }]);
    const card = el.shadowRoot!.querySelector('[data-tool="bash"]')!;
    expect(card.textContent).to.include('echo hi-from-bash');
    expect(card.textContent).to.include('hi-from-bash');
    await idle(el);
  });

  it('Reject with a message lets the agent continue; without one the turn ends', async () => {
    await oc.script(
      { tool: 'bash', args: { command: 'rm -rf /tmp/nothing' } },
      { text: 'Understood, I will not delete.' },
    );
    const el = await mount();
    await connected(el);
    await prompt(el, 'delete things');
    await findByRole(el, 'button', 'Reject');
    const message = byRole(el, 'textbox', 'Message to the agent (optional)')!;
    message.focus();
    await sendKeys({ type: 'Please do not' });
    byRole(el, 'button', 'Reject')!.click();
    await until(() => logText(el).includes('Understood, I will not delete.'), 'agent continued');
    await idle(el);

    await oc.script({ tool: 'bash', args: { command: 'rm -rf /tmp/other' } }, { text: 'SHOULD NOT APPEAR' });
    await prompt(el, 'try again');
    (await findByRole(el, 'button', 'Reject')).click();
    await until(() => el.shadowRoot!.querySelectorAll('[data-tool="bash"][data-status="error"]').length === 2, 'rejected card');
    await idle(el);
    expect(logText(el)).not.to.include('SHOULD NOT APPEAR');
  });

  it('answers a question from the UI', async () => {
    await oc.script(
      {
        tool: 'question',
        args: { questions: [{ question: 'Which color?', header: 'Color', options: [{ label: 'Red', description: 'warm' }, { label: 'Blue', description: 'cool' }] }] },
      },
      { text: 'Blue it is.' },
    );
    const el = await mount();
    await connected(el);
    await prompt(el, 'ask me');
    (await findByRole(el, 'radio', /Blue/)).click();
    byRole(el, 'button', 'Answer')!.click();
    await until(() => logText(el).includes('Blue it is.'), 'reply after answer');
    const answer = await lastToolResult();
    expect(answer).to.include('Blue');
    expect(answer).not.to.include('Red');
    await idle(el);
  });

  it('answers a multi-select question with a typed answer, and dismisses another', async () => {
    await oc.script(
      {
        tool: 'question',
        args: { questions: [{ question: 'Which fruits?', header: 'Fruit', multiple: true, options: [{ label: 'Apple', description: 'red' }, { label: 'Pear', description: 'green' }] }] },
      },
      { text: 'Fruit noted.' },
    );
    const el = await mount();
    await connected(el);
    await prompt(el, 'fruits');
    (await findByRole(el, 'checkbox', /Apple/)).click();
    byRole(el, 'checkbox', /Pear/)!.click();
    byRole(el, 'textbox', 'Type your own answer')!.focus();
    await sendKeys({ type: 'Mango' });
    byRole(el, 'button', 'Answer')!.click();
    await until(() => logText(el).includes('Fruit noted.'), 'reply after answer');
    const answer = await lastToolResult();
    for (const fruit of ['Apple', 'Pear', 'Mango']) expect(answer).to.include(fruit);
    await idle(el);

    await oc.script(
      { tool: 'question', args: { questions: [{ question: 'Dismiss me?', header: 'D', options: [{ label: 'Yes', description: '' }] }] } },
      { text: 'SHOULD NOT APPEAR' },
    );
    await prompt(el, 'again');
    (await findByRole(el, 'button', 'Dismiss')).click();
    await until(() => el.shadowRoot!.querySelector('[data-tool="question"][data-status="error"]'), 'dismissed');
    await idle(el);
    expect(logText(el)).not.to.include('SHOULD NOT APPEAR');
    // Token usage of the session is summarised in the header.
    expect(el.shadowRoot!.querySelector('[part~="usage"]')!.textContent).to.match(/\d+ in · \d+ out/);
  });

  it('shows the todo list in the panel', async () => {
    await oc.script(
      {
        tool: 'todowrite',
        args: { todos: [{ content: 'First task', status: 'completed', priority: 'high' }, { content: 'Second task', status: 'in_progress', priority: 'low' }] },
      },
      { text: 'Planned.' },
    );
    const el = await mount();
    await connected(el);
    await prompt(el, 'plan');
    const panel = await findByRole(el, 'region', 'Todos');
    await until(() => panel.textContent?.includes('Second task'), 'todos');
    expect(panel.textContent).to.include('First task');
    await idle(el);
  });

  it('counts down a retry banner on a 500 and recovers', async () => {
    await oc.script({ status: 500, message: 'mock internal failure' }, { text: 'Recovered fine.' });
    const el = await mount();
    await connected(el);
    await prompt(el, 'flaky');
    const banner = await until(() => el.shadowRoot!.querySelector('[part~="retry-banner"]'), 'retry banner');
    expect(banner.textContent).to.match(/mock internal failure.*retrying in \d+s \(attempt #1\)/s);
    await until(() => logText(el).includes('Recovered fine.'), 'recovered', 30_000);
    await idle(el);
  });

  it('creates, switches, renames and deletes sessions', async () => {
    const el = await mount();
    await connected(el);
    (await findByRole(el, 'button', 'New session')).click();
    const first = await until(() => el.session, 'first session');
    // A new session shows "loading" only until its (empty) message list arrived.
    await until(() => el.shadowRoot!.querySelector('[part~="empty"]')?.textContent?.includes('Send a message to start.'), 'empty session prompt');
    el.openSession(undefined);
    await el.updateComplete;
    (await findByRole(el, 'button', 'New session')).click();
    const second = await until(() => el.session !== undefined && el.session !== first && el.session, 'second session');
    expect(second).not.to.equal(first);
    // Switch through the list.
    el.openSession(undefined);
    await el.updateComplete;
    const rows = await until(() => allByRole(el, 'button').filter((b) => b.getAttribute('part') === 'session-button').length >= 2 && allByRole(el, 'button').filter((b) => b.getAttribute('part') === 'session-button'), 'rows');
    rows[rows.length - 1]!.click();
    await until(() => el.session, 'switched');
    // Rename the open session from the list.
    const renamed = el.session!;
    el.openSession(undefined);
    await el.updateComplete;
    const renameButtons = await until(() => allByRole(el, 'button', /^Rename /), 'rename buttons');
    const target = renameButtons.find((b) => b.closest('li')?.querySelector('[part~="session-button"]')) ?? renameButtons[0]!;
    target.click();
    const input = await findByRole(el, 'textbox', 'Session title');
    input.focus();
    (input as HTMLInputElement).select();
    await sendKeys({ type: 'Renamed by test' });
    await sendKeys({ press: 'Enter' });
    await until(() => byRole(el, 'button', /Renamed by test/), 'renamed row');
    // Delete with confirmation.
    (await findByRole(el, 'button', 'Delete Renamed by test')).click();
    (await until(() => allByRole(el, 'button', 'Delete').find((b) => b.getAttribute('part')?.includes('confirm-delete-button')), 'confirm')).click();
    // The row (in any of its modes: button, rename form, confirm) is gone once the server's
    // session.deleted event arrives.
    await until(() => !el.shadowRoot!.querySelector('nav')?.textContent?.includes('Renamed by test'), 'row gone');
    const sessions = (await oc.api('/session')) as { id: string; title: string }[];
    expect(sessions.filter((s) => s.title === 'Renamed by test'), JSON.stringify(sessions.map((s) => s.title))).to.deep.equal([]);
    expect(renamed).to.match(/^ses_/);
  });

  it('restores the session from the session attribute after a reload', async () => {
    await oc.script({ text: 'Remember me.' });
    const el = await mount();
    await connected(el);
    await prompt(el, 'first visit');
    await until(() => logText(el).includes('Remember me.'), 'reply');
    await idle(el);
    const session = el.getAttribute('session')!;
    fixtureCleanup();
    const again = await mount({ session });
    await connected(again);
    await until(() => logText(again)?.includes('Remember me.'), 'restored transcript');
    expect(logText(again)).to.include('first visit');
  });

  it('shows the 401 diagnosis in an alert for a wrong password', async () => {
    const el = await mount({ password: 'wrong' });
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.include('HTTP 401');
    expect(alert.textContent).to.include('OPENCODE_SERVER_PASSWORD');
    // Correcting the credentials reconnects.
    el.auth = { username: oc.username, password: oc.password! };
    await connected(el);
    await until(() => !byRole(el, 'alert'), 'alert gone');
  });

  it('is accessible in its main states', async () => {
    await oc.script({ text: 'Checking.', tool: 'bash', args: { command: 'echo a11y' } }, { text: 'Done: **ok**.\n\n```js\nconst a = 1;\n```' });
    const el = await mount();
    await connected(el);
    await el.updateComplete;
    await expect(el).shadowDom.to.be.accessible();
    await prompt(el, 'a11y please');
    await findByRole(el, 'button', 'Allow once');
    await expect(el).shadowDom.to.be.accessible();
    byRole(el, 'button', 'Allow once')!.click();
    await until(() => logText(el).includes('Done:'), 'reply');
    await idle(el);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('works by keyboard alone: send, answer a permission, stop', async () => {
    await oc.script({ tool: 'bash', args: { command: 'echo keyboard' } }, { text: 'Keyboard done.' });
    const el = await mount();
    await connected(el);
    await prompt(el, 'keyboard run');
    const allow = await findByRole(el, 'button', 'Allow once');
    // Tab from the permission's message field to "Allow once" and press it.
    byRole(el, 'textbox', 'Message to the agent (optional)')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(allow);
    await sendKeys({ press: 'Enter' });
    await until(() => logText(el).includes('Keyboard done.'), 'reply');
    // Focus went back to the composer when the prompt went away.
    expect(el.shadowRoot!.activeElement).to.equal(byRole(el, 'textbox', 'Message'));
    await idle(el);
    // Esc in the composer stops a running reply.
    await oc.script({ text: 'never ending story', chunks: 3, hang: 'kb', hangAfter: 1 });
    await prompt(el, 'talk');
    await until(() => logText(el).includes('never'), 'streaming');
    await sendKeys({ press: 'Escape' });
    await until(() => logText(el).includes('Interrupted'), 'stopped');
    await idle(el);
  });

  it("answers a subagent's permission from the parent's task card", async () => {
    await oc.script(
      { tool: 'task', args: { description: 'Run it in a subagent', prompt: 'run echo', subagent_type: 'general' } },
      { tool: 'bash', args: { command: 'echo from-child' } },
      { text: 'Child ran the command.' },
      { text: 'Parent saw the child finish.' },
    );
    const el = await mount();
    await connected(el);
    await prompt(el, 'delegate a command');
    const task = await until(() => el.shadowRoot!.querySelector<HTMLElement>('[data-tool="task"]'), 'task card');
    (await findByRole(task, 'button', 'Allow once')).click();
    await until(() => logText(el).includes('Parent saw the child finish.'), 'parent finished', 30_000);
    await idle(el);
  });

  it('Allow always stops later prompts for the pattern', async () => {
    await oc.script(
      { tool: 'bash', args: { command: 'echo always-1' } },
      { text: 'First ran.' },
      { tool: 'bash', args: { command: 'echo always-2' } },
      { text: 'Second ran.' },
    );
    const el = await mount();
    await connected(el);
    await prompt(el, 'first');
    (await findByRole(el, 'button', 'Allow always')).click();
    await until(() => logText(el).includes('First ran.'), 'first');
    await idle(el);
    await prompt(el, 'second');
    await until(() => logText(el).includes('Second ran.'), 'second ran without asking');
    expect(byRole(el, 'button', 'Allow once')).to.equal(undefined);
  });
});

// <oc-chat> against a real opencode: composer features, message actions, subagents, paging,
// shared connections and customisation.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { sendKeys } from '@web/test-runner-commands';
import { OpencodeConnection } from '@oc-elements/core';
import { startOpencode } from '../../../../harness/browser.mjs';
import { connectionContext } from '../context.js';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { allByRole, byRole, findByRole, until } from './test-support.js';

type Harness = Awaited<ReturnType<typeof startOpencode>>;
let oc: Harness;

const auth = () => ({ username: oc.username, password: oc.password! });

async function mount(): Promise<OcChat> {
  const el = await fixture<OcChat>(html`<oc-chat style="height:640px" .server=${oc.url} .auth=${auth()}></oc-chat>`);
  await until(() => el.activeConnection?.state.status === 'connected', 'connected');
  await until(() => byRole(el, 'combobox', 'Agent')?.querySelector('option'), 'catalogs');
  return el;
}

const logText = (el: OcChat) => byRole(el, 'log', 'Conversation')?.textContent ?? '';
const idle = (el: OcChat) => until(() => !el.busy && !byRole(el, 'button', 'Stop'), 'idle', 20_000);

async function prompt(el: OcChat, text: string): Promise<void> {
  const box = await findByRole(el, 'textbox', 'Message');
  box.focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

async function exchange(el: OcChat, text: string, reply: string, shown = reply): Promise<void> {
  await oc.script({ text: reply });
  await prompt(el, text);
  await until(() => logText(el).includes(shown), shown);
  await idle(el);
}

function dropFile(el: OcChat, file: File): void {
  const data = new DataTransfer();
  data.items.add(file);
  const composer = el.shadowRoot!.querySelector('[part~="composer"]')!;
  composer.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
}

describe('<oc-chat> actions with a real opencode', function () {
  this.timeout(90_000);

  before(async () => {
    oc = await startOpencode({ password: 'secret' });
  });
  after(async () => {
    await oc?.stop();
  });
  afterEach(async () => {
    fixtureCleanup();
    await oc.resetModel();
  });

  it('offers primary agents and models grouped by provider', async () => {
    const el = await mount();
    const agents = [...byRole(el, 'combobox', 'Agent')!.querySelectorAll('option')].map((o) => o.value);
    expect(agents).to.include.members(['build', 'plan']);
    expect(agents).not.to.include('explore');
    const models = byRole(el, 'combobox', 'Model')!;
    const group = [...models.querySelectorAll('optgroup')].find((g) => [...g.querySelectorAll('option')].some((o) => o.value === 'mock/mock-1'));
    expect(group, 'mock provider group').to.exist;
  });

  it('/ opens the command popover; picking fills the composer', async () => {
    const el = await mount();
    const box = await findByRole(el, 'textbox', 'Message');
    box.focus();
    await sendKeys({ type: '/' });
    const list = await findByRole(el, 'listbox', 'Commands');
    expect(allByRole(list, 'option').map((o) => o.textContent)).to.satisfy((names: string[]) => names.some((n) => n.includes('/init')));
    await sendKeys({ type: 'ini' });
    await sendKeys({ press: 'Enter' });
    expect((box as HTMLTextAreaElement).value).to.equal('/init ');
  });

  it('sends a slash command through the command route', async () => {
    const el = await mount();
    await oc.script({ text: 'Init finished.' });
    const sent: unknown[] = [];
    el.addEventListener('oc-message-send', (e) => sent.push(e.detail.command));
    await prompt(el, '/init keep it short');
    await until(() => logText(el).includes('Init finished.'), 'command reply', 30_000);
    expect(sent).to.deep.equal([{ name: 'init', arguments: 'keep it short' }]);
    // The turn shows what was typed, not the server's expanded template.
    const bubble = el.shadowRoot!.querySelector('[part~="user-message"] .user-text')!;
    expect(bubble.textContent).to.equal('/init keep it short');
    await idle(el);
  });

  it('@ mentions a file and sends it as a file part', async () => {
    const el = await mount();
    const box = await findByRole(el, 'textbox', 'Message');
    box.focus();
    await sendKeys({ type: 'look at @READ' });
    await findByRole(el, 'listbox', 'Files');
    await until(() => allByRole(el, 'option', /README\.md/).length, 'README option');
    await sendKeys({ press: 'Enter' });
    expect((box as HTMLTextAreaElement).value).to.equal('look at @README.md ');
    await oc.script({ text: 'I read it.' });
    await sendKeys({ press: 'Enter' });
    await until(() => logText(el).includes('I read it.'), 'reply');
    const { requests } = (await oc.requests()) as { requests: unknown[] };
    expect(JSON.stringify(requests.at(-1))).to.include('harness project');
    await idle(el);
  });

  it('refuses attachments the model cannot take, accepts text files', async () => {
    const el = await mount();
    const select = byRole(el, 'combobox', 'Model') as HTMLSelectElement;
    select.value = 'mock/mock-1';
    select.dispatchEvent(new Event('change'));
    dropFile(el, new File([new Uint8Array([137, 80, 78, 71])], 'pic.png', { type: 'image/png' }));
    const alert = await until(() => allByRole(el, 'alert').find((a) => a.textContent?.includes('pic.png')), 'refusal');
    expect(alert.textContent).to.include('cannot be sent to this model');
    dropFile(el, new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    await findByRole(el, 'button', 'Remove notes.txt');
    expect(byRole(el, 'button', 'Remove pic.png')).to.equal(undefined);
    dropFile(el, new File(['x'], 'blob.bin', { type: 'application/octet-stream' }));
    await until(() => allByRole(el, 'alert').find((a) => a.textContent?.includes('blob.bin')), 'binary refused');
  });

  it('sends an image to a vision model and shows it as a thumbnail', async () => {
    const el = await mount();
    const select = byRole(el, 'combobox', 'Model') as HTMLSelectElement;
    select.value = 'mock/mock-vision';
    select.dispatchEvent(new Event('change'));
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
    dropFile(el, new File([png], 'pixel.png', { type: 'image/png' }));
    await findByRole(el, 'button', 'Remove pixel.png');
    await exchange(el, 'what is in the picture?', 'A single pixel.');
    const thumb = el.shadowRoot!.querySelector<HTMLImageElement>('[part~="attachment-image"]')!;
    expect(thumb.alt).to.equal('pixel.png');
    expect(thumb.getAttribute('src')).to.match(/^data:image\/png;base64,/);
    const { requests } = (await oc.requests()) as { requests: { model?: string }[] };
    expect(requests.at(-1)!.model).to.equal('mock-vision');
  });

  it('has a script API: send(), focusComposer(), newSession()', async () => {
    const el = await mount();
    const first = await el.newSession();
    expect(el.session).to.equal(first);
    await oc.script({ text: 'Sent by script.' });
    expect(await el.send('from the API')).to.equal(true);
    await until(() => logText(el).includes('Sent by script.'), 'reply');
    await el.focusComposer();
    expect(el.shadowRoot!.activeElement).to.equal(byRole(el, 'textbox', 'Message'));
    await idle(el);
  });

  it('↑ recalls the last prompt', async () => {
    const el = await mount();
    await exchange(el, 'remember this prompt', 'ok one');
    const box = (await findByRole(el, 'textbox', 'Message')) as HTMLTextAreaElement;
    box.focus();
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(box.value).to.equal('remember this prompt');
  });

  it('reverts to a message and restores it', async () => {
    const el = await mount();
    await exchange(el, 'first prompt', 'first reply');
    await exchange(el, 'second prompt', 'second reply');
    const reverts = allByRole(el, 'button', 'Revert to here');
    reverts[1]!.click();
    await until(() => !logText(el).includes('second reply'), 'reverted');
    expect(logText(el)).to.include('1 message rolled back');
    (await findByRole(el, 'button', 'Restore')).click();
    await until(() => logText(el).includes('second reply'), 'restored');
  });

  it('forks from a message into a new session', async () => {
    const el = await mount();
    await exchange(el, 'fork base', 'base reply');
    await exchange(el, 'fork later', 'later reply');
    const original = el.session;
    const events: string[] = [];
    el.addEventListener('oc-session-change', (e) => events.push(e.detail.reason));
    allByRole(el, 'button', 'Fork from here')[1]!.click();
    await until(() => el.session !== original, 'forked');
    expect(events).to.deep.equal(['fork']);
    await until(() => logText(el).includes('base reply'), 'fork content');
    expect(logText(el)).not.to.include('later reply');
  });

  it('opens a subagent session read-only with a way back', async () => {
    const el = await mount();
    await oc.script(
      { tool: 'task', args: { description: 'Look around', prompt: 'Explore the repo', subagent_type: 'general' } },
      { text: 'Child says hello.' },
      { text: 'Parent wraps up.' },
    );
    await prompt(el, 'delegate');
    await until(() => logText(el).includes('Parent wraps up.'), 'parent done', 30_000);
    await idle(el);
    const parent = el.session;
    (await findByRole(el, 'button', 'Open subagent session')).click();
    await until(() => el.session !== parent, 'child opened');
    await until(() => logText(el).includes('Child says hello.'), 'child transcript');
    expect(byRole(el, 'textbox', 'Message')).to.equal(undefined);
    expect(el.shadowRoot!.textContent).to.include('Subagent sessions are read-only.');
    allByRole(el, 'button', 'Back to parent session')[0]!.click();
    await until(() => el.session === parent, 'back to parent');
  });

  it('uses a shared connection from context, and loads earlier messages on demand', async () => {
    const first = await mount();
    for (const n of [1, 2, 3]) await exchange(first, `page prompt ${n}`, `page reply ${n}`);
    const session = first.session!;
    fixtureCleanup();
    // A fresh connection with tiny pages, provided by an ancestor through context.
    // Three messages a page: the newest page starts inside turn 2 (its reply, not its prompt).
    const connection = new OpencodeConnection({ server: oc.url, auth: auth(), pageSize: 3 });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    new ContextProvider(host, { context: connectionContext, initialValue: connection });
    const el = document.createElement('oc-chat');
    el.style.height = '300px';
    el.setAttribute('session', session);
    host.append(el);
    await until(() => el.activeConnection === connection, 'context connection');
    await until(() => logText(el).includes('page reply 3'), 'newest page');
    const userMessages = () => el.shadowRoot!.querySelectorAll('[part~="user-message"]').length;
    // The part of turn 2 that is loaded shows (its reply), without a prompt bubble until that page loads.
    expect(logText(el)).to.include('page reply 2');
    expect(logText(el)).not.to.include('page prompt 2');
    expect(userMessages()).to.equal(1);
    (await findByRole(el, 'button', 'Load earlier messages')).click();
    await until(() => logText(el).includes('page prompt 2'), 'earlier page');
    const text = logText(el);
    expect(text.indexOf('page prompt 2')).to.be.lessThan(text.indexOf('page reply 2'));
    expect(el.shadowRoot!.querySelectorAll('[part~="turn"]').length).to.equal(userMessages());
    connection.stop();
  });

  it('connects through a host-supplied fetch and an explicit directory', async () => {
    const calls: string[] = [];
    const viaHost = (url: string, init: RequestInit = {}) => {
      calls.push(url);
      const headers = new Headers(init.headers);
      headers.set('authorization', oc.authHeader!);
      return fetch(url, { ...init, headers });
    };
    const el = await fixture<OcChat>(html`<oc-chat style="height:400px" .server=${oc.url} .fetch=${viaHost} directory=${oc.projectDir}></oc-chat>`);
    await until(() => el.activeConnection?.state.status === 'connected', 'connected');
    expect(calls.length).to.be.greaterThan(0);
    expect(calls.some((u) => u.includes(`directory=${encodeURIComponent(oc.projectDir)}`))).to.equal(true);
    await exchange(el, 'via host fetch', 'fetched fine');
  });

  it('oc-message-send can be canceled; strings can be overridden', async () => {
    const el = await mount();
    el.strings = { send: 'Envoyer', message: 'Votre message' };
    await el.updateComplete;
    el.addEventListener('oc-message-send', (e) => e.preventDefault(), { once: true });
    const box = (await findByRole(el, 'textbox', 'Votre message')) as HTMLTextAreaElement;
    box.focus();
    await sendKeys({ type: 'not sent' });
    byRole(el, 'button', 'Envoyer')!.click();
    await new Promise((r) => setTimeout(r, 300));
    expect(box.value).to.equal('not sent');
    const { requests } = (await oc.requests()) as { requests: unknown[] };
    expect(JSON.stringify(requests)).not.to.include('not sent');
  });

  it('shows an error card and fires oc-error when the provider rejects the request', async () => {
    const el = await mount();
    const errors: string[] = [];
    el.addEventListener('oc-error', (e) => errors.push(`${e.detail.action}: ${e.detail.message}`));
    await oc.script({ status: 400, message: 'mock says the request is bad' });
    await prompt(el, 'cause an error');
    const card = await until(() => el.shadowRoot!.querySelector('[part~="error-card"]'), 'error card');
    expect(card.textContent).to.include('mock says the request is bad');
    await idle(el);
    await until(() => errors.some((e) => e.startsWith('session:') && e.includes('mock says the request is bad')), 'oc-error');
  });

  it('offers "Jump to latest" when scrolled up, and copies code blocks', async () => {
    const el = await mount();
    const long = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}.`).join('\n\n') + '\n\n```js\nconst last = 1;\n```';
    await exchange(el, 'long please', long, 'Paragraph 59.');
    const log = byRole(el, 'log', 'Conversation')!;
    await until(() => log.scrollHeight - log.scrollTop - log.clientHeight < 5, 'stuck to bottom');
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    const jump = await findByRole(el, 'button', 'Jump to latest');
    jump.click();
    await until(() => !byRole(el, 'button', 'Jump to latest'), 'jump hidden');
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.lessThan(5);
    // Content that grows after it was rendered (an image loading, a block highlighted late) keeps it there.
    const before = log.scrollTop;
    [...log.querySelectorAll<HTMLElement>('[part~="markdown"]')].at(-1)!.style.paddingBottom = '300px';
    await until(() => log.scrollTop >= before + 290 && log.scrollHeight - log.scrollTop - log.clientHeight < 5, 'still at the bottom');
    const copy = await findByRole(el, 'button', 'Copy code');
    copy.click();
    expect(copy.textContent).to.equal('Copied');
  });

  it('survives a server restart: shows the reconnect state, keeps the transcript, sends again', async function () {
    this.timeout(150_000);
    const el = await mount();
    await exchange(el, 'before restart', 'reply before');
    const statuses: string[] = [];
    const started = Date.now();
    el.addEventListener('oc-connection-change', (e) => statuses.push(`${e.detail.status}@${Date.now() - started}ms`));
    await oc.restart();
    // The designed worst case: a stream the browser never reports dead (20 s watchdog), a request to the
    // restarting server that times out (15 s), then the longest backoff (15 s).
    const reconnected = () => statuses.some((s) => s.startsWith('reconnecting')) && el.activeConnection?.state.status === 'connected';
    await until(reconnected, 'reconnected', 60_000).catch((error: Error) => {
      const problem = el.activeConnection?.state.problem?.message ?? 'none';
      throw new Error(`${error.message}; statuses ${statuses.join(', ')}; last problem: ${problem}`);
    });
    expect(logText(el)).to.include('reply before');
    await exchange(el, 'after restart', 'reply after');
  });

  it('is accessible in the dark theme with the session list open', async () => {
    const el = await mount();
    el.theme = 'dark';
    await exchange(el, 'dark mode', 'Dark **reply** with `code` and a [link](https://example.com).', 'Dark reply');
    byRole(el, 'button', 'Sessions')!.click();
    await el.updateComplete;
    await expect(el).shadowDom.to.be.accessible();
  });
});

// <oc-workspace> end to end: a real opencode (scripted model) with the Playwright MCP server attached over CDP
// to the neko dev server's real remote Chromium, `"playwright_*": "ask"`, and the workspace in real Chromium
// driving the same remote browser through neko. The agent's effects and the human's are read from the REMOTE
// page over CDP (neko:* commands); what the agent sees is read from the model server's requests.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { handoffQuestion } from '@oc-elements/core';
import { startOpencode } from '../../../../harness/browser.mjs';
import { startNeko } from '../../../../harness/neko/browser.mjs';
import '../oc-workspace.js';
import type { OcWorkspace } from './workspace.component.js';
import type { OcCobrowser } from '../cobrowser/cobrowser.component.js';

type Neko = Awaited<ReturnType<typeof startNeko>>;
type Oc = Awaited<ReturnType<typeof startOpencode>>;

const WAIT = { timeout: 25_000, interval: 50 };
const CLICK = 'playwright_browser_click';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const browserOf = (el: OcWorkspace) => el.shadowRoot!.querySelector('oc-cobrowser') as OcCobrowser;
const chatOf = (el: OcWorkspace) => el.shadowRoot!.querySelector('oc-chat')!;
const bRoot = (el: OcWorkspace) => browserOf(el).shadowRoot!;
const statusText = (el: OcWorkspace) => bRoot(el).querySelector('[role="status"]')?.textContent?.trim() ?? '';
const partOf = (el: OcWorkspace, part: string) => bRoot(el).querySelector<HTMLElement>(`[part~="${part}"]`);
const cardOf = (el: OcWorkspace) => bRoot(el).querySelector('oc-handoff-card');
const chatRoot = (el: OcWorkspace) => chatOf(el).shadowRoot!;
/** The chat's hand-off card: an `<oc-handoff-card>` in the chat's transcript, whose region is named "Hand-off". */
const chatCardOf = (el: OcWorkspace) => {
  const card = chatRoot(el).querySelector('[role="log"] oc-handoff-card');
  return card?.shadowRoot?.querySelector('[role="region"][aria-label="Hand-off"]') ? card : null;
};
/** Texts of the arbitration notes in the chat's log. */
const chatNotes = (el: OcWorkspace) =>
  [...chatRoot(el).querySelectorAll('[role="log"] [part~="arbitration-event"][role="note"]')].map((n) => n.querySelector('span')!.textContent!.trim());
const buttonIn = (root: ParentNode | null | undefined, name: string) =>
  root ? ([...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === name) ?? null) : null;

function centre(node: Element): [number, number] {
  const r = node.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

/** A real click on one of the element's own buttons. */
async function press(root: ParentNode | null | undefined, name: string) {
  await waitUntil(() => buttonIn(root, name) && !buttonIn(root, name)!.disabled, `button "${name}"`, WAIT);
  await sendMouse({ type: 'click', position: centre(buttonIn(root, name)!) });
}

describe('<oc-workspace>', function () {
  this.timeout(120_000);
  let neko: Neko;
  let oc: Oc;
  const cleanups: (() => unknown)[] = [];

  before(async () => {
    await setViewport({ width: 1400, height: 900 });
    neko = await startNeko({ width: 1280, height: 720, fps: 20 });
    oc = await startOpencode({ password: 'secret', permission: { 'playwright_*': 'ask' }, browserMcp: { cdpEndpoint: neko.cdpUrl } });
  });

  after(async () => {
    await oc?.stop();
    await neko?.stop();
  });

  beforeEach(async () => {
    await neko.setHost(null);
    await neko.resetPage();
  });

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await resetMouse();
    await neko.setHost(null);
  });

  async function mount(user = 'alice', width = 1300, height = 820): Promise<OcWorkspace> {
    const el = document.createElement('oc-workspace');
    el.style.cssText = `display:block;width:${width}px;--oc-workspace-height:${height}px`;
    el.server = oc.url;
    el.auth = { username: oc.username!, password: 'secret' };
    el.browser = neko.url;
    el.browserAuth = { username: user, password: 'neko' };
    await fixture(html`<div>${el}</div>`);
    cleanups.push(() => el.remove());
    return el;
  }

  /** Connected on both servers, video playing, arbiter in place. */
  async function ready(el: OcWorkspace) {
    const b = browserOf(el);
    await waitUntil(
      () => b.nekoClient?.state.connection.status === 'streaming' && el.arbiter && el.activeConnection?.state.status === 'connected',
      'workspace connected',
      WAIT,
    );
    const video = partOf(el, 'video') as HTMLVideoElement;
    await waitUntil(() => video.videoWidth === neko.width && video.readyState >= 2, 'video playing', WAIT);
  }

  /** Records every text the status and the agent-action overlay show (each render, via a MutationObserver). */
  function record(el: OcWorkspace) {
    const seen = { status: new Set<string>(), action: new Set<string>() };
    const read = () => {
      seen.status.add(statusText(el));
      const a = partOf(el, 'agent-action')?.textContent?.replace(/\s+/g, ' ').trim();
      if (a) seen.action.add(a);
    };
    const mo = new MutationObserver(read);
    mo.observe(bRoot(el), { subtree: true, childList: true, characterData: true, attributes: true });
    read();
    cleanups.push(() => mo.disconnect());
    return seen;
  }

  async function newSession(text: string): Promise<string> {
    const session = (await oc.api('/session', { method: 'POST', body: { title: text } })) as { id: string };
    await oc.api(`/session/${session.id}/prompt_async`, { method: 'POST', body: { parts: [{ type: 'text', text }] } });
    await waitUntil(async () => session.id in ((await oc.api('/session/status')) as object), 'session busy', WAIT);
    return session.id;
  }
  const idle = (sid: string) => waitUntil(async () => !(sid in ((await oc.api('/session/status')) as object)), 'session idle', { timeout: 40_000, interval: 100 });
  const lastRequest = async () => {
    const { requests } = (await oc.requests()) as { requests: { messages: unknown[] }[] };
    return JSON.stringify(requests.at(-1)?.messages.at(-1));
  };

  /** Page position of a remote screen pixel inside the element's video box. */
  async function clickRemote(el: OcWorkspace, elementId: string) {
    const r = await neko.rect(elementId);
    const vr = partOf(el, 'video')!.getBoundingClientRect();
    const x = Math.round(vr.left + ((r.x + r.width / 2 + 0.5) * vr.width) / neko.width);
    const y = Math.round(vr.top + ((r.y + r.height / 2 + 0.5) * vr.height) / neko.height);
    await sendMouse({ type: 'click', position: [x, y] });
  }

  it('the agent navigates and clicks in the remote browser; the element shows the agent driving and what it does', async () => {
    const el = await mount();
    await ready(el);
    expect(statusText(el)).to.equal('Nobody is driving');
    const seen = record(el);
    const base = (await neko.state()).count;
    await oc.script(
      { tool: 'playwright_browser_navigate', args: { url: `${neko.pageUrl}?agent=1` } },
      { tool: CLICK, args: { element: 'the counter', target: '#counter' } },
      { text: 'Clicked it.' },
    );
    const sid = await newSession('navigate and click');
    await idle(sid);
    await waitUntil(() => statusText(el) === 'Nobody is driving', 'back to idle', WAIT);
    expect(await neko.eval('location.href')).to.match(/\?agent=1$/);
    expect((await neko.state()).count).to.equal(base + 1);
    expect([...seen.status]).to.include('Agent is driving');
    expect([...seen.action].join(' | ')).to.include("Clicking 'the counter'");
    expect([...seen.action].join(' | ')).to.include(`Navigating to ${neko.pageUrl}?agent=1`);
    const log = el.arbiter!.timeline.events.map((e) => `${e.from}>${e.to}:${e.by}`);
    expect(log).to.include.members(['idle>agent:agent', 'agent>idle:agent']);
  });

  it('a human takes control mid-task: the agent’s next click waits and does not reach the page; hand back → it proceeds', async () => {
    const el = await mount();
    await ready(el);
    const base = (await neko.state()).count;
    await oc.script(
      { tool: CLICK, args: { element: 'the counter', target: '#counter' } },
      { tool: CLICK, args: { element: 'the counter again', target: '#counter' }, hang: 'second' },
      { text: 'Done clicking.' },
    );
    const sid = await newSession('click twice');
    el.session = sid;
    await waitUntil(async () => (await neko.state()).count === base + 1 && ((await oc.requests()) as { hanging: number }).hanging === 1, 'first agent click', WAIT);

    await press(bRoot(el), 'Take control');
    await waitUntil(() => el.arbiter!.getState().inputAllowed && statusText(el) === 'You are driving', 'you drive', WAIT);
    expect(buttonIn(bRoot(el), 'Hand back to agent')).to.exist;
    await oc.release('second');
    await waitUntil(() => el.arbiter!.getState().waiting.length === 1, 'agent click held (permission pending)', WAIT);
    expect(el.arbiter!.getState().mode).to.equal('paused');
    await waitUntil(() => partOf(el, 'waiting')?.textContent?.includes("Clicking 'the counter again'"), 'the element shows the held action', WAIT);
    const pending = (await oc.api('/permission')) as { permission: string }[];
    expect(pending.map((p) => p.permission)).to.deep.equal([CLICK]);

    // The human clicks the remote counter through the element (real mouse → neko → X11).
    await clickRemote(el, 'counter');
    await waitUntil(async () => (await neko.state()).count === base + 2, 'the human click landed', WAIT);
    await sleep(1000);
    expect((await neko.state()).count, 'the agent’s click did not reach the browser').to.equal(base + 2);

    await waitUntil(() => chatNotes(el).includes('You took control'), 'the chat notes the take', WAIT);
    await press(bRoot(el), 'Hand back to agent');
    await idle(sid);
    await waitUntil(() => chatNotes(el).includes('Handed back to the agent'), 'the chat notes the hand back', WAIT);
    const notes = chatNotes(el);
    expect(notes.indexOf('You took control')).to.be.lessThan(notes.indexOf('Handed back to the agent'));
    expect((await neko.state()).count).to.equal(base + 3);
    await waitUntil(() => statusText(el) === 'Nobody is driving', 'idle again', WAIT);
    const log = el.arbiter!.timeline.events.map((e) => `${e.from}>${e.to}:${e.by}`);
    expect(log).to.include.members(['agent>paused:human', 'paused>agent:human']);
  });

  it('hand-off: the human types into the remote page and presses Done; Couldn’t (with a note) reaches the agent too', async () => {
    const el = await mount();
    await ready(el);
    // Each element names the card's strings alike; the ones not given stay English.
    el.chatStrings = { handoffTitle: 'Der Agent braucht dich' };
    el.browserStrings = { handoffTitle: 'Der Agent braucht Sie' };
    const reason = 'Please type your name into the text box, then press Done';
    await oc.script({ tool: 'question', args: handoffQuestion(reason) }, { match: { lastRole: 'tool' }, text: 'Thanks, got it.' });
    let sid = await newSession('hand-off done');
    el.session = sid;
    await waitUntil(() => cardOf(el)?.shadowRoot?.textContent?.includes(reason), 'hand-off card', WAIT);
    // The chat shows the same hand-off as a card (not the generic question form), and it drives the flow here.
    await waitUntil(() => chatCardOf(el)?.shadowRoot?.textContent?.includes(reason), 'hand-off card in the chat', WAIT);
    expect(chatRoot(el).querySelector('[role="log"] form[part~="question"]'), 'no generic question form').to.equal(null);
    expect(buttonIn(chatCardOf(el)!.shadowRoot, 'Done')).to.equal(null);
    const title = (card: Element | null | undefined) => card!.shadowRoot!.querySelector('[part~="title"]')!.textContent;
    expect([title(chatCardOf(el)), title(cardOf(el))]).to.deep.equal(['Der Agent braucht dich', 'Der Agent braucht Sie']);
    expect(statusText(el)).to.equal('Nobody is driving');
    await press(chatCardOf(el)!.shadowRoot, 'Take control');
    await waitUntil(() => el.arbiter!.getState().inputAllowed && buttonIn(chatCardOf(el)?.shadowRoot, 'Done'), 'Done offered in the chat', WAIT);
    expect(buttonIn(chatCardOf(el)!.shadowRoot, "Couldn't")).to.exist;
    expect(statusText(el)).to.equal('You are driving');
    await waitUntil(() => chatNotes(el).includes('You took control'), 'the chat notes the take', WAIT);
    await clickRemote(el, 'text');
    await waitUntil(async () => (await neko.state()).focused === 'text', 'remote text box focused', WAIT);
    await sendKeys({ type: 'Ada' });
    await waitUntil(async () => (await neko.state()).text === 'Ada', 'typed into the remote page', WAIT);
    await press(chatCardOf(el)!.shadowRoot, 'Done');
    await idle(sid);
    const answer = await lastRequest();
    expect(answer).to.include('Done');
    await waitUntil(() => !cardOf(el) && !chatCardOf(el) && statusText(el) === 'Nobody is driving', 'cards gone, handed back', WAIT);
    await waitUntil(() => chatNotes(el).includes('Hand-off: Done') && chatNotes(el).includes('Handed back to the agent'), 'the chat notes the hand back', WAIT);
    const notes = chatNotes(el);
    expect(notes.indexOf('You took control')).to.be.lessThan(notes.indexOf('Handed back to the agent'));
    // The notes sit in the log among the turns, after the hand-off request.
    expect(notes[0]).to.equal('The agent asked for a hand-off');

    await oc.script({ tool: 'question', args: handoffQuestion('Please log in') }, { match: { lastRole: 'tool' }, text: 'Understood.' });
    sid = await newSession('hand-off failed');
    await waitUntil(() => cardOf(el)?.shadowRoot?.textContent?.includes('Please log in'), 'second card', WAIT);
    await press(cardOf(el)!.shadowRoot, 'Take control');
    await waitUntil(() => buttonIn(cardOf(el)?.shadowRoot, "Couldn't"), "Couldn't offered", WAIT);
    const note = cardOf(el)!.shadowRoot!.querySelector('input')!;
    await sendMouse({ type: 'click', position: centre(note) });
    await sendKeys({ type: 'no account' });
    await press(cardOf(el)!.shadowRoot, "Couldn't");
    await idle(sid);
    const failed = await lastRequest();
    expect(failed).to.include("Couldn't").and.include('no account');
  });

  it('ask policy: each agent browser call waits for Allow or Deny in the element; oc-driver-change tells who drives', async () => {
    const el = await mount();
    el.policy = 'ask';
    const changes: string[] = [];
    el.addEventListener('oc-driver-change', (e) => changes.push(`${e.detail.mode}:${e.detail.driver}`));
    await ready(el);
    await waitUntil(() => el.arbiter!.getState().policy === 'ask', 'ask policy', WAIT);
    const base = (await neko.state()).count;
    await oc.script(
      { tool: CLICK, args: { element: 'the counter', target: '#counter' } },
      { tool: CLICK, args: { element: 'the counter again', target: '#counter' } },
      { text: 'One click allowed, one denied.' },
    );
    const sid = await newSession('ask before clicking');

    await waitUntil(() => partOf(el, 'waiting')?.textContent?.includes("The agent wants to: Clicking 'the counter'"), 'first click waits for an Allow', WAIT);
    await sleep(500);
    expect((await neko.state()).count, 'nothing reached the page before the Allow').to.equal(base);
    await press(partOf(el, 'waiting'), 'Allow');
    await waitUntil(async () => (await neko.state()).count === base + 1, 'the allowed click landed', WAIT);

    await waitUntil(() => partOf(el, 'waiting')?.textContent?.includes("Clicking 'the counter again'"), 'second click waits', WAIT);
    await press(partOf(el, 'waiting'), 'Deny');
    await idle(sid);
    expect((await neko.state()).count, 'the denied click never ran').to.equal(base + 1);
    expect(await lastRequest()).to.include('The human denied this browser action.');
    expect(partOf(el, 'waiting')).to.equal(null);
    await waitUntil(() => changes.at(-1) === 'idle:nobody', 'oc-driver-change: back to nobody', WAIT);
    // Fired on changes only: the agent's turn, then nobody again (the first state came with the mount).
    expect(changes).to.deep.equal(['agent:agent', 'idle:nobody']);
  });

  it('privacy: while the human drives, the toggle holds even a look at the page until it is cleared', async () => {
    const el = await mount();
    const changes: string[] = [];
    el.addEventListener('oc-driver-change', (e) => changes.push(`${e.detail.driver}:${e.detail.you}`));
    await ready(el);
    await press(bRoot(el), 'Take control');
    await waitUntil(() => el.arbiter!.getState().inputAllowed, 'you drive', WAIT);
    await waitUntil(() => changes.includes('human:true'), 'oc-driver-change: you drive', WAIT);
    const toggle = partOf(el, 'privacy')!.querySelector('input')!;
    expect(toggle.checked).to.equal(false);
    await sendMouse({ type: 'click', position: centre(toggle) });
    await waitUntil(() => el.arbiter!.getState().privacy && toggle.checked, 'privacy on', WAIT);

    await oc.script({ tool: 'playwright_browser_snapshot', args: {} }, { text: 'I looked.' });
    const sid = await newSession('look at the page');
    await waitUntil(() => partOf(el, 'waiting')?.textContent?.includes('Waits for the hand back: Reading the page'), 'the look waits', WAIT);
    await sleep(1000);
    const pending = (await oc.api('/permission')) as { permission: string }[];
    expect(pending.map((p) => p.permission), 'still held').to.deep.equal(['playwright_browser_snapshot']);

    // Cleared with the keyboard this time: a look at the page may go while the human still drives.
    toggle.focus();
    await sendKeys({ press: 'Space' });
    await idle(sid);
    expect(toggle.checked).to.equal(false);
    expect(await lastRequest()).to.include('neko dev test page');
    expect(statusText(el)).to.equal('You are driving');
    await press(bRoot(el), 'Hand back to agent');
    await waitUntil(() => changes.at(-1) === 'nobody:false', 'oc-driver-change: handed back', WAIT);
  });

  it('reload mid-task: re-created elements restore the arbitration state from the servers', async () => {
    // Bob (another page) drives and holds the agent's click; Alice's page reloads.
    const bob = await mount('bob', 1300, 440);
    await ready(bob);
    await press(bRoot(bob), 'Take control');
    await waitUntil(() => bob.arbiter!.getState().inputAllowed, 'Bob drives', WAIT);
    const base = (await neko.state()).count;
    await oc.script({ tool: CLICK, args: { element: 'the counter', target: '#counter' } }, { tool: 'question', args: handoffQuestion('Please confirm the count') }, { match: { lastRole: 'tool' }, text: 'ok' });
    const sid = await newSession('click while bob drives');
    await waitUntil(() => bob.arbiter!.getState().waiting.length === 1, 'held', WAIT);

    let alice = await mount('alice', 1300, 440);
    await ready(alice);
    alice.remove(); // reload: everything the page had is gone
    alice = await mount('alice', 1300, 440);
    await ready(alice);
    await waitUntil(() => statusText(alice) === 'bob is driving' && partOf(alice, 'agent-action')?.textContent?.includes("Clicking 'the counter'"), 'restored: bob drives, agent waits', WAIT);
    const s = alice.arbiter!.getState();
    expect([s.mode, s.driver, s.you, s.waiting.length]).to.deep.equal(['paused', 'human', false, 1]);
    expect(alice.arbiter!.timeline.events[0]?.by).to.equal('system');
    expect((await neko.state()).count).to.equal(base);

    await press(bRoot(bob), 'Hand back to agent');
    await waitUntil(async () => (await neko.state()).count === base + 1, 'the agent click ran after the hand back', WAIT);
    // A pending hand-off survives a reload too.
    await waitUntil(() => cardOf(alice)?.shadowRoot?.textContent?.includes('Please confirm the count'), 'hand-off card', WAIT);
    alice.remove();
    alice = await mount('alice', 1300, 440);
    await ready(alice);
    await waitUntil(() => cardOf(alice)?.shadowRoot?.textContent?.includes('Please confirm the count'), 'hand-off card restored', WAIT);
    await press(cardOf(alice)!.shadowRoot, 'Take control');
    await press(cardOf(alice)!.shadowRoot, 'Done');
    await idle(sid);
    expect(await lastRequest()).to.include('Done');
  });

  it('is accessible, shares one connection with the chat, and stacks when narrow', async () => {
    const el = await mount('alice', 1300);
    await ready(el);
    expect((chatOf(el) as unknown as { activeConnection: unknown }).activeConnection).to.equal(el.activeConnection);
    expect(browserOf(el).activeArbitration).to.equal(el.arbiter);
    await expect(el).shadowDom.to.be.accessible();
    const side = () => {
      const c = chatOf(el).getBoundingClientRect();
      const b = browserOf(el).getBoundingClientRect();
      return { sideBySide: b.left >= c.right - 1 && Math.abs(b.top - c.top) < 2, stacked: b.top >= c.bottom - 1 && Math.abs(b.left - c.left) < 2 };
    };
    expect(side()).to.deep.equal({ sideBySide: true, stacked: false });
    el.style.width = '600px';
    await waitUntil(() => side().stacked, 'stacked when narrow', WAIT);
    expect(side().sideBySide).to.equal(false);
    el.style.width = '1300px';
    await waitUntil(() => side().sideBySide, 'side by side again', WAIT);
    // Parts of the inner elements are exported.
    expect(partOf(el, 'toolbar')!.getAttribute('part')).to.equal('toolbar');
    expect(browserOf(el).getAttribute('exportparts')).to.include('toolbar:browser-toolbar');
    expect(chatOf(el).getAttribute('exportparts')).to.include('send:chat-send');
    // Strings reach both inner elements.
    el.chatStrings = { send: 'Senden' };
    el.browserStrings = { handBack: 'Zurück an den Agenten', takeControl: 'Steuerung übernehmen' };
    await waitUntil(() => chatOf(el).shadowRoot!.querySelector('[part~="send"]')?.textContent?.trim() === 'Senden', 'the chat in German', WAIT);
    const browser = browserOf(el).shadowRoot!;
    await waitUntil(() => [...browser.querySelectorAll('button')].some((b) => /^(Zurück an den Agenten|Steuerung übernehmen)$/.test(b.textContent!.trim())), 'the browser in German', WAIT);
  });

  it('each element still works alone: a standalone <oc-cobrowser> with an arbiter property', async () => {
    const { OpencodeConnection, createArbiter } = await import('@oc-elements/core');
    const b = document.createElement('oc-cobrowser');
    b.style.cssText = 'display:block;width:800px;height:500px';
    b.server = neko.url;
    b.auth = { username: 'carol', password: 'neko' };
    await fixture(html`<div>${b}</div>`);
    cleanups.push(() => b.remove());
    await waitUntil(() => b.nekoClient?.state.connection.status === 'streaming', 'streaming', WAIT);
    expect(b.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).to.equal('Nobody is driving');
    expect(buttonIn(b.shadowRoot, 'Hand back to agent')).to.equal(null);
    const connection = new OpencodeConnection({ server: oc.url, auth: { username: oc.username!, password: 'secret' } });
    await connection.start();
    const arbiter = createArbiter({ connection, neko: b.nekoClient });
    cleanups.push(() => (arbiter.dispose(), connection.stop()));
    b.arbiter = arbiter;
    await waitUntil(() => b.shadowRoot!.querySelector('[part~="privacy"]'), 'arbitration mode', WAIT);
    await press(b.shadowRoot, 'Take control');
    await waitUntil(() => b.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim() === 'You are driving', 'carol drives', WAIT);
    await press(b.shadowRoot, 'Hand back to agent');
    await waitUntil(() => b.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim() === 'Nobody is driving', 'handed back', WAIT);
  });
});

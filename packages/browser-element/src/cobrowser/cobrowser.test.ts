// <oc-cobrowser> end to end: every behaviour runs against the neko-v3-compatible dev server started through
// harness/neko/wtr-plugin.mjs (real werift WebRTC, real remote Chromium under Xvfb, real X input). Input goes
// in through real browser events (sendMouse / sendKeys / a real wheel), and the effect is read from the
// REMOTE page over CDP.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { computeViewport } from '@oc-elements/core';
import { sendWheel, startNeko } from '../../../../harness/neko/browser.mjs';
import '../oc-cobrowser.js';
import type { OcCobrowser } from './cobrowser.component.js';

type Neko = Awaited<ReturnType<typeof startNeko>>;

const screenOf = (el: OcCobrowser) => el.shadowRoot!.querySelector<HTMLElement>('[part~="screen"]')!;
const videoOf = (el: OcCobrowser) => el.shadowRoot!.querySelector<HTMLVideoElement>('[part~="video"]')!;
const statusOf = (el: OcCobrowser) => el.shadowRoot!.querySelector<HTMLElement>('[role="status"]')!;
const overlayOf = (el: OcCobrowser) => el.shadowRoot!.querySelector<HTMLElement>('[part~="overlay"]');
const button = (root: ParentNode, name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === name) ?? null;
const sessionIdOf = (el: OcCobrowser) => el.nekoClient!.state.sessionId!;
const connection = (el: OcCobrowser) => el.nekoClient?.state.connection.status;

const WAIT = { timeout: 20_000, interval: 50 };
const QUICK = { timeout: 5_000, interval: 50 };

/** Resolves on the next video frame presented by the compositor (a real decoded frame). */
function nextFrame(video: HTMLVideoElement, timeoutMs = 10_000): Promise<VideoFrameCallbackMetadata> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no video frame')), timeoutMs);
    video.requestVideoFrameCallback((_now, meta) => {
      clearTimeout(t);
      resolve(meta);
    });
  });
}

async function mount(neko: Neko, opts: { user?: string; password?: string; viewOnly?: boolean; width?: number; height?: number; server?: string; clientOptions?: object } = {}) {
  const el = document.createElement('oc-cobrowser');
  el.style.cssText = `display:block;width:${opts.width ?? 780}px;height:${opts.height ?? 540}px`;
  el.viewOnly = !!opts.viewOnly;
  el.server = opts.server ?? neko.url;
  if (opts.clientOptions) el.clientOptions = opts.clientOptions;
  el.auth = { username: opts.user ?? 'alice', password: opts.password ?? 'neko' };
  return el;
}

async function streaming(el: OcCobrowser, neko: Neko) {
  const video = videoOf(el);
  await waitUntil(() => connection(el) === 'streaming' && video.videoWidth === neko.width && video.readyState >= 2, 'streaming with video', WAIT);
  await nextFrame(video);
}

/** Centre of a node in page CSS px, as integers for sendMouse. */
function centre(node: Element): [number, number] {
  const r = node.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

async function clickUi(root: ParentNode, name: string) {
  const b = button(root, name);
  expect(b, `button "${name}"`).to.exist;
  await sendMouse({ type: 'click', position: centre(b!) });
}

/** Page position (integer CSS px) of a remote screen pixel, through the letterboxed video box. */
function pagePoint(el: OcCobrowser, neko: Neko, rx: number, ry: number): [number, number] {
  const vr = videoOf(el).getBoundingClientRect();
  return [Math.round(vr.left + ((rx + 0.5) * vr.width) / neko.width), Math.round(vr.top + ((ry + 0.5) * vr.height) / neko.height)];
}

/** Remote pixel that a page position maps to (independent of the element's own mapping code). */
function remotePixel(el: OcCobrowser, neko: Neko, [px, py]: [number, number]) {
  const vr = videoOf(el).getBoundingClientRect();
  return { x: Math.floor(((px - vr.left) * neko.width) / vr.width), y: Math.floor(((py - vr.top) * neko.height) / vr.height) };
}

/** A real mouse click on the centre of an element of the remote page, through the element. */
async function clickRemote(el: OcCobrowser, neko: Neko, elementId: string) {
  const r = await neko.rect(elementId);
  const at = pagePoint(el, neko, Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2));
  await sendMouse({ type: 'click', position: at });
  return at;
}

/** Count stays put for a while (negative checks need some time for input that should not arrive). */
async function stays<T>(read: () => Promise<T>, expected: T, ms = 700) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await read()).to.deep.equal(expected);
    await new Promise((r) => setTimeout(r, 100));
  }
}


describe('<oc-cobrowser>', function () {
  this.timeout(60_000);
  let neko: Neko;

  before(async () => {
    neko = await startNeko({ width: 1280, height: 720, fps: 30 });
  });

  after(async () => {
    await neko?.stop();
  });

  beforeEach(async () => {
    await neko.setHost(null);
    await neko.resetPage();
  });

  afterEach(async () => {
    await resetMouse();
  });

  it('is defined and exposes the DOM contract without a server', async () => {
    const el = await fixture<OcCobrowser>(html`<oc-cobrowser></oc-cobrowser>`);
    expect(customElements.get('oc-cobrowser')).to.equal(el.constructor);
    const screen = screenOf(el);
    expect(screen.getAttribute('role')).to.equal('application');
    expect(screen.getAttribute('aria-label')).to.equal('Remote browser');
    expect(screen.tabIndex).to.equal(0);
    screen.focus();
    expect(el.shadowRoot!.activeElement).to.equal(screen);
    expect(statusOf(el).textContent).to.match(/nobody/i);
    for (const part of ['base', 'toolbar', 'status', 'screen', 'stage', 'video', 'overlay']) {
      expect(el.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.exist;
    }
    expect(videoOf(el).muted).to.be.true;
    expect(button(el.shadowRoot!, 'Unmute')).to.exist;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('shows every string from `strings`, English for the ones not given', async () => {
    const strings = {
      notConnected: 'Nicht verbunden',
      screen: 'Entfernter Browser',
      nobodyDriving: 'Niemand steuert',
      youDriving: 'Sie steuern',
      takeControl: 'Steuerung übernehmen',
      releaseControl: 'Steuerung abgeben',
      live: 'Verbunden',
      unmute: 'Ton an',
    };
    const idle = await fixture<OcCobrowser>(html`<oc-cobrowser .strings=${strings}></oc-cobrowser>`);
    expect(overlayOf(idle)!.textContent!.trim()).to.equal('Nicht verbunden');
    expect(screenOf(idle).getAttribute('aria-label')).to.equal('Entfernter Browser');
    expect(statusOf(idle).textContent).to.equal('Niemand steuert');
    expect(button(idle.shadowRoot!, 'Ton an')).to.exist;
    expect(button(idle.shadowRoot!, 'Fullscreen'), 'a string not given stays English').to.exist;

    const el = await mount(neko);
    el.strings = strings;
    await fixture(html`<div>${el}</div>`);
    await streaming(el, neko);
    expect(el.shadowRoot!.querySelector('[part~="connection"]')!.textContent).to.equal('Verbunden');
    await clickUi(el.shadowRoot!, 'Steuerung übernehmen');
    await waitUntil(() => statusOf(el).textContent === 'Sie steuern', 'driving, in German', QUICK);
    await clickUi(el.shadowRoot!, 'Steuerung abgeben');
    await waitUntil(() => statusOf(el).textContent === 'Niemand steuert', 'released, in German', QUICK);
  });

  it('connects, shows the first frame at the remote screen size, letterboxed, and never reflects credentials', async () => {
    const el = await mount(neko, { password: 'neko' });
    const states: string[] = [];
    el.addEventListener('oc-connection-change', (e) => states.push(e.detail.status));
    const t0 = performance.now();
    await fixture(html`<div>${el}</div>`);
    await streaming(el, neko);
    const ms = Math.round(performance.now() - t0);
    const video = videoOf(el);
    expect([video.videoWidth, video.videoHeight]).to.deep.equal([neko.width, neko.height]);
    expect(el.nekoClient!.state.screen).to.include({ width: neko.width, height: neko.height });
    expect(states).to.deep.equal(['idle', 'logging-in', 'connecting', 'negotiating', 'streaming']);
    expect(overlayOf(el)).to.equal(null);
    expect(button(el.shadowRoot!, 'Take control')).to.exist;
    // the server sees a watching, connected member
    const me = (await neko.sessions()).find((s) => s.id === sessionIdOf(el))!;
    expect(me).to.include({ name: 'alice', connected: true, watching: true, isHost: false });
    // the video box is exactly the letterboxed picture
    const screen = screenOf(el);
    const v = computeViewport({ width: screen.clientWidth, height: screen.clientHeight }, { width: neko.width, height: neko.height }, 'fit');
    const vr = video.getBoundingClientRect();
    const sr = screen.getBoundingClientRect();
    expect(v.y, 'letterbox bars above/below').to.be.greaterThan(1);
    expect(vr.left - sr.left - screen.clientLeft).to.be.closeTo(v.x, 0.5);
    expect(vr.top - sr.top - screen.clientTop).to.be.closeTo(v.y, 0.5);
    expect(vr.width).to.be.closeTo(v.width, 0.5);
    expect(vr.height).to.be.closeTo(v.height, 0.5);
    // credentials stay in memory
    expect(el.outerHTML).not.to.match(/password|neko/);
    expect([...el.attributes].map((a) => a.name)).not.to.include('auth');
    console.log(`connect → first frame: ${ms} ms`);
  });

  it('drives the remote page: real click, typing, wheel, then releases control', async () => {
    const el = await mount(neko);
    await fixture(html`<div>${el}</div>`);
    await streaming(el, neko);
    const sid = sessionIdOf(el);
    const before = await neko.state();

    // nothing reaches the remote while we do not drive
    await clickRemote(el, neko, 'counter');
    await stays(async () => (await neko.state()).count, before.count, 500);

    const change = oneEvent(el, 'oc-control-change');
    await clickUi(el.shadowRoot!, 'Take control');
    expect((await change).detail).to.deep.equal({ driver: 'you', hostId: sid, name: 'You' });
    await el.updateComplete;
    expect(statusOf(el).textContent).to.match(/You are driving/);
    expect((await neko.sessions()).find((s) => s.id === sid)!.isHost).to.be.true;

    // click: the remote button counts, and the press landed on the remote pixel under the real mouse
    const at = await clickRemote(el, neko, 'counter');
    await waitUntil(async () => (await neko.state()).count === before.count + 1, 'remote counter clicked', QUICK);
    const down = (await neko.eval(`__events.filter((e) => e.type === 'mousedown').at(-1)`)) as { screenX: number; screenY: number; trusted: boolean };
    const expected = remotePixel(el, neko, at);
    expect(down.trusted).to.be.true;
    expect(down.screenX).to.be.closeTo(expected.x, 1);
    expect(down.screenY).to.be.closeTo(expected.y, 1);

    // typing: capitals (typed and with a held Shift), symbols, then Enter
    await clickRemote(el, neko, 'text');
    await waitUntil(async () => (await neko.state()).focused === 'text', 'remote input focused', QUICK);
    await sendKeys({ type: 'Hello, World! #42 (a&b) ~@$%^*_+{}|:"<>?' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'KeyQ' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    const want = 'Hello, World! #42 (a&b) ~@$%^*_+{}|:"<>?Q';
    await waitUntil(async () => (await neko.state()).text === want, 'remote input value', QUICK).catch(async (e) => {
      throw new Error(`${e.message}: got ${JSON.stringify((await neko.state()).text)}`);
    });
    await waitUntil(async () => (await neko.eval(`__events.some((e) => e.type === 'keydown' && e.key === 'Enter' && e.trusted)`)) === true, 'remote Enter', QUICK);

    // wheel over the picture scrolls the remote page
    const [cx, cy] = centre(videoOf(el));
    await sendWheel({ position: [cx, cy], deltaY: 400 });
    await waitUntil(async () => (await neko.state()).scrollY > 100, 'remote page scrolled down', QUICK);
    // Wheel clicks land one by one: read the position only once it stopped moving.
    let scrolled = -1;
    await waitUntil(async () => {
      const now = (await neko.state()).scrollY;
      const settled = now === scrolled;
      scrolled = now;
      return settled;
    }, 'remote scroll settled', { timeout: 5_000, interval: 250 });
    await sendWheel({ position: [cx, cy], deltaY: -200 });
    await waitUntil(async () => (await neko.state()).scrollY < scrolled, 'remote page scrolled back up', QUICK);

    // pointer moves are coalesced to one data-channel message per animation frame
    const t = Date.now();
    const sr = screenOf(el).getBoundingClientRect();
    for (let i = 0; i < 10; i++) {
      screenOf(el).dispatchEvent(new PointerEvent('pointermove', { clientX: sr.left + 100 + i, clientY: sr.top + 100, bubbles: true, composed: true }));
    }
    await waitUntil(async () => (await neko.input(sid, t)).some((m) => m.op === 'move'), 'move arrived', QUICK);
    await new Promise((r) => setTimeout(r, 150));
    expect((await neko.input(sid, t)).filter((m) => m.op === 'move' && m.kind === 'dc')).to.have.length(1);

    // release: the server has no host, and clicks do nothing any more
    const released = oneEvent(el, 'oc-control-change');
    await clickUi(el.shadowRoot!, 'Release control');
    expect((await released).detail.driver).to.equal('none');
    await waitUntil(async () => (await neko.sessions()).every((s) => !s.isHost), 'no host on the server', QUICK);
    const count = (await neko.state()).count;
    await clickRemote(el, neko, 'counter');
    await stays(async () => (await neko.state()).count, count, 500);
  });

  it('two members: request while the other drives, give, release; nobody drives without hosting', async () => {
    const alice = await mount(neko, { user: 'alice', height: 280 });
    const bob = await mount(neko, { user: 'bob', height: 280, clientOptions: { controlRequestTimeoutMs: 1500 } });
    await fixture(html`<div>${alice}${bob}</div>`);
    await Promise.all([streaming(alice, neko), streaming(bob, neko)]);
    const [aid, bid] = [sessionIdOf(alice), sessionIdOf(bob)];
    const count0 = (await neko.state()).count;

    await clickUi(alice.shadowRoot!, 'Take control');
    await waitUntil(() => /alice is driving/.test(statusOf(bob).textContent!), 'bob sees alice driving', QUICK);

    // bob asks; alice is told; bob's input goes nowhere meanwhile
    const t = Date.now();
    const timeout = oneEvent(bob, 'oc-error');
    await clickUi(bob.shadowRoot!, 'Take control');
    await waitUntil(() => alice.shadowRoot!.querySelector('[part~="requests"]')?.textContent?.includes('bob asks for control'), 'alice sees the request', QUICK);
    await waitUntil(() => bob.shadowRoot!.querySelector('[part~="notice"]')?.textContent?.includes('Asked alice for control'), 'bob sees his pending request', QUICK);
    await clickRemote(bob, neko, 'counter');
    await stays(async () => (await neko.state()).count, count0, 400);
    expect((await neko.input(bid, t)).filter((m) => m.op !== 'ping' && m.op !== 'request')).to.deep.equal([]);
    const { detail } = await timeout;
    expect(detail.code).to.equal('control-timeout');
    expect(detail.message).to.contain('alice');

    // alice gives control to bob (the click on her own "Give control" is not remote input)
    const tg = Date.now();
    const bobDrives = oneEvent(bob, 'oc-control-change');
    await clickUi(alice.shadowRoot!.querySelector('[part~="requests"]')!, 'Give control');
    expect((await bobDrives).detail).to.include({ driver: 'you', hostId: bid });
    expect((await neko.input(aid, tg)).filter((m) => m.op.startsWith('button'))).to.deep.equal([]);
    await waitUntil(() => /bob is driving/.test(statusOf(alice).textContent!), 'alice sees bob driving', QUICK);
    expect((await neko.sessions()).find((s) => s.isHost)!.id).to.equal(bid);
    expect(button(alice.shadowRoot!, 'Take control')).to.exist;

    // alice no longer drives, bob does
    await clickRemote(alice, neko, 'counter');
    await stays(async () => (await neko.state()).count, count0, 400);
    await clickRemote(bob, neko, 'counter');
    await waitUntil(async () => (await neko.state()).count === count0 + 1, 'bob clicks the remote counter', QUICK);

    // bob releases: nobody drives, neither can click
    await clickUi(bob.shadowRoot!, 'Release control');
    await waitUntil(() => /nobody/i.test(statusOf(alice).textContent!) && /nobody/i.test(statusOf(bob).textContent!), 'nobody drives', QUICK);
    const t2 = Date.now();
    await clickRemote(alice, neko, 'counter');
    await clickRemote(bob, neko, 'counter');
    await stays(async () => (await neko.state()).count, count0 + 1, 500);
    const stray = (await neko.input(undefined, t2)).filter((m) => m.op !== 'ping');
    expect(stray, 'no input from non-hosts').to.deep.equal([]);
  });

  it('admins take control directly and see the resolutions', async () => {
    const user = await mount(neko, { user: 'carol', height: 280 });
    const admin = await mount(neko, { user: 'root', password: 'admin', height: 280 });
    await fixture(html`<div>${user}${admin}</div>`);
    await Promise.all([streaming(user, neko), streaming(admin, neko)]);
    await clickUi(user.shadowRoot!, 'Take control');
    await waitUntil(() => /carol is driving/.test(statusOf(admin).textContent!), 'admin sees carol', QUICK);
    expect(admin.shadowRoot!.querySelector('[part~="resolution"]')!.querySelectorAll('option').length).to.be.greaterThan(3);
    expect(user.shadowRoot!.querySelector('[part~="resolution"]')).to.equal(null);
    await clickUi(admin.shadowRoot!, 'Take control');
    await waitUntil(() => /You are driving/.test(statusOf(admin).textContent!), 'admin took control', QUICK);
    expect((await neko.sessions()).find((s) => s.isHost)!.id).to.equal(sessionIdOf(admin));
  });

  it('view-only sends no input at all, even while its session hosts', async () => {
    const el = await mount(neko, { viewOnly: true });
    await fixture(html`<div>${el}</div>`);
    await streaming(el, neko);
    const sid = sessionIdOf(el);
    expect(button(el.shadowRoot!, 'Take control')).to.equal(null);
    await neko.setHost(sid);
    await waitUntil(() => /You are driving/.test(statusOf(el).textContent!), 'the session hosts', QUICK);
    expect(button(el.shadowRoot!, 'Release control')).to.equal(null);
    expect(button(el.shadowRoot!, 'Take control')).to.equal(null);
    const t = Date.now();
    const before = await neko.state();
    await clickRemote(el, neko, 'counter');
    await clickRemote(el, neko, 'text');
    await sendKeys({ type: 'nope' });
    await sendKeys({ press: 'Enter' });
    await sendWheel({ position: centre(videoOf(el)), deltaY: 400 });
    await stays(async () => {
      const s = await neko.state();
      return [s.count, s.text, s.scrollY];
    }, [before.count, before.text, before.scrollY], 700);
    expect((await neko.input(sid, t)).filter((m) => m.op !== 'ping')).to.deep.equal([]);
  });

  it('keeps control when the WebSocket drops and comes back within the grace', async () => {
    const el = await mount(neko);
    await fixture(html`<div>${el}</div>`);
    await streaming(el, neko);
    const sid = sessionIdOf(el);
    await clickUi(el.shadowRoot!, 'Take control');
    await waitUntil(() => el.nekoClient!.state.control.isHost, 'driving', QUICK);
    const states: string[] = [];
    el.addEventListener('oc-connection-change', (e) => states.push(e.detail.status));
    const drivers: string[] = [];
    el.addEventListener('oc-control-change', (e) => drivers.push(e.detail.driver));

    await neko.dropSocket(sid);
    await waitUntil(() => states.includes('reconnecting'), 'reconnecting', QUICK);
    await waitUntil(() => connection(el) === 'streaming', 'streaming again', WAIT);
    expect(states).to.deep.equal(['reconnecting', 'streaming']);
    expect(sessionIdOf(el)).to.equal(sid);
    expect(el.nekoClient!.state.control.isHost).to.be.true;
    expect(drivers, 'control never changed hands').to.deep.equal([]);
    expect((await neko.sessions()).find((s) => s.id === sid)).to.include({ isHost: true, connected: true });
    const count = (await neko.state()).count;
    await clickRemote(el, neko, 'counter');
    await waitUntil(async () => (await neko.state()).count === count + 1, 'still drives after the reconnect', QUICK);
  });

  /** A streaming element, its session id, video and the stream it shows before a peer is killed. */
  async function streamingPeer() {
    const el = await mount(neko);
    await fixture(html`<div>${el}</div>`);
    await streaming(el, neko);
    const video = videoOf(el);
    return { el, sid: sessionIdOf(el), video, oldStream: video.srcObject };
  }

  it('recovers the video when the peer connection is killed', async () => {
    const { el, sid, video, oldStream } = await streamingPeer();
    const states: string[] = [];
    el.addEventListener('oc-connection-change', (e) => states.push(e.detail.status));

    await neko.killPeer(sid);
    await waitUntil(() => states.includes('negotiating'), 'renegotiating', QUICK);
    await waitUntil(() => connection(el) === 'streaming' && video.srcObject !== oldStream, 'new stream', WAIT);
    const a = await nextFrame(video);
    const b = await nextFrame(video);
    expect(b.presentedFrames).to.be.greaterThan(a.presentedFrames);
    expect([video.videoWidth, video.videoHeight]).to.deep.equal([neko.width, neko.height]);
    await waitUntil(async () => (await neko.sessions()).find((s) => s.id === sid)?.watching, 'server sees it watching', QUICK);
  });

  it('recovers the video when the server-side peer vanishes without a word', async () => {
    const { el, sid, video, oldStream } = await streamingPeer();
    const t0 = performance.now();
    await neko.killPeer(sid, true); // no signal/close: only ICE can tell
    await waitUntil(() => connection(el) === 'streaming' && video.srcObject !== oldStream, 'new stream after a silent peer death', { timeout: 25_000, interval: 100 });
    await nextFrame(video);
    expect([video.videoWidth, video.videoHeight]).to.deep.equal([neko.width, neko.height]);
    console.log(`silent peer death → video again: ${Math.round(performance.now() - t0)} ms`);
  });

  it('reports a wrong password clearly', async () => {
    const el = await mount(neko, { password: 'wrong' });
    const err = oneEvent(el, 'oc-error');
    await fixture(html`<div>${el}</div>`);
    const { detail } = await err;
    expect(detail).to.include({ code: 'auth', message: 'Wrong username or password.', status: 401 });
    await el.updateComplete;
    expect(overlayOf(el)!.textContent).to.equal('Disconnected: Wrong username or password.');
    expect(button(el.shadowRoot!, 'Take control')).to.equal(null);
  });

  it('reports a URL that is not neko clearly', async () => {
    // the test runner's own web server: a real HTTP server that is not neko
    const el = await mount(neko, { server: location.origin });
    const err = oneEvent(el, 'oc-error');
    await fixture(html`<div>${el}</div>`);
    const { detail } = await err;
    expect(detail.code).to.equal('not-neko');
    expect(detail.message).to.equal(`${location.origin} is not a neko server (GET /api/whoami answered 404).`);
    await el.updateComplete;
    expect(overlayOf(el)!.textContent).to.contain('is not a neko server');
  });

  it('reconnects (logging in again) after the server restarts', async () => {
    const el = await mount(neko);
    await fixture(html`<div>${el}</div>`);
    await streaming(el, neko);
    const sid = sessionIdOf(el);
    await clickUi(el.shadowRoot!, 'Take control');
    await waitUntil(() => el.nekoClient!.state.control.isHost, 'driving', QUICK);
    const states: string[] = [];
    el.addEventListener('oc-connection-change', (e) => states.push(e.detail.status));
    const errors: string[] = [];
    el.addEventListener('oc-error', (e) => errors.push(e.detail.code));

    await neko.restart();
    await waitUntil(() => connection(el) === 'streaming' && sessionIdOf(el) !== sid, 'streaming on the restarted server', WAIT);
    await streaming(el, neko);
    // (the server closes the peers before the sockets, so a short 'negotiating' may come first)
    expect(states).to.include.members(['reconnecting', 'logging-in']);
    expect(states).not.to.include('disconnected');
    expect(states.at(-1)).to.equal('streaming');
    expect(errors).to.deep.equal([]);
    expect(el.nekoClient!.state.control.isHost, 'the host role died with the old server').to.be.false;
    expect(statusOf(el).textContent).to.match(/nobody/i);
    expect((await neko.sessions()).map((s) => s.name)).to.deep.equal(['alice']);
    // and it can drive the new remote browser
    await clickUi(el.shadowRoot!, 'Take control');
    await waitUntil(() => el.nekoClient!.state.control.isHost, 'driving again', QUICK);
    const count = (await neko.state()).count;
    await clickRemote(el, neko, 'counter');
    await waitUntil(async () => (await neko.state()).count === count + 1, 'drives the restarted browser', QUICK);
  });
});

// End to end: real opencode with the Playwright MCP server attached over CDP to the neko dev
// server's real Chromium, `"playwright_*": "ask"`, the scripted model, and humans as NekoClients
// over WebSocket. Proves that the agent's and the humans' input never overlap in the browser.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { startNekoDevServer } from '../../../harness/neko/server.mjs';
import { createArbiter, handoffQuestion, isBrowserTool, type Arbiter } from '../src/arbitration/index.js';
import { NekoClient } from '../src/neko/index.js';
import type { SocketLike } from '../src/neko/socket.js';
import type { OpencodeConnection } from '../src/opencode/connection.js';
import { startPair, waitFor, type Pair } from './support.js';

const CLICK = 'playwright_browser_click';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Neko = Awaited<ReturnType<typeof startNekoDevServer>>;

/** A ws socket that drops `signal/request`: these humans use control only, so no video pipeline starts. */
function controlOnlySocket(url: string): SocketLike {
  const ws = new WebSocket(url) as unknown as SocketLike;
  const send = ws.send.bind(ws);
  ws.send = (data: string) => {
    if (!data.includes('"signal/request"')) send(data);
  };
  return ws;
}

describe('arbitration end to end (opencode + Playwright MCP + neko)', () => {
  let neko: Neko;
  let pair: Pair;
  let browser: Browser;
  let page: Page;
  const cleanups: (() => unknown)[] = [];

  before(async () => {
    neko = await startNekoDevServer({ quiet: true });
    pair = await startPair({ permission: { 'playwright_*': 'ask' }, browserMcp: { cdpEndpoint: neko.cdpUrl } });
    assert.equal(pair.opencode.mcpStatus, 'connected');
    browser = await chromium.connectOverCDP(neko.cdpUrl);
    page = browser.contexts()[0]!.pages().find((p) => p.url().includes('/testpage'))!;
    assert.ok(page, 'the test page is open in the remote browser');
  });

  after(async () => {
    for (const c of cleanups.reverse()) await c();
    await browser?.close().catch(() => {});
    await pair?.close();
    await neko?.close();
  });


  async function human(name: string): Promise<NekoClient> {
    const client = new NekoClient({ server: neko.url, auth: { username: name, password: 'neko' }, createSocket: controlOnlySocket, signalTimeoutMs: 600_000 });
    await client.connect();
    await waitFor(`${name} connected`, () => client.state.sessionId && client.state.connection.status === 'negotiating');
    cleanups.push(() => client.disconnect());
    return client;
  }

  async function arbiterFor(client: NekoClient | undefined, connection?: OpencodeConnection): Promise<Arbiter> {
    const conn = connection ?? (await pair.connect());
    const arbiter = createArbiter({ connection: conn, neko: client });
    cleanups.push(() => arbiter.dispose());
    return arbiter;
  }

  const state = () => page.evaluate(() => (window as unknown as { __state(): { count: number } }).__state());
  /** A real human click on the counter button, through neko (X11 input), as the host. */
  async function humanClick(client: NekoClient) {
    const { b, top } = await page.evaluate(() => {
      const w = window as unknown as { __rect(id: string): { x: number; y: number; width: number; height: number }; __state(): { chromeTop: number } };
      return { b: w.__rect('counter'), top: w.__state().chromeTop };
    });
    const x = Math.round(b.x + b.width / 2);
    const y = Math.round(b.y + top + b.height / 2);
    client.buttonDown(1, x, y);
    client.buttonUp(1, x, y);
  }
  async function newSession(text: string) {
    const conn = await pair.connect();
    const session = await conn.client.createSession({ title: text });
    conn.stop();
    await pair.opencode.api(`/session/${session.id}/prompt_async`, { method: 'POST', body: { parts: [{ type: 'text', text }] } });
    // /session/status lists a session only some time after prompt_async: wait for busy, so `idle()` means done.
    await waitFor('session busy', async () => session.id in (await pair.opencode.api('/session/status')));
    return session.id;
  }
  const idle = (sid: string, ms = 30_000) =>
    waitFor('session idle', async () => !(sid in (await pair.opencode.api('/session/status'))), ms);
  const browserRequests = async () => ((await pair.opencode.api('/permission')) as { id: string; permission: string }[]).filter((r) => isBrowserTool(r.permission));
  const lastToolResult = () => JSON.stringify(pair.model.requests.at(-1)?.messages.at(-1));

  it('the agent’s navigate and click reach the remote page, approved by the arbiter', async () => {
    const alice = await human('alice');
    const arb = await arbiterFor(alice);
    pair.model.script(
      { tool: 'playwright_browser_navigate', args: { url: `${neko.pageUrl}?run=1` } },
      { tool: CLICK, args: { element: 'the counter', target: '#counter' } },
      { text: 'Clicked it.' },
    );
    const sid = await newSession('navigate and click');
    const seen = new Set<string>();
    const off = arb.subscribe((s) => s.agentAction && seen.add(s.agentAction));
    await idle(sid);
    await waitFor('arbiter idle', () => arb.getState().mode === 'idle');
    off();
    assert.match(page.url(), /\?run=1$/);
    assert.equal((await state()).count, 1);
    assert.ok(seen.has("Clicking 'the counter'"), [...seen].join(' | '));
    const modes = arb.timeline.events.map((e) => `${e.from}>${e.to}:${e.by}`);
    assert.ok(modes.includes('idle>agent:agent') && modes.includes('agent>idle:agent'), modes.join(' '));
  });

  it('a human takes control mid-task: the agent’s next click waits and does not reach the page; hand back → it proceeds', async () => {
    const bob = await human('bob');
    const arb = await arbiterFor(bob);
    const base = (await state()).count;
    pair.model.script(
      { tool: CLICK, args: { element: 'the counter', target: '#counter' } },
      { tool: CLICK, args: { element: 'the counter again', target: '#counter' }, hang: 'second' },
      { text: 'Done clicking.' },
    );
    const sid = await newSession('click twice');
    await waitFor('first agent click', async () => (await state()).count === base + 1 && pair.model.hanging === 1);

    arb.takeControl();
    await waitFor('Bob may drive', () => arb.getState().inputAllowed);
    assert.deepEqual([arb.getState().mode, arb.getState().humanName], ['paused', 'bob']);
    pair.model.release('second');
    await waitFor('agent click held', () => arb.getState().waiting.length === 1);
    assert.equal(arb.getState().waiting[0]!.action, "Clicking 'the counter again'");
    await humanClick(bob);
    await waitFor('human click landed', async () => (await state()).count === base + 2);
    await sleep(1000);
    assert.equal((await state()).count, base + 2, 'the agent’s click did not reach the browser');
    assert.equal((await browserRequests()).length, 1, 'opencode still waits for the permission');

    arb.handBack();
    await idle(sid);
    assert.equal((await state()).count, base + 3);
    const log = arb.timeline.events.map((e) => `${e.from}>${e.to}:${e.by}`);
    assert.ok(log.includes('agent>paused:human') && log.includes('paused>agent:human'), log.join(' '));
  });

  it('hand-off via the question tool: Done and Couldn’t reach the agent', async () => {
    const carol = await human('carol');
    const arb = await arbiterFor(carol);
    for (const [result, note, expect] of [
      ['done', undefined, 'Done'],
      ['failed', 'no account', "Couldn't"],
    ] as const) {
      pair.model.script({ tool: 'question', args: handoffQuestion('Please log in for me') }, { match: { lastRole: 'tool' }, text: 'Thanks.' });
      const sid = await newSession(`hand-off ${result}`);
      await waitFor('hand-off card', () => arb.getState().mode === 'handoff');
      assert.equal(arb.getState().handoff?.reason, 'Please log in for me');
      arb.takeControl();
      await waitFor('Carol may drive', () => arb.getState().inputAllowed);
      await humanClick(carol);
      await arb.completeHandoff(result, note);
      await idle(sid);
      const answer = lastToolResult();
      assert.ok(answer.includes(expect), answer);
      if (note) assert.ok(answer.includes(note), answer);
      assert.equal(carol.state.control.hostId, null, 'handed back');
    }
  });

  it('a fresh arbiter (reload: new connection + new neko client) restores the state from the servers', async () => {
    const dave = await human('dave');
    const daveArb = await arbiterFor(dave);
    pair.model.script({ tool: CLICK, args: { element: 'the counter', target: '#counter' } }, { text: 'ok' });
    daveArb.takeControl();
    await waitFor('Dave drives', () => daveArb.getState().inputAllowed);
    const base = (await state()).count;
    const sid = await newSession('click while dave drives');
    await waitFor('held', () => daveArb.getState().waiting.length === 1);

    // "Reload" another page: everything it had is gone, it reads both servers afresh.
    const erin = await human('erin');
    const arb = await arbiterFor(erin);
    // The request is known at once (GET /permission); its tool input once the session's messages load.
    await waitFor('restored', () => arb.getState().waiting.length === 1 && arb.getState().agentAction === "Clicking 'the counter'");
    const s = arb.getState();
    assert.deepEqual([s.mode, s.driver, s.humanName, s.you, s.agentAction], ['paused', 'human', 'dave', false, "Clicking 'the counter'"]);
    assert.equal(arb.timeline.events[0]?.by, 'system');
    await sleep(500);
    assert.equal((await state()).count, base, 'the fresh arbiter did not let the agent through');
    daveArb.handBack();
    await idle(sid);
    assert.equal((await state()).count, base + 1);
    await waitFor('both idle', () => arb.getState().mode === 'idle' && daveArb.getState().mode === 'idle');
  });

  it('race: three humans and the agent take/release 100 times → never both act; every arbiter matches the servers', async () => {
    const humans = await Promise.all(['h1', 'h2', 'h3'].map(human));
    const arbs = await Promise.all(humans.map((h) => arbiterFor(h)));
    const observer = await arbiterFor(undefined); // a chat-only page: sees, never acts
    const agentFn = 'async () => { const s = Date.now(); await new Promise(r => setTimeout(r, 120)); (window.__agent ??= []).push([s, Date.now()]); return "ok"; }';
    const agentCalls = 12;
    await page.evaluate(() => ((window as unknown as { __events: unknown[] }).__events.length = 0));
    pair.model.script({ tool: 'playwright_browser_evaluate', args: { function: agentFn }, times: agentCalls }, { text: 'Finished.' });
    const sid = await newSession('agent loop');

    // Humans click once each time their arbiter says they may; we check the invariant at every change.
    const violations: string[] = [];
    const clicked = new Set<number>();
    arbs.forEach((arb, i) =>
      arb.subscribe(() => {
        const allowed = arbs.filter((a) => a.getState().inputAllowed).length;
        if (allowed > 1) violations.push(`${allowed} humans allowed at once`);
        if (arb.getState().inputAllowed && !clicked.has(i)) {
          clicked.add(i);
          void humanClick(humans[i]!);
        }
        if (!arb.getState().you) clicked.delete(i);
      }),
    );

    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let op = 0; op < 100; op++) {
      const i = rnd(3);
      if (arbs[i]!.getState().you || arbs[i]!.getState().takePending) arbs[i]!.handBack();
      else arbs[i]!.takeControl();
      await sleep(20 + rnd(120));
      if (op === 60) {
        // Quiet moment mid-run: every arbiter agrees with the servers.
        await sleep(600);
        await assertMatchesServers([...arbs, observer]);
      }
    }
    for (const arb of arbs) arb.handBack();
    await idle(sid, 60_000);
    await sleep(400);
    await assertMatchesServers([...arbs, observer]);

    const { agent, clicks } = await page.evaluate(() => {
      const w = window as unknown as { __agent?: [number, number][]; __events: { type: string; t: number; trusted: boolean }[] };
      return { agent: w.__agent ?? [], clicks: w.__events.filter((e) => e.type === 'click' && e.trusted).map((e) => e.t) };
    });
    assert.equal(agent.length, agentCalls, `every agent call ran; last tool result: ${lastToolResult().slice(0, 400)}`);
    assert.ok(clicks.length > 0, 'humans clicked');
    for (const t of clicks) for (const [s, e] of agent) assert.ok(t < s || t > e, `a human click at ${t} fell inside an agent action ${s}–${e}`);
    assert.deepEqual(violations, []);
    for (const e of arbs[0]!.timeline.events) assert.ok(['human', 'agent', 'system'].includes(e.by) && e.at > 0);
  });

  /**
   * Each arbiter's view equals the servers: neko host (REST) and held browser requests (REST).
   * The agent keeps asking while nobody hosts, so snapshots are retried until one is stable.
   */
  async function assertMatchesServers(arbs: Arbiter[]) {
    const login = await fetch(`${neko.url}/api/login`, { method: 'POST', body: JSON.stringify({ username: 'auditor', password: 'neko' }) }).then((r) => r.json());
    const humansOnly = arbs.slice(0, -1); // the last one has no neko client: it cannot see hosts
    let problem = '';
    for (let attempt = 0; attempt < 100; attempt++) {
      const control = await fetch(`${neko.url}/api/room/control?token=${login.token}`).then((r) => r.json());
      const requests = (await browserRequests()).map((r) => r.id).sort();
      const host = control.has_host ? control.host_id : null;
      problem = '';
      for (const [k, arb] of humansOnly.entries()) {
        const s = arb.getState();
        if ((s.humanId ?? null) !== host) problem = `arbiter ${k}: host ${s.humanId} vs server ${host}`;
        // Held requests: only meaningful while a human hosts (otherwise they are approved within ms).
        const mine = s.waiting.map((w) => w.requestID).sort();
        if (host && JSON.stringify(mine) !== JSON.stringify(requests)) problem = `arbiter ${k}: held ${mine} vs server ${requests}`;
      }
      const modes = new Set(humansOnly.map((a) => a.getState().mode));
      if (modes.size !== 1) problem = `arbiters disagree: ${[...modes].join(', ')}`;
      if (!problem) return;
      await sleep(50);
    }
    assert.fail(problem);
  }
});

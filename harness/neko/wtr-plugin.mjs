// @web/test-runner plugin: lets browser tests start real neko-v3-compatible dev servers (real werift WebRTC,
// real remote Chromium under Xvfb, real X input) through `executeServerCommand`, look at / act on the
// REMOTE page over CDP from the Node side, and break connections server-side to test recovery.
// Use harness/neko/browser.mjs for a friendly wrapper. Loaded automatically by web-test-runner.config.mjs.
//
// Commands (all `neko:<name>`, payload JSON, `id` = the dev server id returned by `neko:start`):
//   start {width?,height?,fps?,env?,cors?,origin?}      → {id,url,port,cdpUrl,cdpPort,pageUrl,width,height}
//   stop {id} · restart {id} → {url,cdpUrl} · stopAll
//   eval {id,expression}            Runtime.evaluate in the remote page (awaitPromise, returnByValue)
//   state {id}                      remote `__state()` (count, text, scrollY, focused, chromeTop, …)
//   rect {id,elementId}             remote element box in REMOTE SCREEN pixels (window chrome included)
//   resetPage {id}                  clear the text input, scroll to top, blur, empty `__events`
//   sessions {id}                   [{id,name,isHost,connected,watching}] as the server sees them
//   setHost {id,sessionId|null}     make a session the host (or nobody) server-side
//   input {id,sessionId?,since?}    input messages the server received (WS control/* + data channel), per session
//   dropSocket {id,sessionId}       terminate a session's WebSocket abnormally (TCP drop, close 1006 → 5 s grace)
//   killPeer {id,sessionId,silent?} destroy a session's WebRTC peer (→ signal/close; `silent` skips the notice)
//   videoStats {id}                 {packets,bytes} of encoded video so far
//   wheel {position:[x,y],deltaX?,deltaY?}   a real mouse-wheel event in the TEST browser (sendMouse has none)
//   logs {id}                       last dev-server log lines
import { startNekoDevServer } from './server.mjs';
import { CdpClient } from './lib/cdp.mjs';

const PREFIX = 'neko:';
const DATA_OPS = { 1: 'move', 2: 'scroll', 3: 'keydown', 4: 'keyup', 5: 'buttondown', 6: 'buttonup', 7: 'ping', 8: 'touchbegin', 9: 'touchupdate', 10: 'touchend' };

/** @param {{ log?: boolean }} [pluginOptions] */
export function nekoHarness(pluginOptions = {}) {
  /** @type {Map<string, Instance>} */
  const servers = new Map();
  let next = 0;
  let testOrigin = '';

  /**
   * @typedef {{ neko: Awaited<ReturnType<typeof startNekoDevServer>>, logs: string[], input: any[],
   *   cdp: CdpClient | null, cdpFor: string | null, page: { sessionId: string } | null, instrumentedRoom: any }} Instance
   */

  const get = (id) => {
    const s = servers.get(id);
    if (!s) throw new Error(`neko-harness: no dev server with id ${JSON.stringify(id)} (already stopped?)`);
    return s;
  };

  /** Record every input message the room receives (WS control/* and data-channel bytes) per session. */
  const instrument = (inst) => {
    const room = inst.neko.room;
    if (!room || inst.instrumentedRoom === room) return;
    inst.instrumentedRoom = room;
    const record = (session, kind, op) => inst.input.push({ sessionId: session.id, kind, op, t: Date.now() });
    const handleMessage = room.handleMessage.bind(room);
    room.handleMessage = (session, data) => {
      if (typeof data?.event === 'string' && data.event.startsWith('control/')) record(session, 'ws', data.event.slice(8));
      return handleMessage(session, data);
    };
    const signalRequest = room.signalRequest.bind(room);
    room.signalRequest = async (session, payload) => {
      const result = await signalRequest(session, payload);
      const peer = session.webrtcPeer;
      if (peer && !peer.__instrumented) {
        peer.__instrumented = true;
        const handleData = peer.handleData.bind(peer);
        peer.handleData = (buf) => {
          record(session, 'dc', DATA_OPS[buf[0]] ?? `op${buf[0]}`);
          return handleData(buf);
        };
      }
      return result;
    };
  };

  const sessionOf = (inst, sessionId) => {
    const room = inst.neko.room;
    if (!room) throw new Error('neko-harness: the dev server is restarting');
    const s = room.sessions.get(sessionId);
    if (!s) throw new Error(`neko-harness: no session ${JSON.stringify(sessionId)} (known: ${[...room.sessions.keys()].join(', ')})`);
    return s;
  };

  /** A CDP connection of our own to the remote Chromium (through its CDP port), re-made after a restart. */
  const remotePage = async (inst) => {
    const cdpUrl = inst.neko.cdpUrl;
    if (!cdpUrl) throw new Error('neko-harness: no CDP endpoint (server restarting?)');
    if (!inst.cdp || inst.cdp.closed || inst.cdpFor !== cdpUrl) {
      inst.cdp?.close();
      const { webSocketDebuggerUrl } = await (await fetch(`${cdpUrl}/json/version`)).json();
      inst.cdp = await CdpClient.connect(webSocketDebuggerUrl);
      inst.cdpFor = cdpUrl;
      inst.page = await inst.cdp.attachToFirstPage();
    }
    return inst;
  };

  const evaluate = async (inst, expression) => {
    const { cdp, page } = await remotePage(inst);
    const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, page.sessionId);
    if (r.exceptionDetails) throw new Error(`remote evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };

  /** Until the remote test page has loaded (right after a start/restart it may still be about:blank). */
  const pageReady = async (inst, timeoutMs = 15_000) => {
    if (inst.neko.pageUrl && !inst.neko.pageUrl.includes('/testpage')) return; // custom page: nothing to wait for
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (await evaluate(inst, `typeof __state === 'function' && document.readyState === 'complete'`)) return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      if (Date.now() > deadline) throw new Error('neko-harness: the remote test page did not load');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stopOne = async (id) => {
    const inst = servers.get(id);
    if (!inst) return false;
    servers.delete(id);
    inst.cdp?.close();
    await inst.neko.close().catch(() => {});
    return true;
  };

  const info = (id, inst) => ({
    id, url: inst.neko.url, port: inst.neko.port, cdpUrl: inst.neko.cdpUrl, cdpPort: inst.neko.cdpPort, pageUrl: inst.neko.pageUrl,
    width: inst.neko.desktop?.size.width, height: inst.neko.desktop?.size.height, capture: inst.neko.capture, inputKind: inst.neko.inputKind,
  });

  /** @type {Record<string, (payload: any, session: any) => Promise<unknown>>} */
  const commands = {
    async start({ width = 1280, height = 720, fps = 30, env = {}, cors = [], origin } = {}) {
      const id = `neko${++next}`;
      const logs = [];
      const origins = new Set([...(Array.isArray(cors) ? cors : String(cors).split(/[,\s]+/)), origin, testOrigin].filter(Boolean));
      const neko = await startNekoDevServer({
        port: 0, cdpPort: 0, width, height, fps,
        env: { ...env, NEKO_SERVER_CORS: [...origins, ...(env.NEKO_SERVER_CORS ? [env.NEKO_SERVER_CORS] : [])].join(',') },
        log: (...a) => {
          const line = a.map(String).join(' ');
          logs.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
          if (logs.length > 300) logs.shift();
          if (pluginOptions.log) console.error(`[${id}]`, line);
        },
      });
      const inst = { neko, logs, input: [], cdp: null, cdpFor: null, page: null, instrumentedRoom: null };
      servers.set(id, inst);
      instrument(inst);
      await pageReady(inst);
      return info(id, inst);
    },
    async stop({ id }) { return stopOne(id); },
    async stopAll() { await Promise.all([...servers.keys()].map(stopOne)); return true; },
    async restart({ id }) {
      const inst = get(id);
      inst.cdp?.close();
      inst.cdp = null;
      await inst.neko.restart();
      instrument(inst);
      await pageReady(inst);
      return info(id, inst);
    },
    async eval({ id, expression }) { return evaluate(get(id), expression); },
    async state({ id }) { return evaluate(get(id), '__state()'); },
    async rect({ id, elementId }) {
      return evaluate(get(id), `(() => { const r = __rect(${JSON.stringify(elementId)});
        const left = screenX + (outerWidth - innerWidth) / 2, top = screenY + (outerHeight - innerHeight);
        return { x: r.x + left, y: r.y + top, width: r.width, height: r.height }; })()`);
    },
    async resetPage({ id }) {
      return evaluate(get(id), `(() => { const t = document.getElementById('text'); t.value = ''; t.blur(); scrollTo(0, 0);
        __events.length = 0; return new Promise((r) => requestAnimationFrame(() => r(__state()))); })()`);
    },
    async sessions({ id }) {
      const room = get(id).neko.room;
      if (!room) return [];
      return [...room.sessions.values()].map((s) => ({
        id: s.id, name: s.profile.name, isHost: room.isHost(s), connected: s.state.is_connected, watching: s.state.is_watching,
      }));
    },
    async setHost({ id, sessionId }) {
      const inst = get(id);
      const room = inst.neko.room;
      if (sessionId) { const s = sessionOf(inst, sessionId); room.setHost(s, s); return true; }
      const host = room.getHost();
      if (host) { room.desktop.resetKeys(); room.setHost(host, null); }
      return true;
    },
    async input({ id, sessionId, since = 0 }) {
      return get(id).input.filter((e) => e.t >= since && (!sessionId || e.sessionId === sessionId));
    },
    async dropSocket({ id, sessionId }) {
      const s = sessionOf(get(id), sessionId);
      if (!s.wsPeer) throw new Error(`neko-harness: session ${sessionId} has no WebSocket`);
      s.wsPeer.ws.terminate(); // no close frame: the browser sees 1006, the server keeps the session for the grace
      return true;
    },
    async killPeer({ id, sessionId, silent = false }) {
      const inst = get(id);
      const s = sessionOf(inst, sessionId);
      const peer = s.webrtcPeer;
      if (!peer) throw new Error(`neko-harness: session ${sessionId} has no WebRTC peer`);
      if (silent) {
        // the peer vanishes without signal/close: the client has to notice by itself
        s.webrtcPeer = null;
        peer.closedOnce = true;
      }
      peer.destroy();
      return true;
    },
    async videoStats({ id }) {
      const d = get(id).neko.desktop;
      return { packets: d?.stats.videoPackets ?? 0, bytes: d?.stats.videoBytes ?? 0 };
    },
    async logs({ id }) { return get(id).logs.slice(); },
    async wheel({ position, deltaX = 0, deltaY = 0 }, session) {
      const page = session.browser.getPage?.(session.id);
      if (!page) throw new Error(`neko-harness: wheel is not supported for ${session.browser.type}`);
      await page.mouse.move(position[0], position[1]);
      await page.mouse.wheel(session.browser.type === 'puppeteer' ? { deltaX, deltaY } : deltaX, deltaY);
      return true;
    },
  };

  return {
    name: 'neko-harness',
    async serverStart({ config }) {
      if (config?.port) testOrigin = `http://${config.hostname || '127.0.0.1'}:${config.port}`;
    },
    /** @param {{ command: string, payload?: any, session: any }} args */
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith(PREFIX)) return undefined;
      const fn = commands[command.slice(PREFIX.length)];
      if (!fn) throw new Error(`neko-harness: unknown command ${command}`);
      return (await fn(payload ?? {}, session)) ?? null;
    },
    async serverStop() {
      await Promise.all([...servers.keys()].map(stopOne));
    },
  };
}

export default nekoHarness;

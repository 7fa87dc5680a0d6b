// Conformance + smoke tests for the neko-v3-compatible dev server.
//   node --test harness/neko/test/
// Every payload our server sends is checked against harness/neko/neko-schema.mjs
// (hand transcription of neko's Go types), then a real viewer (headless Chromium)
// connects over WebRTC and drives the remote Chromium through the data channel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { chromium } from 'playwright-core';
import { startNekoDevServer } from '../server.mjs';
import { NETWORK_HYGIENE_FLAGS } from '../lib/desktop.mjs';
import { CdpClient } from '../lib/cdp.mjs';
import * as S from '../neko-schema.mjs';

let neko;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function assertShape(schema, value, what) {
  const errs = S.check(schema, value);
  assert.deepEqual(errs, [], `${what} does not match neko's Go type:\n${errs.join('\n')}\n${JSON.stringify(value)}`);
}

async function api(path, { method = 'GET', token, body, headers = {} } = {}) {
  const res = await fetch(neko.url + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text, headers: res.headers };
}

async function login(username, password = 'neko') {
  const r = await api('/api/login', { method: 'POST', body: { username, password } });
  assert.equal(r.status, 200, r.text);
  assertShape(S.LoginResponse, r.json, 'login response');
  return r.json;
}

/** WS client that records every message and validates it against the schema. */
class Client {
  static async open(token) {
    const c = new Client(new WebSocket(`${neko.url.replace('http', 'ws')}/api/ws?token=${token}`, { headers: { Origin: 'http://app.example' } }));
    await new Promise((resolve, reject) => { c.ws.once('open', resolve); c.ws.once('error', reject); });
    return c;
  }

  constructor(ws) {
    this.ws = ws;
    this.msgs = [];
    this.waiters = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      const schema = S.SERVER_EVENTS[m.event];
      if (m.event in S.SERVER_EVENTS) {
        if (schema === undefined) assert.ok(!('payload' in m), `${m.event} must not carry a payload`);
        else assertShape(schema, m.payload, m.event);
      }
      this.msgs.push(m);
      for (const w of [...this.waiters]) if (w.match(m)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(m); }
    });
  }

  send(event, payload) { this.ws.send(JSON.stringify(payload === undefined ? { event } : { event, payload })); }

  wait(event, pred = () => true, timeout = 5000) {
    const found = this.msgs.find((m) => m.event === event && pred(m.payload));
    if (found) return Promise.resolve(found.payload);
    return new Promise((resolve, reject) => {
      const w = { match: (m) => m.event === event && pred(m.payload), resolve: (m) => { clearTimeout(t); resolve(m.payload); } };
      const t = setTimeout(() => { this.waiters.splice(this.waiters.indexOf(w), 1); reject(new Error(`timeout waiting for ${event}`)); }, timeout);
      this.waiters.push(w);
    });
  }

  clear() { this.msgs = []; }

  close(code = 1000) { this.ws.close(code); }
}

async function freePort() {
  const net = await import('node:net');
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

before(async () => {
  // like real neko, a CORS list also gates the WebSocket Origin (own origin included), so list both
  const port = await freePort();
  neko = await startNekoDevServer({
    port, cdpPort: 0, quiet: true, env: { NEKO_SERVER_CORS: `http://app.example,http://127.0.0.1:${port}` },
  });
});

after(async () => {
  await neko?.close();
});

test('REST: auth, whoami, stats, CORS, health', async () => {
  const noauth = await api('/api/whoami');
  assert.equal(noauth.status, 401);
  assert.deepEqual(noauth.json, { code: 401, message: 'Unauthorized' });

  const bad = await api('/api/login', { method: 'POST', body: { username: 'x', password: 'nope' } });
  assert.equal(bad.status, 401);
  assertShape(S.HttpErrorBody, bad.json, 'login error');

  const user = await login('carol', 'neko');
  assert.match(user.id, /^carol-[A-Za-z0-9]{5}$/);
  assert.equal(user.token.length, 64);
  assert.equal(user.profile.is_admin, false);
  const admin = await login('dave', 'admin');
  assert.equal(admin.profile.is_admin, true);

  const who = await api('/api/whoami', { token: user.token });
  assertShape(S.LoginResponse, who.json, 'whoami');
  assert.equal(who.json.token, undefined);
  const viaQuery = await api(`/api/whoami?token=${user.token}`);
  assert.equal(viaQuery.status, 200);

  const stats = await api('/api/stats', { token: user.token });
  assertShape(S.Stats, stats.json, 'stats');

  assert.equal((await api('/health')).text, 'true');

  const pre = await api('/api/login', { method: 'OPTIONS', headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://app.example');
  assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
  const other = await api('/api/whoami', { token: user.token, headers: { Origin: 'http://evil.example' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);

  // user is not admin
  const cfg = await api('/api/room/screen/configurations', { token: user.token });
  assert.equal(cfg.status, 403);
  assert.deepEqual(cfg.json, { code: 403, message: 'session is not admin' });
  const cfgAdmin = await api('/api/room/screen/configurations', { token: admin.token });
  assertShape({ $array: S.ScreenSize }, cfgAdmin.json, 'screen configurations');
  assertShape(S.ScreenSize, (await api('/api/room/screen', { token: user.token })).json, 'GET screen');

  assert.equal((await api('/api/logout', { method: 'POST', token: user.token })).json, true);
  assert.equal((await api('/api/whoami', { token: user.token })).status, 401);
  await api('/api/logout', { method: 'POST', token: admin.token });
});

test('WS: origin check, system/disconnect on bad token, system/init + system/admin + session/state', async () => {
  const refused = new WebSocket(`${neko.url.replace('http', 'ws')}/api/ws?token=x`, { headers: { Origin: 'http://evil.example' } });
  const code = await new Promise((r) => refused.on('unexpected-response', (_req, res) => r(res.statusCode)));
  assert.equal(code, 400);

  const bad = new WebSocket(`${neko.url.replace('http', 'ws')}/api/ws?token=nope`, { headers: { Origin: 'http://app.example' } });
  const msg = await new Promise((r) => bad.on('message', (d) => r(JSON.parse(d.toString()))));
  assert.deepEqual(msg, { event: 'system/disconnect', payload: { message: 'session not found' } });

  const admin = await login('erin', 'admin');
  const user = await login('frank', 'neko');
  const a = await Client.open(admin.token);
  const init = await a.wait('system/init');
  assert.equal(init.session_id, admin.id);
  assert.equal(init.control_host.id, '');
  assert.deepEqual(init.webrtc.videos, ['main']);
  assert.equal(init.sessions[admin.id].state.is_connected, true);
  assert.equal(init.sessions[user.id].state.is_connected, false);
  await a.wait('system/admin');
  await a.wait('session/state', (p) => p.id === admin.id && p.is_connected);
  assert.deepEqual(a.msgs.slice(0, 3).map((m) => m.event), ['system/init', 'system/admin', 'session/state']);

  const u = await Client.open(user.token);
  await u.wait('system/init');
  await sleep(100);
  assert.ok(!u.msgs.some((m) => m.event === 'system/admin'), 'non-admin must not get system/admin');
  await a.wait('session/state', (p) => p.id === user.id && p.is_connected);

  // send/* relay
  u.send('send/broadcast', { subject: 'agent', body: { driving: true } });
  assert.deepEqual(await a.wait('send/broadcast'), { sender: user.id, subject: 'agent', body: { driving: true } });
  a.send('send/unicast', { receiver: user.id, subject: 'hi', body: 1 });
  assert.deepEqual(await u.wait('send/unicast'), { sender: admin.id, receiver: user.id, subject: 'hi', body: 1 });

  // screen/set (admin only) -> screen/updated broadcast
  u.send('screen/set', { width: 1024, height: 768, rate: 30 });
  a.send('screen/set', { width: 1024, height: 768, rate: 30 });
  assert.deepEqual(await u.wait('screen/updated'), { id: admin.id, width: 1024, height: 768, rate: 30 });
  a.send('screen/set', { width: 1280, height: 720, rate: 30 });
  await u.wait('screen/updated', (p) => p.width === 1280);

  a.close(); u.close();
  await api('/api/logout', { method: 'POST', token: admin.token });
  await api('/api/logout', { method: 'POST', token: user.token });
});

test('control: request/host/release, implicit request by WS input, REST take/give/reset, 5 s grace', async () => {
  const admin = await login('gina', 'admin');
  const u1 = await login('hank', 'neko');
  const u2 = await login('ivy', 'neko');
  const A = await Client.open(admin.token);
  const C1 = await Client.open(u1.token);
  const C2 = await Client.open(u2.token);
  await Promise.all([A, C1, C2].map((c) => c.wait('system/init')));

  C1.send('control/request');
  assert.deepEqual(await A.wait('control/host', (p) => p.has_host), { id: u1.id, has_host: true, host_id: u1.id });
  // second requester: host gets control/request {id}; requester gets nothing
  C2.send('control/request');
  assert.deepEqual(await C1.wait('control/request'), { id: u2.id });
  // WS input from non-host while hosted: dropped + host notified again
  C1.clear();
  C2.send('control/keypress', { keysym: 0x61 });
  await C1.wait('control/request');
  // release -> no host
  C1.send('control/release');
  assert.deepEqual(await A.wait('control/host', (p) => !p.has_host), { id: u1.id, has_host: false });
  // implicit request: WS input from a can_host session when nobody hosts makes it host
  A.clear();
  C2.send('control/move', { x: 10, y: 10 });
  assert.deepEqual(await A.wait('control/host', (p) => p.has_host), { id: u2.id, has_host: true, host_id: u2.id });

  // REST twins
  assert.equal((await api('/api/room/control', { token: u1.token })).json.host_id, u2.id);
  const req = await api('/api/room/control/request', { method: 'POST', token: u1.token });
  assert.equal(req.status, 202);
  assert.deepEqual(req.json, { code: 202, message: 'control request sent' });
  assert.equal((await api('/api/room/control/take', { method: 'POST', token: u1.token })).status, 403);
  A.clear();
  assert.equal((await api('/api/room/control/take', { method: 'POST', token: admin.token })).status, 204);
  assert.deepEqual(await C1.wait('control/host', (p) => p.host_id === admin.id), { id: admin.id, has_host: true, host_id: admin.id });
  C2.clear();
  assert.equal((await api(`/api/room/control/give/${u1.id}`, { method: 'POST', token: admin.token })).status, 204);
  assert.deepEqual(await C2.wait('control/host', (p) => p.host_id === u1.id), { id: admin.id, has_host: true, host_id: u1.id });
  assert.equal((await api('/api/room/control/release', { method: 'POST', token: u2.token })).status, 422);

  // abnormal close of the host's WS: host kept during the 5 s grace, same token reconnects silently
  A.clear();
  C1.ws.terminate();
  await sleep(300);
  assert.equal((await api('/api/room/control', { token: admin.token })).json.host_id, u1.id);
  const C1b = await Client.open(u1.token);
  const init = await C1b.wait('system/init');
  assert.equal(init.control_host.host_id, u1.id);
  assert.ok(!A.msgs.some((m) => m.event === 'control/host'), 'host must survive an abnormal close + reconnect');
  // clean close (1000) of the host: immediate host loss
  C1b.close(1000);
  assert.deepEqual(await A.wait('control/host', (p) => !p.has_host), { id: u1.id, has_host: false });
  assert.equal((await A.wait('session/state', (p) => p.id === u1.id && !p.is_connected)).is_connected, false);

  assert.equal((await api('/api/room/control/reset', { method: 'POST', token: admin.token })).status, 204);
  for (const c of [A, C2]) c.close();
  for (const s of [admin, u1, u2]) await api('/api/logout', { method: 'POST', token: s.token });
});

test('WebRTC smoke: signal/provide, data channel, cursor image, host input reaches the remote page', async (t) => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: [...NETWORK_HYGIENE_FLAGS, '--no-sandbox', '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'],
  });
  const cdp = await CdpClient.connect((await (await fetch(`${neko.cdpUrl}/json/version`)).json()).webSocketDebuggerUrl);
  const remote = await cdp.attachToFirstPage();
  const evalRemote = async (expr) => (await cdp.send('Runtime.evaluate', { expression: expr, returnByValue: true }, remote.sessionId)).result.value;
  try {
    const page = await browser.newPage();
    await page.goto(`${neko.url}/testpage/viewer.html?username=viewer&password=neko`);
    await page.waitForFunction(() => window.__viewer?.dcOpen && window.__viewer.cursorImages > 0 && window.__viewer.frames > 0, null, { timeout: 20_000 });
    const v = await page.evaluate(() => {
      const V = window.__viewer;
      return { events: V.events.map((e) => ({ event: e.event, payload: e.payload })), raw: V.raw, cursor: V.cursor, w: V.videoWidth, h: V.videoHeight, sid: V.sessionId };
    });
    // signal/provide + candidates
    const provide = v.events.find((e) => e.event === 'signal/provide').payload;
    assertShape(S.SignalProvide, provide, 'signal/provide');
    assert.match(provide.sdp, /m=audio .*\r\n/);
    assert.match(provide.sdp, /m=video .*\r\n/);
    assert.match(provide.sdp, /a=rtpmap:96 VP8\/90000/);
    assert.match(provide.sdp, /m=application .* webrtc-datachannel/);
    assert.deepEqual(provide.video, { disabled: false, id: 'main', video: 'main', auto: false });
    assert.deepEqual(provide.audio, { disabled: false });
    for (const c of v.events.filter((e) => e.event === 'signal/candidate')) {
      assertShape(S.SignalCandidate, c.payload, 'signal/candidate');
      assert.match(c.payload.candidate, / 127\.0\.0\.1 /);
    }
    const watching = v.events.find((e) => e.event === 'session/state' && e.payload.id === v.sid && e.payload.is_watching);
    assert.ok(watching, 'session/state is_watching:true after ICE connected');
    assert.equal(v.w, 1280);
    assert.equal(v.h, 720);

    // data channel byte layouts (server -> client length includes the header)
    const bytes = v.raw.map((h) => Buffer.from(h, 'hex'));
    const img = bytes.find((b) => b[0] === 0x02);
    assert.equal(img.readUInt16BE(1), img.length);
    assert.deepEqual(img.subarray(11, 19), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    assert.equal(img.readUInt16BE(3), v.cursor.width);
    const pos = bytes.find((b) => b[0] === 0x01);
    assert.ok(pos, 'non-host gets the cursor position on open');
    assert.equal(pos.length, 7);
    assert.equal(pos.readUInt16BE(1), 7);

    // ping -> pong (ts split with MaxUint32)
    const pong = await page.evaluate(async () => {
      const V = window.__viewer;
      const now = Date.now();
      const b = new DataView(new ArrayBuffer(11));
      b.setUint8(0, 7); b.setUint16(1, 8); b.setUint32(3, Math.floor(now / 0xffffffff)); b.setUint32(7, now % 0xffffffff);
      const n = V.raw.length;
      V.dc.send(b.buffer);
      for (let i = 0; i < 100 && V.raw.length === n; i++) await new Promise((r) => setTimeout(r, 20));
      return { raw: V.raw[n], now };
    });
    const pb = Buffer.from(pong.raw, 'hex');
    assert.equal(pb[0], 0x03);
    assert.equal(pb.length, 19);
    assert.equal(pb.readUInt16BE(1), 19);
    assert.equal(pb.readUInt32BE(3) * S.TS_SPLIT + pb.readUInt32BE(7), pong.now);
    const serverTs = pb.readUInt32BE(11) * S.TS_SPLIT + pb.readUInt32BE(15);
    assert.ok(Math.abs(serverTs - Date.now()) < 5000);

    // non-host: DC key input is ignored
    await evalRemote("document.getElementById('text').value=''; document.getElementById('text').blur(); true");
    // become host over WS, then drive the remote page over the data channel
    await page.evaluate(() => window.__viewer.wsSend('control/request'));
    await page.waitForFunction(() => window.__viewer.hostId === window.__viewer.sessionId, null, { timeout: 5000 });
    const geo = await evalRemote("JSON.stringify({ r: __rect('text'), b: __rect('counter'), s: __state() })");
    const { r, b, s } = JSON.parse(geo);
    const top = s.chromeTop; // browser UI height above the viewport (window sits at 0,0)
    const click = async (x, y) => page.evaluate(([x, y]) => {
      const dc = window.__viewer.dc;
      const m = new DataView(new ArrayBuffer(7)); m.setUint8(0, 1); m.setUint16(1, 4); m.setUint16(3, x); m.setUint16(5, y); dc.send(m.buffer);
      for (const op of [5, 6]) { const k = new DataView(new ArrayBuffer(7)); k.setUint8(0, op); k.setUint16(1, 4); k.setUint32(3, 1); dc.send(k.buffer); }
    }, [Math.round(x), Math.round(y)]);
    const keys = async (syms) => page.evaluate((syms) => {
      const dc = window.__viewer.dc;
      for (const ks of syms) for (const op of [3, 4]) { const k = new DataView(new ArrayBuffer(7)); k.setUint8(0, op); k.setUint16(1, 4); k.setUint32(3, ks); dc.send(k.buffer); }
    }, syms);
    const t0 = Date.now();
    await click(r.x + 20, r.y + top + r.height / 2);
    await keys([0x68, 0x69]); // "hi" as X11 keysyms
    let st;
    for (let i = 0; i < 100; i++) { st = await evalRemote('__state()'); if (st.text === 'hi') break; await sleep(30); }
    assert.equal(st.text, 'hi', 'host keypresses over the data channel must reach the remote page');
    const latency = Date.now() - t0;
    await click(b.x + b.width / 2, b.y + top + b.height / 2);
    for (let i = 0; i < 100; i++) { st = await evalRemote('__state()'); if (st.count === 1) break; await sleep(30); }
    assert.equal(st.count, 1, 'host click over the data channel must hit the button');
    const trusted = await evalRemote("__events.filter(e => e.type === 'keydown').every(e => e.trusted)");
    assert.equal(trusted, true);
    // WS input path (control/buttonpress with position) works too
    await page.evaluate(([x, y]) => window.__viewer.wsSend('control/buttonpress', { code: 1, x, y }), [Math.round(b.x + 10), Math.round(b.y + top + 10)]);
    for (let i = 0; i < 100; i++) { st = await evalRemote('__state()'); if (st.count === 2) break; await sleep(30); }
    assert.equal(st.count, 2);
    t.diagnostic(`click+2 keys -> remote page: ${latency} ms (input ${neko.inputKind}, capture ${neko.capture})`);
    await page.evaluate(() => window.__viewer.wsSend('control/release'));

    // peer replaced / closed -> signal/close
    await page.evaluate(() => window.__viewer.pc.close());
    await page.waitForFunction(() => window.__viewer.events.some((e) => e.event === 'signal/close'), null, { timeout: 15_000 });
  } finally {
    cdp.close();
    await browser.close();
  }
});

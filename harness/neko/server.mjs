#!/usr/bin/env node
// neko-v3-compatible dev server (see README.md next to this file).
//
//   npm run neko:dev -- [--port 8080] [--cdp-port 9222] [--width 1280 --height 720 --fps 30] [--page URL]
//
//   import { startNekoDevServer } from './harness/neko/server.mjs';
//   const neko = await startNekoDevServer({ port: 0, cdpPort: 0 });
//   neko.url / neko.cdpUrl / await neko.close()
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { Desktop, liveDesktops } from './lib/desktop.mjs';
import { Room, HttpError } from './lib/room.mjs';
import { arrowCursor } from './lib/cursor.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAGE_DIR = path.join(HERE, 'page');

const CORS_METHODS = ['GET', 'POST', 'DELETE', 'OPTIONS'];
const CORS_HEADERS = ['accept', 'authorization', 'content-type', 'x-csrf-token'];

// ---------------------------------------------------------------------------
// process-wide cleanup of child processes

const instances = new Set();
let handlersInstalled = false;
function installProcessHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => { for (const d of liveDesktops) d.killSync(); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      await Promise.race([
        Promise.allSettled([...instances].map((i) => i.close()).concat([...liveDesktops].map((d) => d.stop()))),
        new Promise((r) => setTimeout(r, 4000)),
      ]);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

// ---------------------------------------------------------------------------
// http helpers (utils/http.go semantics)

function sendJson(res, code, body) {
  res.statusCode = code;
  res.setHeader('Content-Type', 'application/json');
  res.end(`${JSON.stringify(body)}\n`);
}

function sendError(res, code, message) {
  sendJson(res, code, { code, message: message ?? http.STATUS_CODES[code] });
}

async function readJson(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'no data provided');
  try { return JSON.parse(text); } catch { throw new HttpError(400, 'unable to parse provided data'); }
}

function corsList(env) {
  const raw = env.NEKO_SERVER_CORS;
  if (!raw) return [];
  let list;
  try { list = JSON.parse(raw); } catch { list = raw.split(/[,\s]+/); }
  list = (Array.isArray(list) ? list : [String(list)]).map((s) => String(s).trim()).filter(Boolean);
  return list.includes('*') ? ['*'] : list;
}

// ---------------------------------------------------------------------------

/**
 * Start a neko-v3-compatible dev server.
 * @param {{port?:number, cdpPort?:number, width?:number, height?:number, fps?:number, page?:string,
 *          env?:Record<string,string|undefined>, host?:string, capture?:'auto'|'x11'|'headless',
 *          input?:'xdotool'|'cdp', log?:(…args:any[])=>void, quiet?:boolean}} [opts]
 */
export async function startNekoDevServer(opts = {}) {
  const {
    port = 0, cdpPort = 0, width = 1280, height = 720, fps = 30, page, env = process.env, host = '127.0.0.1',
    capture, input, quiet = false,
  } = opts;
  const log = opts.log || (quiet ? () => {} : (...a) => console.error('[neko-dev]', ...a));
  installProcessHandlers();

  const cors = corsList(env);
  const allowOrigin = (origin) => cors.length === 0 || cors[0] === '*' || cors.includes(origin);
  const cursorImage = arrowCursor();

  const state = { room: null, desktop: null };
  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((e) => {
      if (!res.headersSent) sendError(res, e instanceof HttpError ? e.code : 500, e instanceof HttpError ? e.message : undefined);
      if (!(e instanceof HttpError)) log('http error:', e.stack || e.message);
    });
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const url = `http://${host}:${actualPort}`;
  const pageUrl = page || `${url}/testpage/`;

  async function startDesktop() {
    const desktop = new Desktop({ width, height, fps, pageUrl, cdpPort, mode: capture, input, log });
    try {
      await desktop.start();
    } catch (e) {
      await desktop.stop();
      throw e;
    }
    state.desktop = desktop;
    state.room = new Room({ env, desktop, log, cursorImage });
  }

  // ------------------------------------------------------------------ REST
  function corsHeaders(req, res) {
    if (cors.length === 0) return false;
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'];
    if (preflight) {
      res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
      const method = String(req.headers['access-control-request-method']).toUpperCase();
      const reqHeaders = String(req.headers['access-control-request-headers'] || '').toLowerCase().split(',').map((s) => s.trim()).filter(Boolean);
      if (origin && allowOrigin(origin) && CORS_METHODS.includes(method) && reqHeaders.every((h) => CORS_HEADERS.includes(h))) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Methods', method);
        if (reqHeaders.length) res.setHeader('Access-Control-Allow-Headers', reqHeaders.join(', '));
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        res.setHeader('Access-Control-Max-Age', '300');
      }
      res.statusCode = 200;
      res.end();
      return true;
    }
    res.setHeader('Vary', 'Origin');
    if (origin && allowOrigin(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', 'Link');
    }
    return false;
  }

  async function handleHttp(req, res) {
    const u = new URL(req.url, url);
    if (corsHeaders(req, res)) return;
    const p = u.pathname;
    const m = req.method;
    const { room, desktop } = state;

    if (p === '/health' && m === 'GET') { res.end('true'); return; }
    if (p.startsWith('/testpage')) return serveStatic(res, p.replace(/^\/testpage\/?/, '') || 'index.html');
    if (p === '/' && m === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>neko dev server</title><p>neko-v3-compatible dev server. REST under <code>/api</code>, WebSocket <code>/api/ws?token=</code>, CDP <code>${desktop?.cdpUrl ?? ''}</code>, test page <a href="/testpage/">/testpage/</a>.</p>`);
      return;
    }
    if (!p.startsWith('/api/')) { notFound(res); return; }
    if (!room) throw new HttpError(503, 'server is restarting');

    if (p === '/api/login') {
      if (m !== 'POST') return methodNotAllowed(res);
      const body = await readJson(req);
      const { session, token } = room.login(String(body.username ?? ''), String(body.password ?? ''));
      sendJson(res, 200, { id: session.id, token, profile: session.profile, state: session.state });
      return;
    }
    if (p === '/api/batch' || p === '/api/ws') { notFound(res); return; }

    // authenticated area (api/router.go Authenticate)
    let session;
    try {
      session = room.authenticate(req, u);
    } catch (e) {
      if (/disabled/.test(e.message)) throw new HttpError(403, 'login is disabled for this session');
      throw new HttpError(401, 'Unauthorized');
    }
    const prof = session.profile;
    const adminOnly = () => { if (!prof.is_admin) throw new HttpError(403, 'session is not admin'); };
    const canHostOnly = () => {
      if (!prof.can_host) throw new HttpError(403, 'session cannot host');
      if (session.privateModeEnabled()) throw new HttpError(422, 'private mode is enabled');
    };
    const canWatchOnly = () => { if (!prof.can_watch) throw new HttpError(403, 'session cannot watch'); };
    const route = `${m} ${p.replace(/\/+$/, '') || '/'}`;
    const ok = (body) => (body === undefined ? (res.statusCode = 204, res.end()) : sendJson(res, 200, body));

    switch (route) {
      case 'POST /api/logout': room.deleteSession(session.id); return ok(true);
      case 'GET /api/whoami': return ok({ id: session.id, profile: prof, state: session.state });
      case 'POST /api/profile': {
        const body = await readJson(req);
        session.profile = prof.is_admin ? { ...prof, ...body } : { ...prof, name: String(body.name ?? '') };
        room.broadcast('session/profile', { id: session.id, ...session.profile });
        return ok(true);
      }
      case 'GET /api/stats': return ok(room.stats());
      case 'GET /api/sessions': return ok([...room.sessions.values()].map((s) => s.data()));

      case 'GET /api/room/settings': adminOnly(); return ok(room.settings);
      case 'POST /api/room/settings': { adminOnly(); const body = await readJson(req); room.updateSettings(session, body); return ok(); }

      case 'GET /api/room/control': canHostOnly(); return ok(room.controlStatus());
      case 'POST /api/room/control/request': {
        canHostOnly();
        const host = room.getHost();
        if (host) {
          host.send('control/request', { id: session.id });
          throw new HttpError(202, 'control request sent');
        }
        if (room.settings.locked_controls && !prof.is_admin) throw new HttpError(403, 'controls are locked');
        room.setHost(session, session);
        return ok();
      }
      case 'POST /api/room/control/release':
        canHostOnly();
        if (!session.isHost()) throw new HttpError(422, 'session is not the host');
        desktop.resetKeys();
        room.setHost(session, null);
        return ok();
      case 'POST /api/room/control/take': canHostOnly(); adminOnly(); room.setHost(session, session); return ok();
      case 'POST /api/room/control/reset':
        canHostOnly(); adminOnly();
        if (room.getHost()) { desktop.resetKeys(); room.setHost(session, null); }
        return ok();

      case 'GET /api/room/screen': canWatchOnly(); return ok(desktop.getScreenSize());
      case 'POST /api/room/screen': {
        canWatchOnly(); adminOnly();
        const body = await readJson(req);
        let size;
        try { size = await desktop.setScreenSize({ width: body.width, height: body.height, rate: body.rate }); } catch { throw new HttpError(422, 'cannot set screen size'); }
        room.broadcast('screen/updated', { id: session.id, ...size });
        return ok({ width: body.width | 0, height: body.height | 0, rate: body.rate | 0 });
      }
      case 'GET /api/room/screen/configurations': canWatchOnly(); adminOnly(); return ok(desktop.screenConfigurations());
      case 'GET /api/room/screen/cast.jpg': canWatchOnly(); throw new HttpError(400, 'screencast pipeline is not enabled');
      case 'GET /api/room/screen/shot.jpg': {
        canWatchOnly(); adminOnly();
        const q = parseInt(u.searchParams.get('quality') ?? '', 10);
        const jpg = await desktop.screenshot(Number.isFinite(q) ? q : 90);
        res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
        res.setHeader('Content-Type', 'image/jpeg');
        res.end(jpg);
        return;
      }
      case 'GET /api/room/clipboard':
        if (!prof.can_access_clipboard) throw new HttpError(403, 'session cannot access clipboard');
        if (!session.isHost()) throw new HttpError(403, 'session is not host');
        return ok({ text: (await desktop.getClipboardText?.()) ?? room.clipboardText });
      case 'POST /api/room/clipboard': {
        if (!prof.can_access_clipboard) throw new HttpError(403, 'session cannot access clipboard');
        if (!session.isHost()) throw new HttpError(403, 'session is not host');
        const body = await readJson(req);
        await room.clipboardSet(session, String(body.text ?? ''));
        return ok();
      }
      case 'GET /api/room/keyboard/map': canHostOnly(); return ok({ layout: 'us', variant: '' });
      default: break;
    }
    const give = p.match(/^\/api\/room\/control\/give\/([^/]+)\/?$/);
    if (give && m === 'POST') {
      canHostOnly();
      if (!session.isHost() && !prof.is_admin) throw new HttpError(403, 'session is not host or admin');
      const target = room.sessions.get(decodeURIComponent(give[1]));
      if (!target) throw new HttpError(404, 'target session was not found');
      if (!target.profile.can_host) throw new HttpError(400, 'target session is not allowed to host');
      room.setHost(session, target);
      return ok();
    }
    notFound(res);
  }

  function notFound(res) {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('404 page not found\n');
  }

  function methodNotAllowed(res) {
    res.statusCode = 405;
    res.end();
  }

  function serveStatic(res, rel) {
    const file = path.join(PAGE_DIR, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(PAGE_DIR) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { notFound(res); return; }
    const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
    res.setHeader('Content-Type', types[path.extname(file)] || 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-store');
    fs.createReadStream(file).pipe(res);
  }

  // ------------------------------------------------------------------ WebSocket
  server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url, url);
    if (u.pathname !== '/api/ws' || !state.room) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!allowOrigin(req.headers.origin ?? '')) {
      const body = JSON.stringify({ code: 400, message: 'Bad Request' });
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 1}\r\n\r\n${body}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => state.room?.connectWebSocket(ws, req, u));
  });

  await startDesktop();

  let closing = null;
  const instance = {
    url,
    port: actualPort,
    get cdpUrl() { return state.desktop?.cdpUrl; },
    get cdpPort() { return state.desktop?.cdpPort; },
    get display() { return state.desktop?.display; },
    get capture() { return state.desktop?.mode; },
    get inputKind() { return state.desktop?.inputKind; },
    get room() { return state.room; },
    get desktop() { return state.desktop; },
    pageUrl,
    /** Simulate a neko restart: all sessions are dropped ("connection shutdown"), browser restarted. */
    async restart() {
      const { room, desktop } = state;
      state.room = null;
      room?.close();
      await desktop?.stop();
      await startDesktop();
    },
    async close() {
      if (closing) return closing;
      closing = (async () => {
        instances.delete(instance);
        const { room, desktop } = state;
        state.room = null;
        room?.close();
        for (const c of wss.clients) { try { c.terminate(); } catch {} }
        wss.close();
        server.closeAllConnections?.();
        await new Promise((r) => server.close(() => r()));
        await desktop?.stop();
      })();
      return closing;
    },
    killSync() { state.desktop?.killSync(); },
  };
  instances.add(instance);
  return instance;
}

// ---------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.includes('=') ? a.slice(2).split(/=(.*)/s) : [a.slice(2), argv[i + 1]?.startsWith('--') ? 'true' : argv[++i]];
    out[k] = v ?? 'true';
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const a = parseArgs(process.argv.slice(2));
  const num = (v, d) => (v === undefined ? d : Number(v));
  startNekoDevServer({
    port: num(a.port, 8080),
    cdpPort: num(a['cdp-port'], 9222),
    width: num(a.width, 1280),
    height: num(a.height, 720),
    fps: num(a.fps, 30),
    page: a.page,
    capture: a.capture,
    input: a.input,
  }).then((neko) => {
    console.log(`neko dev server (v3 API)  ${neko.url}   (WebSocket ${neko.url.replace('http', 'ws')}/api/ws?token=…)`);
    console.log(`Chromium CDP              ${neko.cdpUrl}   (capture: ${neko.capture}${neko.display ? ` on DISPLAY ${neko.display}` : ''}, input: ${neko.inputKind})`);
    console.log(`test page                 ${neko.pageUrl}`);
    console.log('login: any username, password "neko" (user) or "admin" (admin). Ctrl+C to stop.');
  }).catch((e) => {
    console.error('[neko-dev] failed to start:', e.stack || e.message);
    process.exit(1);
  });
}

// The "desktop" of the dev server: a real Chromium, its screen captured and
// encoded to VP8 RTP by ffmpeg, and input injected into it.
//
//  mode "x11" (preferred, measured best): Xvfb (display picked with -displayfd)
//     + headed Chromium + ffmpeg x11grab; input via one persistent `xdotool -`
//     process fed line by line (X-level injection, like neko's XTest path).
//  mode "headless" (fallback when Xvfb is missing): Chromium --headless=new,
//     CDP Page.startScreencast JPEG frames piped into ffmpeg; input via CDP
//     Input.dispatch* (serialised).
//
// neko semantics kept here (server/internal/desktop/*.go, pkg/xorg):
//  - a repeated key/button down without up is rejected ("debounced"),
//  - keys/buttons held longer than 10 s are released (checked every 1 s),
//  - ButtonPress/KeyPress = ResetKeys, down, ResetKeys,
//  - ResetKeys releases everything this server pressed.
import { spawn, execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import dgram from 'node:dgram';
import { CdpClient } from './cdp.mjs';
import { keysymToDomKey } from './keysyms.mjs';

const DEBOUNCE_DURATION_MS = 10_000;
const DEBOUNCE_FREQUENCY_MS = 1_000;

export const NETWORK_HYGIENE_FLAGS = [
  '--no-first-run', '--no-default-browser-check', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-default-apps', '--disable-domain-reliability', '--metrics-recording-only', '--no-pings',
  '--disable-quic', '--disable-breakpad', '--disable-client-side-phishing-detection', '--password-store=basic',
  '--use-mock-keychain',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];

function which(bin) {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function findChromium() {
  for (const p of [process.env.NEKO_DEV_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium', which('chromium'), which('chromium-browser')]) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('Chromium not found (apt-get install -y chromium)');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Default list of selectable screen sizes (neko reads them from xrandr; ours are emulated). */
export const SCREEN_CONFIGURATIONS = [
  [640, 360], [800, 600], [1024, 576], [1024, 768], [1280, 720], [1280, 800], [1280, 1024],
  [1366, 768], [1440, 900], [1600, 900], [1920, 1080],
].flatMap(([width, height]) => [60, 30, 25].map((rate) => ({ width, height, rate })));

// ---------------------------------------------------------------------------
// input injectors

class XdotoolInput {
  constructor(display, log) {
    this.display = display;
    this.log = log;
    this.proc = null;
    this.closed = false;
    this.spawn();
  }

  spawn() {
    if (this.closed) return;
    const proc = spawn('xdotool', ['-'], { env: { ...process.env, DISPLAY: this.display }, stdio: ['pipe', 'ignore', 'pipe'] });
    proc.stdin.on('error', () => {});
    proc.stderr.on('data', (d) => this.log('xdotool:', d.toString().trim()));
    proc.on('exit', () => {
      if (this.proc === proc) this.proc = null;
      if (!this.closed) setTimeout(() => this.spawn(), 50); // stay alive even if a bad line killed it
    });
    this.proc = proc;
  }

  cmd(line) {
    if (!this.proc) this.spawn();
    // one line = one command; xdotool executes lines in order, so injections are serialised
    this.proc?.stdin.write(`${line}\n`);
  }

  move(x, y) { this.cmd(`mousemove ${x | 0} ${y | 0}`); }
  buttonDown(b) { this.cmd(`mousedown ${b}`); }
  buttonUp(b) { this.cmd(`mouseup ${b}`); }
  keyDown(ks) { this.cmd(`keydown --delay 0 0x${ks.toString(16)}`); }
  keyUp(ks) { this.cmd(`keyup --delay 0 0x${ks.toString(16)}`); }
  wheel(button, n) { if (n > 0) this.cmd(`click --delay 0 --repeat ${n} ${button}`); }
  sync() { return Promise.resolve(); }

  close() {
    this.closed = true;
    try { this.proc?.stdin.end(); } catch {}
    try { this.proc?.kill('SIGTERM'); } catch {}
  }
}

class CdpInput {
  constructor(cdp, sessionId, log) {
    this.cdp = cdp;
    this.sessionId = sessionId;
    this.log = log;
    this.queue = Promise.resolve();
    this.x = 0;
    this.y = 0;
    this.mods = 0;
    this.buttons = 0;
  }

  enqueue(method, params) {
    // serialise: interleaved press/press/release/release breaks clicks
    this.queue = this.queue
      .then(() => this.cdp.send(method, params, this.sessionId))
      .catch((e) => this.log('cdp input:', e.message));
    return this.queue;
  }

  static btnName(b) { return { 1: 'left', 2: 'middle', 3: 'right', 8: 'back', 9: 'forward' }[b] || 'none'; }
  static btnMask(b) { return { 1: 1, 2: 4, 3: 2, 8: 8, 9: 16 }[b] || 0; }

  move(x, y) {
    this.x = x; this.y = y;
    this.enqueue('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, modifiers: this.mods, buttons: this.buttons });
  }

  buttonDown(b) {
    this.buttons |= CdpInput.btnMask(b);
    this.enqueue('Input.dispatchMouseEvent', { type: 'mousePressed', x: this.x, y: this.y, button: CdpInput.btnName(b), buttons: this.buttons, clickCount: 1, modifiers: this.mods });
  }

  buttonUp(b) {
    this.buttons &= ~CdpInput.btnMask(b);
    this.enqueue('Input.dispatchMouseEvent', { type: 'mouseReleased', x: this.x, y: this.y, button: CdpInput.btnName(b), buttons: this.buttons, clickCount: 1, modifiers: this.mods });
  }

  keyDown(ks) {
    const k = keysymToDomKey(ks);
    if (k.mod) this.mods |= k.mod;
    const text = k.text && !(this.mods & (1 | 2 | 4)) ? k.text : undefined;
    this.enqueue('Input.dispatchKeyEvent', {
      type: text ? 'keyDown' : 'rawKeyDown', key: k.key, code: k.code, windowsVirtualKeyCode: k.keyCode,
      text, unmodifiedText: text, modifiers: this.mods,
    });
  }

  keyUp(ks) {
    const k = keysymToDomKey(ks);
    if (k.mod) this.mods &= ~k.mod;
    this.enqueue('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, code: k.code, windowsVirtualKeyCode: k.keyCode, modifiers: this.mods });
  }

  wheel(button, n) {
    const dy = button === 4 ? -100 : button === 5 ? 100 : 0;
    const dx = button === 6 ? -100 : button === 7 ? 100 : 0;
    for (let i = 0; i < n; i++) {
      this.enqueue('Input.dispatchMouseEvent', { type: 'mouseWheel', x: this.x, y: this.y, deltaX: dx, deltaY: dy, modifiers: this.mods });
    }
  }

  sync() { return this.queue; }
  close() {}
}

// ---------------------------------------------------------------------------

/** every Desktop that may own child processes, for process-exit cleanup */
export const liveDesktops = new Set();

export class Desktop extends EventEmitter {
  /**
   * @param {{width:number,height:number,fps:number,pageUrl:string,cdpPort:number,mode?:string,input?:string,log?:Function}} opts
   */
  constructor(opts) {
    super();
    this.opts = opts;
    this.log = opts.log || (() => {});
    this.size = { width: opts.width, height: opts.height, rate: opts.fps };
    this.cursor = { x: Math.round(opts.width / 2), y: Math.round(opts.height / 2) };
    this.procs = new Set();
    this.pressedKeys = new Map(); // keysym -> since
    this.pressedButtons = new Map(); // code -> since
    this.videoListeners = new Set();
    this.ffmpeg = null;
    this.stopped = false;
    this.stats = { videoPackets: 0, videoBytes: 0 };
  }

  track(proc, name) {
    this.procs.add(proc);
    proc.on('exit', (code, sig) => {
      this.procs.delete(proc);
      if (!this.stopped && name !== 'ffmpeg') this.log(`${name} exited (${code ?? sig})`);
    });
    return proc;
  }

  async start() {
    liveDesktops.add(this);
    const want = this.opts.mode || process.env.NEKO_DEV_CAPTURE || 'auto';
    this.mode = want === 'auto' ? (which('Xvfb') ? 'x11' : 'headless') : want;
    this.tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'neko-dev-'));
    if (this.mode === 'x11') await this.startXvfb();
    await this.startChromium();
    const inputKind = this.opts.input || process.env.NEKO_DEV_INPUT || (this.mode === 'x11' ? 'xdotool' : 'cdp');
    if (inputKind === 'xdotool' && this.mode === 'x11' && which('xdotool')) {
      this.input = new XdotoolInput(this.display, this.log);
      this.inputKind = 'xdotool';
    } else {
      this.input = new CdpInput(this.cdp, this.page.sessionId, this.log);
      this.inputKind = 'cdp';
    }
    this.input.move(this.cursor.x, this.cursor.y);
    this.debounceTimer = setInterval(() => this.checkKeys(), DEBOUNCE_FREQUENCY_MS);
    this.debounceTimer.unref();
  }

  async startXvfb() {
    const maxW = Math.max(1920, this.size.width);
    const maxH = Math.max(1080, this.size.height);
    const proc = this.track(spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${maxW}x${maxH}x24`, '-nolisten', 'tcp', '-noreset', '-ac'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    }), 'Xvfb');
    let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    const num = await new Promise((resolve, reject) => {
      let buf = '';
      const t = setTimeout(() => reject(new Error(`Xvfb did not start: ${err}`)), 10_000);
      proc.stdio[3].on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) { clearTimeout(t); resolve(parseInt(buf, 10)); }
      });
      proc.once('exit', () => { clearTimeout(t); reject(new Error(`Xvfb exited: ${err}`)); });
    });
    this.display = `:${num}`;
    this.xvfb = proc;
  }

  async startChromium() {
    const bin = findChromium();
    const userDataDir = path.join(this.tmp, 'profile');
    const { width, height } = this.size;
    const args = [
      ...NETWORK_HYGIENE_FLAGS,
      '--no-sandbox', '--test-type', '--disable-gpu', '--disable-dev-shm-usage', '--noerrdialogs',
      '--disable-session-crashed-bubble', '--hide-crash-restore-bubble', '--disable-infobars',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-features=WebRtcHideLocalIpsWithMdns,Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider',
      `--remote-debugging-port=${this.opts.cdpPort || 0}`, '--remote-debugging-address=127.0.0.1',
      '--remote-allow-origins=*',
      `--user-data-dir=${userDataDir}`, '--window-position=0,0', `--window-size=${width},${height}`,
    ];
    if (this.mode === 'headless') args.push('--headless=new', '--hide-scrollbars');
    args.push(this.opts.pageUrl);
    const env = { ...process.env };
    if (this.display) env.DISPLAY = this.display;
    const proc = this.track(spawn(bin, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: false }), 'chromium');
    let stderr = '';
    let stderrAll = '';
    proc.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
      if (stderrAll.length < 64_000) stderrAll += d;
    });
    this.chromium = proc;
    // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr (fixed or random port)
    let wsUrl = null;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !wsUrl) {
      if (proc.exitCode !== null) throw new Error(`chromium exited: ${stderrAll}`);
      const m = stderrAll.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) wsUrl = m[1];
      else await sleep(50);
    }
    if (!wsUrl) throw new Error(`chromium CDP did not come up: ${stderr}`);
    const u = new URL(wsUrl);
    const port = u.port;
    const wsPath = u.pathname;
    this.cdpPort = Number(port);
    this.cdpUrl = `http://127.0.0.1:${this.cdpPort}`;
    this.cdp = await CdpClient.connect(`ws://127.0.0.1:${this.cdpPort}${wsPath}`);
    // wait until the page target exists
    for (let i = 0; i < 100; i++) {
      try { this.page = await this.cdp.attachToFirstPage(); break; } catch { await sleep(50); }
    }
    if (!this.page) throw new Error('no page target in chromium');
    await this.applyViewport();
  }

  async applyViewport() {
    const { width, height } = this.size;
    if (this.mode === 'headless') {
      await this.cdp.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, this.page.sessionId);
      return;
    }
    try {
      const { windowId } = await this.cdp.send('Browser.getWindowForTarget', { targetId: this.page.targetId });
      await this.cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
      await this.cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: 0, top: 0, width, height } });
    } catch (e) {
      this.log('setWindowBounds failed:', e.message);
    }
  }

  // -------------------------------------------------------------------------
  // screen

  getScreenSize() { return { ...this.size }; }

  screenConfigurations() { return SCREEN_CONFIGURATIONS.map((s) => ({ ...s })); }

  async setScreenSize(req) {
    const width = req.width | 0;
    const height = req.height | 0;
    const rate = req.rate | 0 || this.size.rate;
    const ok = this.screenConfigurations().some((c) => c.width === width && c.height === height);
    if (!ok) throw new Error(`unknown screen configuration ${width}x${height}`);
    this.size = { width, height, rate };
    this.cursor.x = Math.min(this.cursor.x, width - 1);
    this.cursor.y = Math.min(this.cursor.y, height - 1);
    await this.applyViewport();
    if (this.videoListeners.size) await this.restartVideo();
    return { ...this.size };
  }

  /** clipboard emulation: Chromium's own clipboard via the async clipboard API (X clipboard tools are not needed) */
  async setClipboardText(text) {
    try {
      await this.cdp.send('Browser.grantPermissions', { permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
      await this.cdp.send('Runtime.evaluate', {
        expression: `navigator.clipboard.writeText(${JSON.stringify(text)})`, awaitPromise: true, userGesture: true,
      }, this.page.sessionId);
    } catch (e) {
      this.log('clipboard set failed:', e.message);
    }
  }

  async getClipboardText() {
    try {
      await this.cdp.send('Browser.grantPermissions', { permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
      const r = await this.cdp.send('Runtime.evaluate', { expression: 'navigator.clipboard.readText()', awaitPromise: true, userGesture: true }, this.page.sessionId);
      return r.result?.value ?? '';
    } catch {
      return undefined;
    }
  }

  async screenshot(quality = 90) {
    const { data } = await this.cdp.send('Page.captureScreenshot', { format: 'jpeg', quality }, this.page.sessionId);
    return Buffer.from(data, 'base64');
  }

  // -------------------------------------------------------------------------
  // input (neko DesktopManager semantics)

  clamp(x, y) {
    return [Math.max(0, Math.min(this.size.width - 1, x | 0)), Math.max(0, Math.min(this.size.height - 1, y | 0))];
  }

  move(x, y) {
    [x, y] = this.clamp(x, y);
    this.cursor = { x, y };
    this.input.move(x, y);
  }

  getCursorPosition() { return [this.cursor.x, this.cursor.y]; }

  scroll(deltaX, deltaY, controlKey = false) {
    if (controlKey) this.input.keyDown(0xffe3);
    if (deltaY) this.input.wheel(deltaY < 0 ? 4 : 5, Math.abs(deltaY));
    if (deltaX) this.input.wheel(deltaX < 0 ? 6 : 7, Math.abs(deltaX));
    if (controlKey) this.input.keyUp(0xffe3);
  }

  buttonDown(code) {
    if (this.pressedButtons.has(code)) throw new Error('debounced button');
    this.pressedButtons.set(code, Date.now());
    this.input.buttonDown(code);
  }

  buttonUp(code) {
    if (!this.pressedButtons.has(code)) throw new Error('button not pressed');
    this.pressedButtons.delete(code);
    this.input.buttonUp(code);
  }

  keyDown(keysym) {
    if (this.pressedKeys.has(keysym)) throw new Error('debounced key');
    this.pressedKeys.set(keysym, Date.now());
    this.input.keyDown(keysym);
  }

  keyUp(keysym) {
    if (!this.pressedKeys.has(keysym)) throw new Error('key not pressed');
    this.pressedKeys.delete(keysym);
    this.input.keyUp(keysym);
  }

  buttonPress(code) {
    this.resetKeys();
    try { this.buttonDown(code); } finally { this.resetKeys(); }
  }

  keyPress(...codes) {
    this.resetKeys();
    try { for (const c of codes) this.keyDown(c); } finally { this.resetKeys(); }
  }

  resetKeys() {
    for (const code of [...this.pressedButtons.keys()]) { this.pressedButtons.delete(code); this.input.buttonUp(code); }
    for (const ks of [...this.pressedKeys.keys()]) { this.pressedKeys.delete(ks); this.input.keyUp(ks); }
  }

  checkKeys() {
    const now = Date.now();
    for (const [code, t] of this.pressedButtons) if (now - t > DEBOUNCE_DURATION_MS) { this.pressedButtons.delete(code); this.input.buttonUp(code); }
    for (const [ks, t] of this.pressedKeys) if (now - t > DEBOUNCE_DURATION_MS) { this.pressedKeys.delete(ks); this.input.keyUp(ks); }
  }

  setKeyboardModifiers(mods) {
    // emulated: press/release the modifier keys to match the requested lock/modifier state
    const map = { shift: 0xffe1, control: 0xffe3, alt: 0xffe9, meta: 0xffe7, super: 0xffeb, altgr: 0xfe03 };
    for (const [name, ks] of Object.entries(map)) {
      if (typeof mods[name] !== 'boolean') continue;
      const down = this.pressedKeys.has(ks);
      if (mods[name] && !down) this.keyDown(ks);
      if (!mods[name] && down) this.keyUp(ks);
    }
  }

  // -------------------------------------------------------------------------
  // video: ffmpeg only runs while someone watches (like neko's capture pipelines)

  addVideoListener(fn) {
    this.videoListeners.add(fn);
    if (this.videoListeners.size === 1) this.startVideo().catch((e) => this.log('video start failed:', e.message));
  }

  removeVideoListener(fn) {
    this.videoListeners.delete(fn);
    if (this.videoListeners.size === 0) this.stopVideo();
  }

  async ensureUdp() {
    if (this.udp) return this.udp;
    const sock = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 << 20 });
    sock.on('message', (buf) => {
      this.stats.videoPackets++;
      this.stats.videoBytes += buf.length;
      for (const fn of this.videoListeners) fn(buf);
    });
    await new Promise((r) => sock.bind(0, '127.0.0.1', r));
    this.udp = sock;
    return sock;
  }

  ffmpegEncodeArgs() {
    const port = this.udp.address().port;
    return [
      '-an', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-b:v', '2M', '-g', '30',
      '-lag-in-frames', '0', '-error-resilient', '1', '-threads', '2', '-pix_fmt', 'yuv420p',
      '-pkt_size', '1200', '-f', 'rtp', `rtp://127.0.0.1:${port}`,
    ];
  }

  async startVideo() {
    if (this.ffmpeg || this.stopped) return;
    await this.ensureUdp();
    const { width, height } = this.size;
    const fps = Math.min(this.size.rate || 30, 30);
    let args;
    if (this.mode === 'x11') {
      args = ['-hide_banner', '-loglevel', 'error', '-f', 'x11grab', '-draw_mouse', '0', '-framerate', String(fps),
        '-video_size', `${width}x${height}`, '-i', `${this.display}.0+0,0`, ...this.ffmpegEncodeArgs()];
    } else {
      args = ['-hide_banner', '-loglevel', 'error', '-use_wallclock_as_timestamps', '1', '-probesize', '32',
        '-analyzeduration', '0', '-fflags', 'nobuffer', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0',
        '-vsync', 'passthrough', ...this.ffmpegEncodeArgs()];
    }
    const proc = this.track(spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] }), 'ffmpeg');
    proc.stdin.on('error', () => {});
    proc.stderr.on('data', (d) => this.log('ffmpeg:', d.toString().trim()));
    this.ffmpeg = proc;
    proc.on('exit', () => { if (this.ffmpeg === proc) this.ffmpeg = null; });
    if (this.mode === 'headless') await this.startScreencast(proc);
  }

  async startScreencast(proc) {
    const sid = this.page.sessionId;
    this.onScreencast = (params, sessionId) => {
      if (sessionId !== sid) return;
      this.cdp.send('Page.screencastFrameAck', { sessionId: params.sessionId }, sid).catch(() => {});
      // drop frames while ffmpeg is behind: bounded latency
      if (this.ffmpeg === proc && proc.stdin.writableLength === 0) proc.stdin.write(Buffer.from(params.data, 'base64'));
    };
    this.cdp.on('Page.screencastFrame', this.onScreencast);
    await this.cdp.send('Page.startScreencast', { format: 'jpeg', quality: 70, everyNthFrame: 2, maxWidth: this.size.width, maxHeight: this.size.height }, sid);
  }

  stopVideo() {
    const proc = this.ffmpeg;
    this.ffmpeg = null;
    if (this.onScreencast) {
      this.cdp.off('Page.screencastFrame', this.onScreencast);
      this.onScreencast = null;
      this.cdp.send('Page.stopScreencast', {}, this.page.sessionId).catch(() => {});
    }
    if (proc) {
      try { proc.stdin.end(); } catch {}
      proc.kill('SIGKILL');
    }
  }

  async restartVideo() {
    this.stopVideo();
    await this.startVideo();
  }

  // -------------------------------------------------------------------------

  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    liveDesktops.delete(this);
    clearInterval(this.debounceTimer);
    this.stopVideo();
    this.input?.close();
    try { this.cdp?.close(); } catch {}
    try { this.udp?.close(); } catch {}
    const procs = [...this.procs];
    for (const p of procs) { try { p.kill('SIGTERM'); } catch {} }
    await Promise.race([
      Promise.all(procs.map((p) => (p.exitCode !== null || p.signalCode ? null : new Promise((r) => p.once('exit', r))))),
      sleep(3000),
    ]);
    for (const p of procs) { if (p.exitCode === null && !p.signalCode) { try { p.kill('SIGKILL'); } catch {} } }
    if (this.tmp) await fsp.rm(this.tmp, { recursive: true, force: true }).catch(() => {});
  }

  /** synchronous best-effort kill for process 'exit' handlers */
  killSync() {
    for (const p of this.procs) { try { p.kill('SIGKILL'); } catch {} }
    if (this.tmp) { try { fs.rmSync(this.tmp, { recursive: true, force: true }); } catch {} }
  }
}

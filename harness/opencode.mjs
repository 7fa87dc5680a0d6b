// Launches a real `opencode serve` for a test suite: hermetic XDG dirs, a mock provider pointing at
// the scripted model server, 127.0.0.1 only, and every child killed when this Node process exits.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Shared, pre-warmed XDG config/cache/home for every server (git-ignored). */
export const SHARED_DIR = process.env.OC_HARNESS_CACHE ?? path.join(ROOT, '.cache', 'opencode');

/**
 * @typedef {object} OpencodeOptions
 * @property {{ url: string }} [model]     a model server from startModelServer(); configures provider `mock`
 * @property {string} [defaultModel]       default 'mock/mock-1' (also used as small_model)
 * @property {string} [password]           sets OPENCODE_SERVER_PASSWORD
 * @property {string} [username]           sets OPENCODE_SERVER_USERNAME (opencode's default is 'opencode')
 * @property {string[]} [cors]             extra allowed origins (→ --cors)
 * @property {object} [permission]         opencode permission config, e.g. { bash: 'ask' }
 * @property {object} [config]             extra opencode.json keys, shallow-merged last (e.g. { mcp: {...} })
 * @property {Record<string,string>} [env] extra environment variables
 * @property {number} [port]               default: a free port chosen by opencode (kept across restart())
 * @property {string} [projectDir]         default: fresh temp git repo with one commit (removed by stop())
 * @property {string} [dataDir]            default: fresh temp dir (removed by stop()); holds XDG data/state + opencode.json
 * @property {number} [startTimeoutMs]     default 30000
 * @property {boolean} [keep]              keep temp dirs on stop()
 * @property {{ cdpEndpoint: string, outputDir?: string, timeoutMs?: number }} [browserMcp]
 *                                         attach the Playwright MCP server (tools `playwright_*`) over CDP to an existing
 *                                         browser (e.g. the neko dev server's `cdpUrl`); startOpencode then waits until
 *                                         opencode reports it `connected` or `failed` (see `handle.mcpStatus`)
 * @property {boolean} [useUserConfig]     not hermetic: keep the user's HOME and XDG dirs, so opencode uses their own
 *                                         providers, auth and config (ours is still added through OPENCODE_CONFIG:
 *                                         password, cors, permission, mcp). Used by `npm start` with a real provider.
 */

/** Path of the native opencode binary from node_modules (the platform package, or opencode-ai's copy). */
export function resolveBinary() {
  if (process.env.OPENCODE_BIN) return process.env.OPENCODE_BIN;
  const plat = { darwin: 'darwin', linux: 'linux', win32: 'windows' }[process.platform] ?? process.platform;
  const exe = process.platform === 'win32' ? 'opencode.exe' : 'opencode';
  const candidates = [`opencode-${plat}-${process.arch}`, `opencode-${plat}-${process.arch}-baseline`,
    `opencode-${plat}-${process.arch}-musl`, `opencode-${plat}-${process.arch}-baseline-musl`];
  for (const name of candidates) {
    try {
      const bin = path.join(path.dirname(require.resolve(`${name}/package.json`)), 'bin', exe);
      if (fs.existsSync(bin)) return bin;
    } catch { /* not installed */ }
  }
  try {
    // opencode-ai's postinstall hard-links the native binary to bin/opencode.exe
    const bin = path.join(path.dirname(require.resolve('opencode-ai/package.json')), 'bin', 'opencode.exe');
    if (fs.existsSync(bin) && fs.readFileSync(bin).subarray(0, 2).toString() !== '#!') return bin;
  } catch { /* not installed */ }
  throw new Error('harness: cannot find the opencode binary; run `npm install` (opencode-ai) or set OPENCODE_BIN');
}

let cachedVersion = '';
/** opencode version, from the binary's package.json when possible (cheaper than `opencode --version`). */
export function binaryVersion() {
  if (cachedVersion) return cachedVersion;
  const bin = resolveBinary();
  try { cachedVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(bin), '..', 'package.json'), 'utf8')).version; } catch { /* fall through */ }
  cachedVersion ||= execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  return cachedVersion;
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
/** Temp dirs created by this process and not yet removed. */
const tempDirs = new Set();
let exitHooked = false;
function cleanupSync() {
  for (const c of children) try { c.kill('SIGKILL'); } catch { /* gone */ }
  for (const d of tempDirs) try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
}
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', cleanupSync);
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(sig, () => {
      cleanupSync();
      process.kill(process.pid, sig); // default handling now that our listener is gone
    });
  }
}
const removeDir = (d) => { fs.rmSync(d, { recursive: true, force: true }); tempDirs.delete(d); };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A timer promise that does not keep the process alive. */
const unrefSleep = (ms) => new Promise((r) => setTimeout(r, ms).unref());

function hermeticEnv(dataDir, extra = {}) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: process.env.LANG ?? 'C.UTF-8',
    TMPDIR: os.tmpdir(),
    SHELL: '/bin/bash',
    HOME: path.join(SHARED_DIR, 'home'),
    XDG_CONFIG_HOME: path.join(SHARED_DIR, 'config'),
    XDG_CACHE_HOME: path.join(SHARED_DIR, 'cache'),
    XDG_DATA_HOME: path.join(dataDir, 'data'),
    XDG_STATE_HOME: path.join(dataDir, 'state'),
    OPENCODE_CONFIG: path.join(dataDir, 'opencode.json'),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_SHARE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
    OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

/** The user's own environment (their providers and auth), with our config file layered on top. */
function userEnv(dataDir, extra = {}) {
  const { OPENCODE_SERVER_PASSWORD, OPENCODE_SERVER_USERNAME, ...rest } = process.env;
  return {
    ...rest,
    OPENCODE_CONFIG: path.join(dataDir, 'opencode.json'),
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_SHARE: '1',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

/** A free TCP port on 127.0.0.1 (random ephemeral; opencode's own `--port 0` prefers 4096, which parallel suites would race for). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** Create a temp git repo with one commit. */
export function makeProjectDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-harness-project-'));
  fs.writeFileSync(path.join(dir, 'README.md'), '# harness project\n');
  const git = (...args) => execFileSync('git', ['-c', 'user.name=harness', '-c', 'user.email=harness@localhost',
    '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return dir;
}

/** opencode.json for a server that talks to the mock model. */
function buildConfig(opts) {
  /** @type {any} */
  const cfg = { $schema: 'https://opencode.ai/config.json', autoupdate: false, share: 'disabled' };
  if (opts.model) {
    const limit = { context: 128000, output: 8192 };
    cfg.provider = {
      mock: {
        npm: '@ai-sdk/openai-compatible', name: 'Mock',
        options: { baseURL: opts.model.url, apiKey: 'mock-key' },
        models: {
          'mock-1': { name: 'Mock 1', tool_call: true, reasoning: true, limit },
          'mock-vision': { name: 'Mock Vision', tool_call: true, attachment: true, limit,
            modalities: { input: ['text', 'image'], output: ['text'] } },
        },
      },
    };
    cfg.model = opts.defaultModel ?? 'mock/mock-1';
    cfg.small_model = opts.defaultModel ?? 'mock/mock-1';
    cfg.enabled_providers = ['mock'];
  }
  if (opts.permission) cfg.permission = opts.permission;
  return { ...cfg, ...(opts.config ?? {}) };
}

/**
 * Make sure the shared config dir holds opencode's plugin dependencies, so no server pays the
 * first-start `npm install @opencode-ai/plugin`. Runs once per machine; a lock dir serialises suites.
 */
export async function warmup({ timeoutMs = 180_000 } = {}) {
  const version = binaryVersion();
  const marker = path.join(SHARED_DIR, `.warm-${version}`);
  if (fs.existsSync(marker)) return;
  fs.mkdirSync(SHARED_DIR, { recursive: true });
  const lock = path.join(SHARED_DIR, '.warm.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { fs.mkdirSync(lock); fs.writeFileSync(path.join(lock, 'pid'), String(process.pid)); break; } catch { /* held */ }
    if (fs.existsSync(marker)) return;
    let alive = true;
    try {
      const holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8').trim());
      process.kill(holder, 0); // throws if the holder is gone
    } catch (err) {
      // no pid file yet (just created) or a dead holder; treat a pid-less lock as stale after 10 s
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      alive = /** @type {any} */ (err)?.code === 'ENOENT' ? age < 10_000 : false;
    }
    if (!alive && fs.existsSync(lock)) { fs.rmSync(lock, { recursive: true, force: true }); continue; }
    if (Date.now() > deadline) throw new Error(`harness: timed out waiting for warm-up lock ${lock}`);
    await sleep(250);
  }
  try {
    if (fs.existsSync(marker)) return;
    const t0 = Date.now();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-harness-warm-'));
    const pluginPkg = path.join(SHARED_DIR, 'config', 'opencode', 'node_modules', '@opencode-ai', 'plugin', 'package.json');
    const lockFile = path.join(SHARED_DIR, 'config', 'opencode', 'package-lock.json');
    const oc = await launch({ dataDir, projectDir: dataDir, warm: true, startTimeoutMs: timeoutMs });
    try {
      await oc.api('/config'); // boots the instance, which starts the background install
      while (!(fs.existsSync(pluginPkg) && fs.existsSync(lockFile))) {
        if (Date.now() > deadline) throw new Error(`harness: plugin install did not finish in ${timeoutMs} ms\n${oc.logs().slice(-3000)}`);
        await sleep(250);
      }
      await sleep(500); // let npm finish writing
    } finally {
      await oc.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    fs.writeFileSync(marker, `warmed in ${Date.now() - t0} ms at ${new Date().toISOString()}\n`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Start a real `opencode serve` bound to 127.0.0.1 and wait until /global/health answers.
 * @param {OpencodeOptions} [opts]
 */
export async function startOpencode(opts = {}) {
  if (!opts.useUserConfig) await warmup();
  const { browserMcp } = opts;
  if (!browserMcp) return launch(opts);
  const outputDir = browserMcp.outputDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oc-harness-playwright-'));
  if (!browserMcp.outputDir && !opts.keep) tempDirs.add(outputDir);
  const mcp = { ...opts.config?.mcp, ...playwrightMcpConfig(browserMcp.cdpEndpoint, outputDir) };
  const handle = await launch({ ...opts, config: { ...opts.config, mcp } });
  if (tempDirs.has(outputDir)) {
    const stop = handle.stop;
    handle.stop = async () => {
      await stop();
      removeDir(outputDir);
    };
  }
  handle.mcpStatus = await waitForMcp(handle, browserMcp.timeoutMs ?? 30_000);
  return handle;
}

/**
 * opencode `mcp` config for the Playwright MCP server attached over CDP to an existing browser. Tools are
 * then named `playwright_*`.
 * @param {string} cdpEndpoint @param {string} outputDir
 */
export function playwrightMcpConfig(cdpEndpoint, outputDir) {
  return {
    playwright: {
      type: 'local', enabled: true, timeout: 30_000,
      command: [process.execPath, path.join(ROOT, 'node_modules/@playwright/mcp/cli.js'), '--cdp-endpoint', cdpEndpoint, '--output-dir', outputDir],
    },
  };
}

/** Polls opencode's `/mcp` until the Playwright server is `connected` or `failed`; returns the last status. */
async function waitForMcp(handle, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let status = 'unknown';
  while (Date.now() < deadline) {
    status = (await handle.api('/mcp').catch(() => ({})))?.playwright?.status ?? status;
    if (status === 'connected' || status === 'failed') return status;
    await sleep(100);
  }
  return status;
}

/** @param {OpencodeOptions & { warm?: boolean }} opts */
async function launch(opts) {
  hookExit();
  const bin = resolveBinary();
  const ownProject = !opts.projectDir;
  const ownData = !opts.dataDir;
  const projectDir = opts.projectDir ?? makeProjectDir();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oc-harness-data-'));
  if (!opts.keep) for (const [own, d] of [[ownProject, projectDir], [ownData, dataDir]]) if (own) tempDirs.add(d);
  fs.mkdirSync(path.join(dataDir, 'data'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'state'), { recursive: true });
  fs.mkdirSync(path.join(SHARED_DIR, 'home'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'opencode.json'), JSON.stringify(buildConfig(opts), null, 2));

  const username = opts.password ? (opts.username ?? 'opencode') : opts.username;
  const password = opts.password;
  const authHeader = password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
  const env = (opts.useUserConfig ? userEnv : hermeticEnv)(dataDir, {
    ...(password ? { OPENCODE_SERVER_PASSWORD: password } : {}),
    ...(opts.username ? { OPENCODE_SERVER_USERNAME: opts.username } : {}),
    ...(opts.env ?? {}),
  });
  const logFile = path.join(dataDir, 'opencode.log');
  /** @type {string[]} */
  const lines = [];
  let port = opts.port ?? await freePort();
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  /** @type {Promise<number|null> | null} */
  let exited = null;

  async function spawnOnce() {
    const args = ['serve', '--hostname', '127.0.0.1', '--port', String(port), '--print-logs'];
    for (const origin of opts.cors ?? []) args.push('--cors', origin);
    const proc = spawn(bin, args, { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    children.add(proc);
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    /** @type {(p: number) => void} */
    let onPort = () => {};
    const portSeen = new Promise((r) => { onPort = r; });
    let partial = '';
    const onData = (buf) => {
      out.write(buf);
      const text = partial + buf.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const m = /opencode server listening on http:\/\/[^:]+:(\d+)/.exec(line);
        if (m) onPort(Number(m[1]));
      }
      if (lines.length > 5000) lines.splice(0, lines.length - 4000);
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
      children.delete(proc);
      out.end();
      lines.push(`[harness] opencode exited code=${code} signal=${signal}`);
      resolve(code);
    }));
    const t0 = Date.now();
    const timeout = opts.startTimeoutMs ?? 30_000;
    const fail = (why) => new Error(`harness: opencode ${why}\n--- last log lines${opts.keep ? ` (${logFile})` : ''} ---\n${lines.slice(-30).join('\n')}`);
    const early = exited.then(() => { throw fail('exited before it was healthy'); });
    const listening = await Promise.race([portSeen, early, unrefSleep(timeout).then(() => { throw fail(`did not listen within ${timeout} ms`); })]);
    port = /** @type {number} */ (listening);
    const tListen = Date.now() - t0;
    for (;;) {
      const ok = await Promise.race([early, health()]);
      if (ok) break;
      if (Date.now() - t0 > timeout) { proc.kill('SIGKILL'); throw fail(`not healthy within ${timeout} ms`); }
      await sleep(50);
    }
    // Boot the project instance now: surfaces config errors (ConfigInvalidError) here instead of in the first test.
    const cfg = await fetch(`http://127.0.0.1:${port}/config`, { headers: authHeader ? { authorization: authHeader } : {} }).catch((err) => err);
    if (!(cfg instanceof Response) || !cfg.ok) {
      const why = cfg instanceof Response ? `${cfg.status} ${await cfg.text()}` : String(cfg);
      proc.kill('SIGKILL');
      throw fail(`rejected its configuration: GET /config → ${why}`);
    }
    handle.startupMs = Date.now() - t0;
    if (process.env.OC_HARNESS_DEBUG) console.error(`[harness] opencode :${port} listening after ${tListen} ms, healthy after ${handle.startupMs} ms`);
  }

  async function health() {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/global/health`, { headers: authHeader ? { authorization: authHeader } : {}, signal: AbortSignal.timeout(2000) });
      return r.ok && (await r.json()).healthy === true;
    } catch (err) {
      if (process.env.OC_HARNESS_DEBUG) console.error(`[harness] health: ${err.cause?.code ?? err.name}`);
      return false;
    }
  }

  async function signalAndWait(signal, graceMs) {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    const done = await Promise.race([exited, unrefSleep(graceMs).then(() => 'timeout')]);
    if (done === 'timeout') { proc.kill('SIGKILL'); await exited; }
  }

  const handle = {
    get url() { return `http://127.0.0.1:${port}`; },
    get port() { return port; },
    projectDir, dataDir, username, password, authHeader,
    /** ms from spawn to healthy, for the latest (re)start */
    startupMs: 0,
    get pid() { return child?.pid; },
    /** All captured log lines (stdout + stderr with --print-logs). */
    logs() { return lines.join('\n'); },
    /** JSON REST helper: api('/session', { method: 'POST', body: {} }). Throws on non-2xx. */
    /** @param {string} p @param {{ method?: string, body?: any, headers?: Record<string, string> }} [init] */
    async api(p, { method = 'GET', body, headers = {} } = {}) {
      const init = {
        method,
        headers: { ...(authHeader ? { authorization: authHeader } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      };
      // A keep-alive socket left over from before a restart fails once with ECONNRESET: retry on a fresh one.
      const r = await fetch(handle.url + p, init)
        .catch((err) => (/ECONNRESET|other side closed|UND_ERR_SOCKET/.test(`${err.cause?.code} ${err.cause?.message}`) ? fetch(handle.url + p, init) : Promise.reject(err)))
        .catch((err) => {
          const alive = child && child.exitCode === null && child.signalCode === null;
          throw new Error(`opencode ${method} ${p} failed: ${err.cause?.message ?? err.message} (server ${alive ? 'running' : 'not running'})`
            + (alive ? '' : `\n--- last log lines ---\n${lines.slice(-20).join('\n')}`), { cause: err });
        });
      const text = await r.text();
      if (!r.ok) throw new Error(`opencode ${method} ${p} → ${r.status}: ${text.slice(0, 500)}`);
      return text && (r.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    },
    /** SIGTERM (then SIGKILL after 5 s), and remove the temp dirs this call created. */
    async stop() {
      await signalAndWait('SIGTERM', 5000);
      if (!opts.keep) {
        if (ownProject) removeDir(projectDir);
        if (ownData) removeDir(dataDir);
      }
    },
    /** Send a signal (default SIGKILL) and wait for the exit. Dirs are kept, so restart() works afterwards. */
    async kill(signal = 'SIGKILL') { await signalAndWait(signal, signal === 'SIGKILL' ? 10_000 : 5000); },
    /** Stop (if running) and start again on the same port with the same data dir; waits until healthy. */
    async restart() {
      await signalAndWait('SIGTERM', 5000);
      for (let attempt = 0; ; attempt++) {
        try { await spawnOnce(); return handle; } catch (err) {
          if (attempt >= 5 || !/EADDRINUSE|address|in use/i.test(String(err))) throw err;
          await sleep(200); // port still in TIME_WAIT or not yet released
        }
      }
    },
  };

  try {
    await spawnOnce();
  } catch (err) {
    if (!opts.keep) {
      if (ownProject) removeDir(projectDir);
      if (ownData) removeDir(dataDir);
    }
    throw err;
  }
  return handle;
}

/** @typedef {Awaited<ReturnType<typeof startOpencode>>} Opencode */

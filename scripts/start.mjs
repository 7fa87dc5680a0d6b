#!/usr/bin/env node
// `npm start`: the demo on embedded defaults. Starts, on free ports with readable logs:
//   - the neko dev server with its real remote Chromium (when Xvfb/ffmpeg/Chromium are present),
//   - the real `opencode serve` (a random password, CORS for the demo origin, the Playwright MCP server
//     attached to the dev server's Chromium over CDP, `"playwright_*": "ask"` so the arbiter gates every
//     agent browser action), on the user's own model provider when one is configured, else on the
//     scripted demo model (demo/scenario.mjs),
//   - a static server for demo/, which loads the one-script build dist/oc-elements.js and shows <oc-workspace>.
// Prints the URL; Ctrl+C stops everything it started.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { startModelServer } from '../harness/model-server.mjs';
import { binaryVersion, startOpencode } from '../harness/opencode.mjs';
import { ensureBuilt } from './ensure-built.mjs';
import { DEMO_HANDOFF_REASON, demoScenario, userHasModelProvider } from '../demo/scenario.mjs';

const root = new URL('..', import.meta.url).pathname;
const log = (what, line) => console.log(`[${what.padEnd(8)}] ${line}`);
const stops = [];

async function main() {
  ensureBuilt({ force: process.argv.includes('--build'), onBuild: () => log('build', 'building dist/oc-elements.js (sources changed or first run)…') });
  // After the build: the core package's compiled ESM.
  const { HANDOFF_INSTRUCTIONS, handoffQuestion } = await import('@oc-elements/core');

  const web = await serveDemo();
  stops.push(() => web.close());
  log('demo', `static server on ${web.origin}`);

  let neko;
  try {
    const { startNekoDevServer } = await import('../harness/neko/server.mjs');
    neko = await startNekoDevServer({ env: { ...process.env, NEKO_SERVER_CORS: web.origin }, quiet: true });
    stops.push(() => neko.close());
    log('neko', `dev server ${neko.url} (remote Chromium, CDP ${neko.cdpUrl}; page ${neko.pageUrl})`);
  } catch (error) {
    log('neko', `not started: ${error.message}. Install chromium, xvfb, ffmpeg and xdotool to see the shared browser.`);
  }

  const password = randomBytes(12).toString('base64url');
  const ownProvider = userHasModelProvider();
  let model;
  if (!ownProvider) {
    model = await startModelServer({
      fallback: demoScenario({ pageUrl: neko?.pageUrl, handoffQuestion }),
      log: (line) => {
        const m = /^request #(\d+) → (.*)$/.exec(line);
        if (m) log('model', `turn ${m[1]}: ${describeStep(m[2])}`);
      },
    });
    stops.push(() => model.close());
    log('model', `scripted demo model on ${model.url} (no model provider configured for opencode; set one up with \`opencode auth login\`)`);
  } else {
    log('model', 'using your own opencode providers and config (OC_DEMO_SCRIPTED=1 forces the scripted demo model)');
  }

  const mcp = neko && existsSync(join(root, 'node_modules/@playwright/mcp/cli.js'));
  if (neko && !mcp) log('opencode', 'Playwright MCP not installed (npm install): the agent cannot use the browser');
  const opencode = await startOpencode({
    model,
    password,
    cors: [web.origin],
    useUserConfig: ownProvider,
    browserMcp: mcp ? { cdpEndpoint: neko.cdpUrl } : undefined,
    permission: { 'playwright_*': 'ask' },
  });
  stops.push(() => opencode.stop());
  // Teach a real model the hand-off shape (the scripted model follows it anyway).
  writeFileSync(join(opencode.projectDir, 'AGENTS.md'), `# Demo project\n\nYou drive a shared browser (Playwright MCP tools) with a human watching.${neko ? ` Its test page is ${neko.pageUrl}.` : ''}\n\n${HANDOFF_INSTRUCTIONS}\n`);
  log('opencode', `serve ${opencode.url} (opencode ${binaryVersion()}, project ${opencode.projectDir})`);
  if (mcp) log('opencode', `Playwright MCP ${opencode.mcpStatus} (browser tools gated: "playwright_*": "ask")`);

  web.config = {
    opencode: { server: opencode.url, auth: { username: opencode.username, password } },
    neko: neko ? { server: neko.url, auth: { username: 'you', password: 'neko' } } : undefined,
    hint: ownProvider ? undefined : `Try: "Show me the shared browser". The scripted agent will ask you: "${DEMO_HANDOFF_REASON}".`,
  };
  console.log(`\n  Open ${web.origin}/ in your browser.  Ctrl+C stops everything.\n`);
}

/** One readable line for a scripted step. */
function describeStep(json) {
  const tool = /"tool":"([^"]+)"/.exec(json)?.[1];
  const text = /"text":"((?:[^"\\]|\\.){0,70})/.exec(json)?.[1];
  return [text && `"${text}${text.length >= 70 ? '…' : ''}"`, tool && `→ ${tool}`].filter(Boolean).join(' ') || json;
}

async function serveDemo() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.json': 'application/json', '.svg': 'image/svg+xml' };
  const state = { config: undefined };
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/config.json') {
      // Same-origin only: the page reads the local credentials; they never go into a URL.
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(state.config ?? {}));
      return;
    }
    // Only the bundle and the demo page are served: a decoded `..` must not reach the rest of the repo.
    const base = path.startsWith('/dist/') ? root : join(root, 'demo');
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    const allowed = [join(root, 'dist') + sep, join(root, 'demo') + sep].some((dir) => file.startsWith(dir));
    if (!allowed || file.endsWith('.mjs') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  const { port } = server.address();
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  });
}

/** Every process below this one (Linux /proc), read before anything is stopped. */
function descendants(pid = process.pid) {
  try {
    const parent = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch { /* gone */ }
    }
    const out = [];
    const walk = (p) => { for (const [child, pp] of parent) if (pp === p) { out.push(child); walk(child); } };
    walk(pid);
    return out;
  } catch {
    return [];
  }
}

let stopping = false;
let leftovers = [];
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  leftovers = descendants();
  console.log('\nStopping…');
  const ordered = stops.splice(0).reverse();
  for (const stop of ordered) await Promise.race([Promise.resolve().then(stop).catch(() => {}), new Promise((r) => setTimeout(r, 6000))]);
  process.exit(code);
}
// Whatever ends the process (our shutdown, or the harnesses' own signal handlers): no child survives,
// including grandchildren such as the Playwright MCP server under opencode.
process.on('exit', () => {
  for (const pid of leftovers.length ? leftovers : descendants()) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
});
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  void shutdown(1);
});

#!/usr/bin/env node
// `npm start`: the demo on embedded defaults. Starts, on free ports with readable logs:
//   - the real `opencode serve` (a random password, CORS for the demo origin),
//     on the user's own model provider when one is configured, else on the scripted model,
//   - the neko dev server with its real remote Chromium (when Xvfb/ffmpeg/Chromium are present),
//   - a static server for demo/, which loads the one-script build dist/oc-elements.js.
// Prints the URL; Ctrl+C stops everything it started.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import { startModelServer } from '../harness/model-server.mjs';
import { startOpencode } from '../harness/opencode.mjs';
import { demoScenario, userHasModelProvider } from '../demo/scenario.mjs';

const root = new URL('..', import.meta.url).pathname;
const log = (what, line) => console.log(`[${what.padEnd(8)}] ${line}`);
const stops = [];

async function main() {
  if (!existsSync(join(root, 'dist/oc-elements.js')) || process.argv.includes('--build')) {
    log('build', 'building dist/oc-elements.js (first run)…');
    const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed');
  }

  const web = await serveDemo();
  stops.push(() => web.close());
  log('demo', `static server on ${web.origin}`);

  let neko;
  try {
    const { startNekoDevServer } = await import('../harness/neko/server.mjs');
    neko = await startNekoDevServer({ env: { ...process.env, NEKO_SERVER_CORS: web.origin }, quiet: true });
    stops.push(() => neko.close());
    log('neko', `dev server ${neko.url} (CDP ${neko.cdpUrl}); log in with any name and password "neko"`);
  } catch (error) {
    log('neko', `not started: ${error.message}. Install chromium, xvfb, ffmpeg and xdotool to see the shared browser.`);
  }

  const password = randomBytes(12).toString('base64url');
  const ownProvider = userHasModelProvider();
  let model;
  if (!ownProvider) {
    model = await startModelServer({ fallback: demoScenario({ pageUrl: neko?.pageUrl }) });
    stops.push(() => model.close());
    log('model', `scripted demo model on ${model.url} (no model provider configured for opencode)`);
  }
  const mcp = neko
    ? { playwright: { type: 'local', enabled: true, timeout: 30000, command: [process.execPath, join(root, 'node_modules/@playwright/mcp/cli.js'), '--cdp-endpoint', neko.cdpUrl] } }
    : undefined;
  const opencode = await startOpencode({
    model,
    password,
    cors: [web.origin],
    useUserConfig: ownProvider,
    config: mcp && existsSync(join(root, 'node_modules/@playwright/mcp/cli.js')) ? { mcp } : undefined,
    permission: { 'playwright_*': 'ask' },
  });
  stops.push(() => opencode.stop());
  log('opencode', `serve ${opencode.url} (version ${opencode.version ?? '?'}, project ${opencode.projectDir})`);

  web.config = { opencode: { server: opencode.url, auth: { password } }, neko: neko ? { server: neko.url, auth: { username: 'you', password: 'neko' } } : undefined };
  console.log(`\n  Open ${web.origin}/ in your browser.  Ctrl+C stops everything.\n`);
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
    const file = path.startsWith('/dist/') ? normalize(join(root, path)) : normalize(join(root, 'demo', path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  const { port } = server.address();
  return Object.assign(state, { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
}

async function shutdown(code) {
  for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  void shutdown(1);
});

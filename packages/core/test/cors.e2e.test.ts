// CORS diagnosis from a real browser page. opencode allows http://127.0.0.1:* and localhost by
// default, so a page served from 127.0.0.2 is a foreign origin: the connection must report the
// CORS block with the exact --cors flag, and connect once opencode is started with that flag.
// The page also embeds the built `<oc-chat>` (dist/), which shows that diagnosis in its alert.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../../scripts/browsers.mjs';
import { startModelServer } from '../../../harness/model-server.mjs';
import { startOpencode } from '../../../harness/opencode.mjs';
import { ensureBuilt } from '../../../scripts/ensure-built.mjs';

const root = new URL('../../../', import.meta.url).pathname;

async function servePage(): Promise<{ origin: string; close(): void }> {
  const bundle = await build({
    stdin: {
      contents: `export { OpencodeConnection } from './packages/core/src/opencode/connection.ts';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2022',
  });
  const script = bundle.outputFiles[0]!.text;
  const server = http.createServer((req, res) => {
    if (req.url === '/core.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    // The one-script build and its chunks, as a page that embeds oc-elements would serve them.
    const dist = /^\/dist\/(oc-elements\.js|chunks\/[\w-]+\.js)$/.exec(req.url ?? '');
    if (dist) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(`${root}dist/${dist[1]}`));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>embedding page</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.2:${port}`, close: () => server.close() };
}

describe('CORS diagnosis in a real browser', () => {
  let browser: Browser;
  let page: Awaited<ReturnType<typeof servePage>>;
  let model: Awaited<ReturnType<typeof startModelServer>>;
  before(async () => {
    const executablePath = findChromium();
    assert.ok(executablePath, 'Chromium is needed for this test');
    ensureBuilt();
    browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
    page = await servePage();
    model = await startModelServer();
  });
  after(async () => {
    await browser?.close();
    page?.close();
    await model?.close();
  });

  async function connectFromPage(server: string, password: string) {
    const tab = await browser.newPage();
    try {
      await tab.goto(page.origin + '/');
      return await tab.evaluate(
        async ({ server, password }) => {
          const { OpencodeConnection } = await import('/core.js');
          const connection = new OpencodeConnection({ server, auth: { password } });
          const state = await connection.start();
          connection.stop();
          return { status: state.status, kind: state.problem?.kind, message: state.problem?.message };
        },
        { server, password },
      );
    } finally {
      await tab.close();
    }
  }

  it('reports the CORS block with the --cors flag for this origin', async () => {
    const opencode = await startOpencode({ model, password: 'pw' });
    try {
      const result = await connectFromPage(opencode.url, 'pw');
      assert.equal(result.kind, 'cors');
      assert.equal(result.status, 'error');
      assert.ok(result.message?.includes(`opencode serve --cors ${page.origin}`), result.message);
    } finally {
      await opencode.stop();
    }
  });

  it('connects once opencode allows that origin', async () => {
    const opencode = await startOpencode({ model, password: 'pw', cors: [page.origin] });
    try {
      const result = await connectFromPage(opencode.url, 'pw');
      assert.equal(result.status, 'connected', result.message);
    } finally {
      await opencode.stop();
    }
  });

  /** `<oc-chat>` on the foreign page: its connection status once settled, and what its alert says. */
  async function chatFromPage(server: string, password: string) {
    const tab = await browser.newPage();
    try {
      await tab.goto(page.origin + '/');
      await tab.evaluate(
        async ({ server, password }) => {
          await import('/dist/oc-elements.js');
          const chat = document.createElement('oc-chat') as HTMLElement & { auth: unknown };
          chat.auth = { password };
          chat.setAttribute('server', server);
          chat.addEventListener('oc-connection-change', (e) => ((window as { status?: string }).status = (e as CustomEvent<{ status: string }>).detail.status));
          document.body.append(chat);
        },
        { server, password },
      );
      await tab.waitForFunction(() => ['connected', 'error'].includes((window as { status?: string }).status ?? ''), undefined, { timeout: 20_000 });
      const alert = tab.getByRole('alert');
      if ((await tab.evaluate(() => (window as { status?: string }).status)) === 'error') await alert.waitFor({ timeout: 5_000 });
      return {
        status: await tab.evaluate(() => (window as { status?: string }).status),
        alert: (await alert.count()) ? await alert.innerText() : null,
        composer: await tab.getByRole('textbox', { name: 'Message' }).count(),
      };
    } finally {
      await tab.close();
    }
  }

  it('<oc-chat> shows the CORS block and the --cors flag in its alert; with the flag it connects', async () => {
    let opencode = await startOpencode({ model, password: 'pw' });
    try {
      const chat = await chatFromPage(opencode.url, 'pw');
      assert.equal(chat.status, 'error');
      assert.ok(chat.alert?.includes(`opencode serve --cors ${page.origin}`), String(chat.alert));
    } finally {
      await opencode.stop();
    }
    opencode = await startOpencode({ model, password: 'pw', cors: [page.origin] });
    try {
      assert.deepEqual(await chatFromPage(opencode.url, 'pw'), { status: 'connected', alert: null, composer: 1 });
    } finally {
      await opencode.stop();
    }
  });

  it('still tells an unreachable server from a CORS block', async () => {
    const result = await connectFromPage('http://127.0.0.1:9', 'pw');
    assert.equal(result.kind, 'unreachable');
  });
});

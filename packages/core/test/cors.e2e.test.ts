// CORS diagnosis from a real browser page. opencode allows http://127.0.0.1:* and localhost by
// default, so a page served from 127.0.0.2 is a foreign origin: the connection must report the
// CORS block with the exact --cors flag, and connect once opencode is started with that flag.
// The page also embeds the built `<oc-chat>` (dist/), which shows that diagnosis in its alert.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
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

  /** Runs `fn` in a fresh tab on the foreign page, closing the tab after. */
  async function inTab<T>(fn: (tab: Page) => Promise<T>): Promise<T> {
    const tab = await browser.newPage();
    try {
      await tab.goto(page.origin + '/');
      return await fn(tab);
    } finally {
      await tab.close();
    }
  }

  /** Runs `fn` against a fresh opencode (password `pw`), stopping it after. */
  async function withOpencode<T>(cors: string[] | undefined, fn: (url: string) => Promise<T>): Promise<T> {
    const opencode = await startOpencode({ model, password: 'pw', cors });
    try {
      return await fn(opencode.url);
    } finally {
      await opencode.stop();
    }
  }

  const connectFromPage = (server: string) =>
    inTab((tab) =>
      tab.evaluate(async (server) => {
        const { OpencodeConnection } = await import('/core.js');
        const connection = new OpencodeConnection({ server, auth: { password: 'pw' } });
        const state = await connection.start();
        connection.stop();
        return { status: state.status, kind: state.problem?.kind, message: state.problem?.message };
      }, server),
    );

  /** `<oc-chat>` (the built bundle) on the foreign page: its connection status once settled, and its alert. */
  const chatFromPage = (server: string) =>
    inTab(async (tab) => {
      await tab.evaluate(async (server) => {
        await import('/dist/oc-elements.js');
        const chat = document.createElement('oc-chat') as HTMLElement & { auth: unknown };
        chat.auth = { password: 'pw' };
        chat.setAttribute('server', server);
        chat.addEventListener('oc-connection-change', (e) => ((window as { status?: string }).status = (e as CustomEvent<{ status: string }>).detail.status));
        document.body.append(chat);
      }, server);
      const settled = await tab.waitForFunction(() => ['connected', 'error'].find((s) => s === (window as { status?: string }).status), undefined, { timeout: 20_000 });
      const status = (await settled.jsonValue()) as string;
      const alert = tab.getByRole('alert');
      if (status === 'error') await alert.waitFor({ timeout: 5_000 });
      return { status, alert: (await alert.count()) ? await alert.innerText() : null };
    });

  it('reports the CORS block with the --cors flag for this origin', async () => {
    const result = await withOpencode(undefined, connectFromPage);
    assert.equal(result.kind, 'cors');
    assert.equal(result.status, 'error');
    assert.ok(result.message?.includes(`opencode serve --cors ${page.origin}`), result.message);
  });

  it('connects once opencode allows that origin', async () => {
    const result = await withOpencode([page.origin], connectFromPage);
    assert.equal(result.status, 'connected', result.message);
  });

  it('<oc-chat> shows the CORS block and the --cors flag in its alert; with the flag it connects', async () => {
    const blocked = await withOpencode(undefined, chatFromPage);
    assert.equal(blocked.status, 'error');
    assert.ok(blocked.alert?.includes(`opencode serve --cors ${page.origin}`), String(blocked.alert));
    assert.deepEqual(await withOpencode([page.origin], chatFromPage), { status: 'connected', alert: null });
  });

  it('still tells an unreachable server from a CORS block', async () => {
    const result = await connectFromPage('http://127.0.0.1:9');
    assert.equal(result.kind, 'unreachable');
  });
});

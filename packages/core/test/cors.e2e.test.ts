// CORS diagnosis from a real browser page. opencode allows http://127.0.0.1:* and localhost by
// default, so a page served from 127.0.0.2 is a foreign origin: the connection must report the
// CORS block with the exact --cors flag, and connect once opencode is started with that flag.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../../scripts/browsers.mjs';
import { startModelServer } from '../../../harness/model-server.mjs';
import { startOpencode } from '../../../harness/opencode.mjs';

async function servePage(): Promise<{ origin: string; close(): void }> {
  const bundle = await build({
    stdin: {
      contents: `export { OpencodeConnection } from './packages/core/src/opencode/connection.ts';`,
      resolveDir: new URL('../../../', import.meta.url).pathname,
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

  it('still tells an unreachable server from a CORS block', async () => {
    const result = await connectFromPage('http://127.0.0.1:9', 'pw');
    assert.equal(result.kind, 'unreachable');
  });
});

// Every story builds and renders its state in real Chromium from the recorded event logs, with no
// server: what each story promises is checked by role and text inside <oc-chat>'s shadow root.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../scripts/browsers.mjs';

const root = new URL('../../', import.meta.url).pathname;
const out = join(root, 'storybook-static');

/**
 * What each story must show inside <oc-chat>: structural parts (CSS selectors on the shadow root,
 * with a minimum count), a [role, name] pair, text, and whether the agent is still busy.
 */
const expectations = {
  'streaming-reply': { part: '[part~="text"]', busy: true, rerender: true },
  'finished-reply': { part: '[part~="text"]', role: ['log', 'Conversation'], idle: true },
  reasoning: { part: '[part~="reasoning"]' },
  'permission-prompt': { part: '[part~="permission"]', role: ['button', 'Allow once'] },
  'tool-completed': { part: '[part~="tool-command"]', text: /echo hi && ls[\s\S]*README\.md/ },
  'question-prompt': { part: '[part~="question-option"]', role: ['button', /dismiss/i] },
  'todo-panel': { part: '[part~="todo"]', min: 2 },
  'retry-banner': { part: '[part~="retry-banner"]' },
  'error-card': { part: '[part~="error-card"]' },
  aborted: { part: '[part~="interrupted"]' },
  'file-write-diff': { part: '[part~="diff"]' },
  'long-session': { part: '[part~="turn"]', min: 10 },
  dark: { part: '[part~="permission"]', role: ['button', 'Allow once'], background: 'rgb(21, 23, 28)' },
  'connection-problem': { role: ['alert', undefined], text: /Cannot reach the opencode server/ },
};

describe('stories', () => {
  let server;
  let browser;
  let origin;
  before(async () => {
    const built = spawnSync(process.execPath, [join(root, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '-o', out, '--quiet'], {
      cwd: root, env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' }, encoding: 'utf8',
    });
    assert.equal(built.status, 0, `storybook build failed:\n${built.stdout}\n${built.stderr}`);
    const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
    server = http.createServer((req, res) => {
      let file = normalize(join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('lists a story for every visual state', () => {
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    const ids = Object.keys(index.entries).filter((id) => id.startsWith('oc-chat--')).map((id) => id.slice('oc-chat--'.length));
    assert.deepEqual(ids.sort(), Object.keys(expectations).sort());
  });

  for (const [id, expected] of Object.entries(expectations)) {
    it(`renders oc-chat--${id}`, async () => {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await page.goto(`${origin}/iframe.html?id=oc-chat--${id}&viewMode=story`);
        const chat = page.locator('oc-chat');
        if (expected.role) {
          const [role, name] = expected.role;
          await chat.getByRole(role, name === undefined ? {} : { name }).first().waitFor({ timeout: 15_000 });
        }
        if (expected.text) {
          await page.waitForFunction(
            ([source, flags]) => new RegExp(source, flags).test(document.querySelector('oc-chat')?.shadowRoot?.textContent ?? ''),
            [expected.text.source, expected.text.flags],
            { timeout: 15_000 },
          );
        }
        if (expected.part) {
          await page.waitForFunction(
            ([selector, min]) => (document.querySelector('oc-chat')?.shadowRoot?.querySelectorAll(selector).length ?? 0) >= min,
            [expected.part, expected.min ?? 1],
            { timeout: 15_000 },
          );
        }
        if (expected.busy) await chat.getByRole('button', { name: 'Stop' }).waitFor({ timeout: 15_000 });
        if (expected.idle) assert.equal(await chat.getByRole('button', { name: 'Stop' }).count(), 0, 'not busy');
        if (expected.background) assert.equal(await chat.evaluate((el) => getComputedStyle(el).backgroundColor), expected.background);
        if (expected.rerender) {
          // A control change renders the story again: it must show the same moment of the log, not all of it.
          const text = () => chat.evaluate((el) => el.shadowRoot.querySelector('[part~="text"]')?.textContent ?? '');
          const before = await text();
          await page.evaluate(() => window.__STORYBOOK_ADDONS_CHANNEL__.emit('updateStoryArgs', { storyId: new URLSearchParams(location.search).get('id'), updatedArgs: { theme: 'dark' } }));
          await page.waitForFunction(() => document.querySelector('oc-chat')?.getAttribute('theme') === 'dark', null, { timeout: 15_000 });
          await chat.getByRole('button', { name: 'Stop' }).waitFor({ timeout: 15_000 });
          await page.waitForFunction(() => document.querySelector('oc-chat')?.shadowRoot?.querySelector('[part~="text"]'), null, { timeout: 15_000 });
          assert.equal(await text(), before);
        }
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  }
});

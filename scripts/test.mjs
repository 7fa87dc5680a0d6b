#!/usr/bin/env node
// `npm test`: builds, then runs every suite against real parts, one heavy suite at a time
// (the machine has 2 cores): Node tests (core logic + real opencode / neko dev server), then
// browser tests in Chromium, then Firefox ESR where it is installed. Ends with one summary line.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, findFirefox, noChromiumMessage } from './browsers.mjs';
import { bundleIsStale } from './ensure-built.mjs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const totals = { passed: 0, failed: 0 };
const failedSuites = [];

function run(name, command, args, env = {}) {
  console.log(`\n━━ ${name} ━━`);
  return new Promise((resolve) => {
    let tail = '';
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (stream, out) =>
      stream.on('data', (chunk) => {
        out.write(chunk);
        tail = (tail + chunk.toString()).slice(-20_000);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, tail }));
  });
}

function testFiles(dir, pattern) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => pattern.test(f) && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}

function count(name, { code, tail }, parse) {
  const { passed, failed } = parse(tail);
  totals.passed += passed;
  totals.failed += failed;
  if (code !== 0 || failed > 0) {
    failedSuites.push(name);
    if (failed === 0) totals.failed += 1; // a suite that crashed counts as a failure
  }
}

const nodeCounts = (tail) => ({
  passed: Number(/(?:ℹ|#) pass (\d+)/.exec(tail)?.[1] ?? 0),
  failed: Number(/(?:ℹ|#) fail (\d+)/.exec(tail)?.[1] ?? 0),
});
const wtrCounts = (tail) => {
  const matches = [...tail.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = matches.at(-1);
  return { passed: Number(last?.[1] ?? 0), failed: Number(last?.[2] ?? 0) };
};

// `npm test` always builds; one half builds only when the sources changed since the last build.
if (!only || bundleIsStale()) {
  const build = await run('build', process.execPath, ['scripts/build.mjs']);
  if (build.code !== 0) {
    console.error('\nThe build failed; not running tests.');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

if (!only || only === 'node') {
  const files = [
    ...testFiles('packages/core/test', /\.test\.ts$/),
    ...testFiles('harness/test', /\.test\.mjs$/),
    ...testFiles('harness/neko/test', /\.test\.mjs$/),
    ...testFiles('stories/test', /\.test\.mjs$/),
    ...testFiles('scripts/test', /\.test\.mjs$/),
  ];
  const result = await run('node tests', process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', ...files,
  ]);
  count('node tests', result, nodeCounts);
}

if (!only || only === 'browser') {
  if (!findChromium()) {
    console.error(`\n${noChromiumMessage}`);
    totals.failed += 1;
    failedSuites.push('browser tests (no Chromium)');
  } else {
    const wtr = join(root, 'node_modules/.bin/web-test-runner');
    count('browser tests (Chromium)', await run('browser tests (Chromium)', wtr, ['--config', 'web-test-runner.config.mjs']), wtrCounts);
    if (findFirefox()) {
      const result = await run('browser tests (Firefox ESR)', wtr, ['--config', 'web-test-runner.config.mjs'], { BROWSERS: 'firefox' });
      count('browser tests (Firefox ESR)', result, wtrCounts);
    } else {
      console.log('\nFirefox ESR not installed: skipping the Firefox run (apt-get install -y firefox-esr to add it).');
    }
  }
}

if (failedSuites.length) console.error(`\nFailed: ${failedSuites.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedSuites.length ? 1 : 0);

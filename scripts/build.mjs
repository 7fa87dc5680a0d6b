#!/usr/bin/env node
// `npm run build`: each package's ESM + .d.ts (tsc -b), the one-script bundle
// dist/oc-elements.js (rollup), and custom-elements.json per element package (from JSDoc).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;

function step(name, command, args, cwd = root) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${name} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`build: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

step('packages (tsc -b)', bin('tsc'), ['-b', 'packages/core', 'packages/chat-element', 'packages/browser-element']);
// Chunk names carry a content hash: clear old ones so dist/ holds only what this build made.
rmSync(`${root}dist`, { recursive: true, force: true });
step('dist/oc-elements.js (rollup)', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
for (const pkg of ['chat-element', 'browser-element']) {
  if (!existsSync(`${root}packages/${pkg}/custom-elements-manifest.config.mjs`)) continue;
  step(`packages/${pkg}/custom-elements.json`, bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], `${root}packages/${pkg}`);
}
step('docs/api.md (from the manifests)', process.execPath, [`${root}scripts/api-docs.mjs`]);

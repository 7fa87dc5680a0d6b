// Rebuilds dist/ (scripts/build.mjs) when it is missing or older than the element sources or the build's own
// config, so `npm start`, `npm run bench`, `npm run size` and one half of `npm test` never use a stale bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Files besides the element sources that change what the build writes (plugins, config, version). */
const BUILD_INPUTS = ['rollup.config.mjs', 'scripts/build.mjs', 'scripts/minify-templates.mjs', 'package.json', 'tsconfig.json'];

/** Newest mtime of the element sources (tests and stories excluded). */
function newestSource(dir = join(root, 'packages')) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.ts$/.test(entry.name) && !/\.(test|stories)\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function bundleIsStale() {
  const bundle = join(root, 'dist/oc-elements.js');
  const newest = Math.max(newestSource(), ...BUILD_INPUTS.map((f) => statSync(join(root, f)).mtimeMs));
  return !existsSync(bundle) || !existsSync(join(root, 'packages/core/dist/index.js')) || statSync(bundle).mtimeMs < newest;
}

/** Builds when stale (or `force`); throws if the build fails. */
export function ensureBuilt({ force = false, onBuild = () => {} } = {}) {
  if (!force && !bundleIsStale()) return;
  onBuild();
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) throw new Error('the build failed (scripts/build.mjs)');
}

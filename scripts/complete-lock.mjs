#!/usr/bin/env node
// Keeps package-lock.json valid for `npm ci` when the registry in use lacks some platforms' optional
// binaries (e.g. opencode-darwin-arm64, @rollup/rollup-win32-x64-msvc): npm then leaves them out of
// the lock, and `npm ci` refuses a lock that misses a declared optional dependency. Each missing one
// gets an entry restricted to its own os/cpu/libc, so npm never fetches it on another platform.
// Runs after `npm install` (root "postinstall"); writes only when something was missing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
if (!existsSync(file)) process.exit(0);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages ?? {};

const OS = { darwin: 'darwin', linux: 'linux', windows: 'win32', win32: 'win32', android: 'android', freebsd: 'freebsd', openbsd: 'openbsd', openharmony: 'openharmony' };
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };

/** os/cpu/libc from a platform package name such as opencode-linux-x64-baseline-musl or @rollup/rollup-linux-arm-musleabihf. */
function platformOf(name) {
  const words = name.split('/').pop().split('-');
  const os = words.map((w) => OS[w]).find(Boolean);
  const cpu = words.map((w) => CPU[w]).find(Boolean);
  if (!os || !cpu) return undefined;
  const libc = words.some((w) => w.startsWith('musl')) ? ['musl'] : os === 'linux' && words.some((w) => w.startsWith('gnu')) ? ['glibc'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `${path ? `${path}/` : ''}node_modules/${dep}`;
    if (packages[where] || packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform) continue; // not a platform binary: leave it to npm
    packages[where.startsWith('node_modules/') ? where : `node_modules/${dep}`] = {
      version: String(range).replace(/^[~^=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
if (added) {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
  console.log(`complete-lock: added ${added} platform-restricted optional entries npm could not resolve here`);
}

#!/usr/bin/env node
// `npm run bench`: runs every benchmark (not tests) one at a time and writes
// bench/results/latest.json plus a markdown table bench/results/README.md.
// Each bench file exports `run()` returning an object: a `{ value, unit?, goal?, ok? }` entry becomes a
// row with its goal, a plain number or string a row without one (objects such as `details` stay in the
// JSON only). Pass names to run a subset: `npm run bench -- reducer` (the other benches keep their last
// results, with the date each one ran). A bench that ran only in part (BENCH_ONLY for the chat bench says
// so with `ranOnly`) keeps the rows it did not measure from the last run, dated by an `olderRowsFrom` row.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !wanted.length || wanted.some((w) => f.startsWith(w)));

const latest = join(root, 'bench/results/latest.json');
const results = (wanted.length || process.env.BENCH_ONLY) && existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')).results ?? {}) : {};
for (const file of files) {
  const name = file.replace('.bench.mjs', '');
  console.log(`\n━━ bench: ${name} ━━`);
  // Each bench runs in its own process (tsx for TypeScript sources) so one cannot skew another.
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', `const m = await import(${JSON.stringify(join(root, 'bench', file))}); const r = await m.run(); console.log('@@RESULT ' + JSON.stringify(r)); process.exit(0);`],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 },
  );
  const out = child.stdout ?? '';
  process.stdout.write(out.split('\n').filter((l) => !l.startsWith('@@RESULT ')).join('\n'));
  const line = out.split('\n').find((l) => l.startsWith('@@RESULT '));
  const fresh = { ...(line ? JSON.parse(line.slice(9)) : { error: `exited ${child.status}` }), ranAt: new Date().toISOString() };
  const before = results[name];
  const kept = fresh.ranOnly && before && !before.error ? Object.keys(before).filter((k) => !(k in fresh) && k !== 'olderRowsFrom') : [];
  results[name] = kept.length
    ? {
        ...Object.fromEntries(Object.keys(before).filter((k) => k !== 'olderRowsFrom').map((k) => [k, k in fresh ? fresh[k] : before[k]])), // the last run's row order
        ...fresh,
        details: { ...before.details, ...fresh.details },
        olderRowsFrom: before.olderRowsFrom ?? before.ranAt,
      }
    : fresh;
}

mkdirSync(join(root, 'bench/results'), { recursive: true });
const stamp = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
writeFileSync(latest, JSON.stringify({ ...stamp, results }, null, 2) + '\n');

const rows = [];
for (const [name, result] of Object.entries(results)) {
  for (const [metric, value] of Object.entries(result)) {
    if (value && typeof value === 'object' && 'value' in value) {
      rows.push(`| ${name} | ${metric} | ${fmt(value.value)} ${value.unit ?? ''} | ${value.goal ?? ''} | ${value.ok === undefined ? '' : value.ok ? 'yes' : '**no**'} |`);
    } else if (typeof value !== 'object') {
      rows.push(`| ${name} | ${metric} | ${fmt(value)} | | |`);
    }
  }
}
function fmt(v) {
  return typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en') : v.toFixed(2)) : String(v).replace(root, '');
}
const table = `# Benchmark results\n\nWritten ${stamp.date} (each bench's ranAt row says when it ran; Node ${stamp.node}, ${stamp.cpus} CPUs; a shared VM, so treat numbers as indicative).\n` +
  `Run \`npm run bench\` to refresh; raw numbers in [latest.json](latest.json).\n\n| bench | metric | value | goal | met |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`;
writeFileSync(join(root, 'bench/results/README.md'), table);
console.log('\n' + table);

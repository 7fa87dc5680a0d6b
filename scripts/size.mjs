#!/usr/bin/env node
// `npm run size`: gzip/brotli size of the one-script build and of its lazy chunks, against the
// budget (chat + core + markdown + sanitizer ≤ 60 KB gzip). Writes bench/results/size.json.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const BUDGET_GZIP = 60 * 1024;

if (!existsSync(`${root}dist/oc-elements.js`) || process.argv.includes('--build')) {
  const built = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

function measure(file) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const entry = { file: 'dist/oc-elements.js', ...measure(`${root}dist/oc-elements.js`) };
const chunks = existsSync(`${root}dist/chunks`)
  ? readdirSync(`${root}dist/chunks`).filter((f) => f.endsWith('.js')).map((f) => ({ file: `dist/chunks/${f}`, ...measure(`${root}dist/chunks/${f}`) }))
  : [];

// The budget is the chat's: <oc-chat> with core, markdown and sanitizer (lit included), built alone
// the same way; only the syntax highlighter (loaded on the first code block) is left out.
const { build } = await import('esbuild');
async function chatGzipSize(external = []) {
  const out = await build({
    entryPoints: [`${root}packages/chat-element/src/oc-chat.ts`],
    bundle: true, splitting: true, format: 'esm', minify: true, write: false, outdir: '/chat-only', external,
    target: 'es2022', conditions: ['source', 'production'], tsconfig: `${root}tsconfig.json`,
  });
  return out.outputFiles.filter((f) => !/highlight/.test(f.path)).reduce((n, f) => n + gzipSync(f.contents, { level: 9 }).length, 0);
}
const chatGzip = await chatGzipSize();
// What a page that already uses Lit pays on top of it.
const chatGzipWithoutLit = await chatGzipSize(['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/*']);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| file | raw | gzip | brotli |\n| --- | --- | --- | --- |');
for (const row of [entry, ...chunks]) console.log(`| ${row.file} | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} |`);
const within = chatGzip <= BUDGET_GZIP;
console.log(`\n<oc-chat> + core + markdown + sanitizer, lit included (highlighter lazy): ${kb(chatGzip)} gzip of a ${kb(BUDGET_GZIP)} budget: ${within ? 'within budget' : 'OVER BUDGET'}.`);
console.log(`The same without lit (a page that already uses Lit): ${kb(chatGzipWithoutLit)} gzip.`);
console.log(`The one-script build (all elements) loads ${kb(entry.gzip)} up front; its chunks load on demand.`);

mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/size.json`, JSON.stringify({ date: new Date().toISOString(), budgetGzip: BUDGET_GZIP, chatWithMarkdownGzip: chatGzip, chatWithMarkdownGzipWithoutLit: chatGzipWithoutLit, entry, chunks }, null, 2) + '\n');
process.exit(within ? 0 : 1);

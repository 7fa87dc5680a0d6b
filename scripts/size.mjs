#!/usr/bin/env node
// `npm run size`: gzip/brotli size of the one-script build and of its lazy chunks, against the
// budget (chat + core + markdown + sanitizer ≤ 60 KB gzip). Writes bench/results/size.json.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { ensureBuilt } from './ensure-built.mjs';

const root = new URL('..', import.meta.url).pathname;
const BUDGET_GZIP = 60 * 1024;

ensureBuilt({ force: process.argv.includes('--build') });

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

// The budget is the chat's: what a page with <oc-chat> loads — the element with core, markdown and
// sanitizer (lit included) — built alone with the very plugins that build dist/ (rollup.config.mjs).
// Two chunks load only for a feature: the syntax highlighter (on the first code block) and the
// arbitration view (notes and hand-off card, once the chat is given a shared browser's arbiter).
const ON_DEMAND = /^(highlight|arbitration)-/;
const { rollup } = await import('rollup');
const { plugins } = await import(`${root}rollup.config.mjs`);
async function chatChunks(external = () => false) {
  const bundle = await rollup({ input: `${root}packages/chat-element/src/oc-chat.ts`, plugins: plugins(), external, preserveEntrySignatures: 'allow-extension', onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'es', dir: '/chat-only', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  return output.filter((f) => f.type === 'chunk').map((f) => ({ file: f.fileName, gzip: gzipSync(f.code, { level: 9 }).length, onDemand: ON_DEMAND.test(f.fileName) }));
}
const sum = (rows) => rows.reduce((n, r) => n + r.gzip, 0);
const chat = await chatChunks();
const chatGzip = sum(chat.filter((c) => !c.onDemand));
// What a page that already uses Lit pays on top of it.
const chatGzipWithoutLit = sum((await chatChunks((id) => /^(lit|lit-html|lit-element|@lit\/[^/]+)(\/|$)/.test(id))).filter((c) => !c.onDemand));

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| file | raw | gzip | brotli |\n| --- | --- | --- | --- |');
for (const row of [entry, ...chunks]) console.log(`| ${row.file} | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} |`);
console.log(`\n<oc-chat> built alone, by chunk (gzip): ${chat.map((c) => `${c.file.replace(/-[\w-]{8}\.js$/, '')} ${kb(c.gzip)}${c.onDemand ? ' (on demand)' : ''}`).join(', ')}.`);
const within = chatGzip <= BUDGET_GZIP;
console.log(`\n<oc-chat> + core + markdown + sanitizer, lit included (on-demand chunks left out): ${kb(chatGzip)} gzip of a ${kb(BUDGET_GZIP)} budget: ${within ? 'within budget' : 'OVER BUDGET'}.`);
console.log(`The same without lit (a page that already uses Lit): ${kb(chatGzipWithoutLit)} gzip.`);
console.log(`The one-script build (all elements) loads ${kb(entry.gzip)} up front; its chunks load on demand.`);

mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/size.json`, JSON.stringify({ date: new Date().toISOString(), budgetGzip: BUDGET_GZIP, chatWithMarkdownGzip: chatGzip, chatWithMarkdownGzipWithoutLit: chatGzipWithoutLit, chatChunks: chat, entry, chunks }, null, 2) + '\n');
process.exit(within ? 0 : 1);

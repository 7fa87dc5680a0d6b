// The one-script build: dist/oc-elements.js, a self-contained ES module (every dependency
// bundled) that defines all oc-* tags, for <script type="module"> drop-in use. Built straight
// from the TypeScript sources; the npm packages' own ESM + .d.ts come from `tsc -b`.
// `npm run size` builds the chat alone with the same plugins.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { minifyTemplates } from './scripts/minify-templates.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export const plugins = () => [
  nodeResolve({ exportConditions: ['source', 'production', 'browser', 'default'], extensions: ['.ts', '.js', '.mjs'] }),
  esbuild({ target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)), define: { __OC_VERSION__: JSON.stringify(version) } }),
  minifyTemplates(),
  // A third pass saves a few dozen bytes at no risk; the "unsafe" options would save more but can change
  // what marked, DOMPurify or lit do.
  terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
];

export default {
  input: 'packages/browser-element/src/oc-elements.ts',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: 'oc-elements.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: plugins(),
};

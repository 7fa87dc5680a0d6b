// The build's template minifier: CSS through esbuild with interpolations kept in place, HTML with
// line-break whitespace folded except inside <pre>/<textarea>, and the rollup plugin rewriting only
// css`` and html``. (The built bundle renders in the stories test and the benchmarks.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { rollup } from 'rollup';
import { minifyCssStrings, minifyHtmlStrings, minifyTemplates } from '../minify-templates.mjs';

test('a stylesheet is minified and custom properties lose their leading space', () => {
  const out = minifyCssStrings([`
    /* a comment */
    :host {
      --_bg: var(--oc-color-background, #ffffff);
      display: block;
    }
    .a   >  .b { margin: 0px  auto; }
  `]);
  assert.deepEqual(out, [':host{--_bg:var(--oc-color-background, #ffffff);display:block}.a>.b{margin:0 auto}']);
});

test('an interpolated declaration list stays where it was, and a bare declaration list is minified too', () => {
  const sheet = minifyCssStrings(['\n  :host([theme="dark"]) {\n    ', '\n  }\n  .x { color: red; }\n']);
  assert.deepEqual(sheet, [':host([theme="dark"]){', '}.x{color:red}']);
  const palette = minifyCssStrings(['\n  --_bg: var(--x, #15171c);\n  color-scheme: dark;\n']);
  assert.deepEqual(palette, ['--_bg:var(--x, #15171c);color-scheme:dark']);
});

test('CSS that cannot be minified safely is left as written', () => {
  // Interpolated values, selectors or part of a declaration: not a declaration list.
  assert.equal(minifyCssStrings(['.a { color: ', '; }']), undefined);
  assert.equal(minifyCssStrings(['.a { margin: ', ' auto; }']), undefined);
  assert.equal(minifyCssStrings(['', ' .b { color: red }']), undefined);
  assert.equal(minifyCssStrings(['.a { color: red; ']), undefined); // unbalanced
});

test('HTML whitespace with a line break folds to one space, never inside <pre> or <textarea>', () => {
  const out = minifyHtmlStrings([
    '<div part="a">\n      <span>x</span>\n      <pre class="m">  keep\n    this ',
    '\n  </pre>\n  <textarea\n   rows="2"></textarea>\n  <b>',
    '</b>\n',
  ]);
  assert.deepEqual(out, [
    '<div part="a"> <span>x</span> <pre class="m">  keep\n    this ',
    '\n  </pre> <textarea\n   rows="2"></textarea> <b>',
    '</b> ',
  ]);
  assert.deepEqual(minifyHtmlStrings(['<span>a b</span>']), ['<span>a b</span>']); // no line break: untouched
  // a custom element whose name starts with pre- or textarea- is not one of them
  assert.deepEqual(minifyHtmlStrings(['<pre-view>\n  <b>x</b>\n</pre-view>\n<textarea-ish>\n</textarea-ish>']), [
    '<pre-view> <b>x</b> </pre-view> <textarea-ish> </textarea-ish>',
  ]);
});

test('the rollup plugin rewrites css`` and html`` in place and leaves other tags alone', async () => {
  const source = [
    "const css = (s, ...v) => s.raw.join('|'), html = css, other = css;",
    'export const a = css`\n  .x {\n    color: red;\n  }\n`;',
    'export const b = html`<p>\n  ${1}\n</p>`;',
    'export const c = other`\n  keep  \n`;',
  ].join('\n');
  const bundle = await rollup({
    input: 'entry',
    plugins: [{ name: 'virtual', resolveId: (id) => id, load: () => source }, minifyTemplates()],
  });
  const { output } = await bundle.generate({ format: 'es', sourcemap: true });
  const code = output[0].code;
  assert.match(code, /css`\.x\{color:red\}`/);
  assert.match(code, /html`<p> \$\{1\} <\/p>`/);
  assert.match(code, /other`\n  keep  \n`/);
  assert.ok(output[0].map.mappings.length > 0);
});

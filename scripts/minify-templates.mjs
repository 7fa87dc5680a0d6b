// A rollup plugin that minifies the text of Lit's css`` and html`` templates, which terser leaves
// alone (it never rewrites string contents). CSS goes through esbuild's real CSS minifier; HTML only
// has each run of whitespace that holds a line break folded to one space, which renders the same
// everywhere except inside <pre>/<textarea>, whose contents are left as written.
import { transformSync } from 'esbuild';
import MagicString from 'magic-string';

/** Stands in for a `${…}` inside CSS; every interpolation in our styles is a declaration list. */
const slot = (i) => `--oc-slot-${i}:0`;

/** Minified CSS for a template's raw strings, or undefined to keep it as written. */
export function minifyCssStrings(strings) {
  // Only interpolations that stand where a declaration list can (after `{` or `;`, before `}` or `;`).
  const ok = strings.every((s, i) => (i === 0 || /^\s*(?:[;}]|$)/.test(s)) && (i === strings.length - 1 || /(?:^|[{;])\s*$/.test(s)));
  if (!ok) return undefined;
  const source = strings.map((s, i) => (i ? `${slot(i - 1)};` : '') + s).join('');
  // A template may be a whole stylesheet or a bare declaration list (a palette spliced into rules).
  for (const [open, close] of [['', ''], ['x{', '}']]) {
    let out;
    try {
      out = transformSync(open + source + close, { loader: 'css', minify: true, logLevel: 'silent' });
    } catch {
      continue;
    }
    if (out.warnings.length) continue;
    // Leading whitespace of a custom property's value is not part of it (CSS Syntax), so drop it too.
    let css = out.code.trim().replace(/(--[\w-]+):\s+/g, '$1:');
    if (open) {
      if (!css.startsWith(open) || !css.endsWith(close)) continue;
      css = css.slice(open.length, css.length - close.length);
    }
    const parts = css.split(new RegExp(slot('\\d+')));
    if (parts.length !== strings.length) continue;
    // A raw template string must not end in a backslash or contain an unescaped backtick or `${`.
    if (parts.some((p) => /`|\$\{|\\$/.test(p))) continue;
    return parts;
  }
  return undefined;
}

/** HTML raw strings with whitespace runs that include a line break folded to one space, except in <pre>/<textarea>. */
export function minifyHtmlStrings(strings) {
  let verbatim = false; // inside a <pre> or <textarea>, across expressions
  return strings.map((s) =>
    s
      .split(/(<\/?(?:pre|textarea)(?![\w-]))/i)
      .map((piece) => {
        if (/^<(pre|textarea)(?![\w-])/i.test(piece)) verbatim = true;
        else if (/^<\/(pre|textarea)(?![\w-])/i.test(piece)) verbatim = false;
        else if (!verbatim) return piece.replace(/[ \t]*\n\s*/g, ' ');
        return piece;
      })
      .join(''),
  );
}

function* taggedTemplates(node) {
  if (!node || typeof node.type !== 'string') return;
  if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier') yield node;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) for (const child of value) yield* taggedTemplates(child);
    else if (value && typeof value === 'object' && typeof value.type === 'string') yield* taggedTemplates(value);
  }
}

export function minifyTemplates() {
  return {
    name: 'oc-minify-templates',
    transform(code, id) {
      if (id.includes('node_modules') || !/\b(css|html)`/.test(code)) return null;
      const out = new MagicString(code);
      let changed = false;
      for (const node of taggedTemplates(this.parse(code))) {
        const minify = { css: minifyCssStrings, html: minifyHtmlStrings }[node.tag.name];
        if (!minify) continue;
        const quasis = node.quasi.quasis;
        const next = minify(quasis.map((q) => code.slice(q.start, q.end)));
        if (!next) continue;
        quasis.forEach((q, i) => {
          if (next[i] !== code.slice(q.start, q.end)) {
            if (q.start === q.end) out.appendLeft(q.start, next[i]);
            else out.overwrite(q.start, q.end, next[i]);
            changed = true;
          }
        });
      }
      return changed ? { code: out.toString(), map: out.generateMap({ hires: true, source: id }) } : null;
    },
  };
}

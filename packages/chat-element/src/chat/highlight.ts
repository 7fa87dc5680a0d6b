/**
 * A tiny syntax highlighter, loaded with `import()` as its own chunk. It tokenizes text and builds
 * spans with `textContent` only, so it can never introduce markup. Good enough for the common
 * languages an agent shows (JS/TS, Python, shell, JSON, Go, Rust, CSS, HTML); unknown languages
 * still get strings, comments and numbers.
 */

const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue def default del delete do elif else enum export ' +
    'extends false final finally fn for from func function go if impl import in interface is let loop match mod ' +
    'mut new nil none not null or package pass private protected pub public raise return self static struct super ' +
    'switch this throw true try type typeof undefined use var void while with yield True False None echo then fi ' +
    'done esac local readonly'
  ).split(' '),
);

const HASH_COMMENTS = new Set(['py', 'python', 'sh', 'bash', 'shell', 'zsh', 'yaml', 'yml', 'toml', 'rb', 'ruby', 'dockerfile']);

type Kind = 'comment' | 'string' | 'number' | 'keyword' | 'plain';

export function tokenize(source: string, lang: string): [Kind, string][] {
  const hash = HASH_COMMENTS.has(lang.toLowerCase());
  const pattern = hash
    ? /(#[^\n]*)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)|(\b\d[\d_.xXa-fA-F]*\b)|([A-Za-z_$][\w$]*)/g
    : /(\/\/[^\n]*|\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)|(\b\d[\d_.xXa-fA-F]*\b)|([A-Za-z_$][\w$]*)/g;
  const out: [Kind, string][] = [];
  let last = 0;
  for (const m of source.matchAll(pattern)) {
    const index = m.index ?? 0;
    if (index > last) out.push(['plain', source.slice(last, index)]);
    const kind: Kind = m[1] ? 'comment' : m[2] ? 'string' : m[3] ? 'number' : KEYWORDS.has(m[4]!) ? 'keyword' : 'plain';
    out.push([kind, m[0]]);
    last = index + m[0].length;
  }
  if (last < source.length) out.push(['plain', source.slice(last)]);
  return out;
}

/** Replaces a `<code>` element's text with highlighted spans (`class="tok-<kind>"`, coloured by `--oc-color-token-*`). */
export function highlight(code: HTMLElement, lang: string): void {
  const source = code.textContent ?? '';
  if (source.length > 100_000) return; // not worth blocking the main thread
  const fragment = document.createDocumentFragment();
  for (const [kind, text] of tokenize(source, lang)) {
    if (kind === 'plain') {
      fragment.append(text);
      continue;
    }
    const span = document.createElement('span');
    span.className = `tok-${kind}`;
    span.textContent = text;
    fragment.append(span);
  }
  code.replaceChildren(fragment);
  code.dataset.highlighted = lang;
}

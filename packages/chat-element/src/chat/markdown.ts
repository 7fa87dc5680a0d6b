import createDOMPurify, { type Config } from 'dompurify';
import { Marked } from 'marked';

/**
 * Markdown → sanitized DOM. marked renders, DOMPurify sanitizes (never our own sanitizer), then we
 * add our own chrome (code-block copy buttons) to the *sanitized* tree, so nothing in model text
 * can imitate or reach it. Streaming text is split into blocks at blank lines outside code fences;
 * finished blocks are cached, so each delta re-renders only the last block.
 */

const marked = new Marked({ gfm: true, breaks: true, async: false });

// A private instance: hooks on the default `DOMPurify` would leak into the host page's own use.
const purify = createDOMPurify(window);

/** Only these schemes survive in href/src; relative URLs would resolve against the host page. */
const SAFE_URL = /^(?:https?:|mailto:)/i;

purify.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return;
  for (const attr of ['href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'srcset']) {
    const value = node.getAttribute(attr);
    if (value !== null && !SAFE_URL.test(value.trim())) node.removeAttribute(attr);
  }
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const PURIFY_CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_URI_REGEXP: SAFE_URL,
  // Styles and form controls from model text could restyle or spoof the chat's own UI.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog', 'template', 'slot'],
  FORBID_ATTR: ['style', 'id', 'name', 'part', 'slot', 'exportparts', 'tabindex', 'autofocus'],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: ['target'],
  RETURN_DOM_FRAGMENT: true,
};

/** marked's output for one paragraph of text: its only markup is the five escapes it writes. */
const PLAIN_PARAGRAPH = /^<p>((?:[^<>&]|&(?:amp|lt|gt|quot|#39);)*)<\/p>\n?$/;
const ENTITY = /&(?:amp|lt|gt|quot|#39);/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Hook for code blocks once in the DOM (copy button label, lazy highlighting). */
export interface MarkdownOptions {
  copyLabel: string;
}

/** The text node of each block rendered as a plain paragraph (`<div class="md"><p>text</p>\n</div>`). */
const plainText = new WeakMap<Element, Text>();

/**
 * Renders one markdown source to a sanitized element (`<div class="md">`). Given the element of the
 * block's previous text, a plain paragraph that stays one is updated in place (streaming appends to
 * its text node), so the browser keeps the element and lays out only the new text.
 */
export function renderMarkdown(text: string, options: MarkdownOptions, previous?: HTMLElement): HTMLElement {
  const html = marked.parse(text) as string;
  // A paragraph of plain text (the usual streaming block) holds no markup at all, so it becomes a text
  // node as is: nothing is parsed as HTML, and the sanitizer's cost is saved on every streamed frame.
  const plain = PLAIN_PARAGRAPH.exec(html)?.[1]!.replace(ENTITY, (e) => ENTITIES[e]!);
  const reuse = previous && plainText.get(previous);
  if (plain != null && reuse) {
    if (plain.startsWith(reuse.data)) reuse.appendData(plain.slice(reuse.data.length));
    else reuse.data = plain;
    return previous!;
  }
  const root = document.createElement('div');
  root.className = 'md';
  root.setAttribute('part', 'markdown');
  if (plain != null) {
    const node = new Text(plain);
    const p = document.createElement('p');
    p.append(node);
    root.append(p, '\n'); // the same nodes as from marked's HTML, which ends the paragraph with a line break
    plainText.set(root, node);
    return root;
  }
  root.append(purify.sanitize(html, PURIFY_CONFIG) as unknown as DocumentFragment);
  for (const pre of root.querySelectorAll('pre')) decorateCodeBlock(pre, options);
  return root;
}

function decorateCodeBlock(pre: HTMLPreElement, options: MarkdownOptions): void {
  const code = pre.querySelector('code');
  const wrapper = document.createElement('div');
  wrapper.className = 'code-block';
  wrapper.setAttribute('part', 'code-block');
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'copy-code';
  copy.setAttribute('part', 'copy-code');
  copy.textContent = options.copyLabel;
  // The click is handled by delegation in the transcript (`data-oc-copy` is ours: data-* attributes
  // are stripped from sanitized content, so model text cannot create one).
  copy.dataset.ocCopy = '';
  pre.replaceWith(wrapper);
  wrapper.append(copy, pre);
  const lang = /language-([\w+-]+)/.exec(code?.className ?? '')?.[1];
  if (code && lang) void highlightLater(code, lang);
}

async function highlightLater(code: HTMLElement, lang: string): Promise<void> {
  // A separate chunk: most conversations never show code, so the highlighter loads on first use.
  const { highlight } = await import('./highlight.js');
  highlight(code, lang);
}

/** Splits markdown into blocks at blank lines that are outside fenced code. */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    }
    if (!fence && line.trim() === '' && current.length) {
      blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length) blocks.push(current.join('\n'));
  return blocks;
}

/**
 * Caches rendered blocks per key (a part id), so streaming deltas re-render only the block that
 * changed. Returns the block elements in order; unchanged ones are the same nodes as last time.
 */
export class MarkdownCache {
  #entries = new Map<string, { text: string; el: HTMLElement }[]>();
  #options: MarkdownOptions;

  constructor(options: MarkdownOptions) {
    this.#options = options;
  }

  set options(options: MarkdownOptions) {
    if (options.copyLabel !== this.#options.copyLabel) this.#entries.clear();
    this.#options = options;
  }

  render(key: string, text: string): HTMLElement[] {
    // Link reference definitions ([x]: url) only resolve within one parse: render whole text then.
    const blocks = /^\s{0,3}\[[^\]]+\]:\s/m.test(text) ? [text] : splitBlocks(text);
    const previous = this.#entries.get(key) ?? [];
    const next = blocks.map((block, i) =>
      previous[i]?.text === block ? previous[i]! : { text: block, el: renderMarkdown(block, this.#options, previous[i]?.el) },
    );
    this.#entries.set(key, next);
    return next.map((entry) => entry.el);
  }

  forget(keep: Set<string>): void {
    for (const key of this.#entries.keys()) if (!keep.has(key)) this.#entries.delete(key);
  }
}

import type * as Markdown from './markdown.js';

/**
 * The markdown pipeline (marked + DOMPurify, ~25 KB gzip) is its own chunk, fetched as soon as an
 * `<oc-chat>` connects — in parallel with the server handshake, so it is normally ready before the
 * first message. Until then text renders as plain, escaped text.
 */
let module: typeof Markdown | undefined;
let loading: Promise<typeof Markdown> | undefined;

export function loadMarkdown(): Promise<typeof Markdown> {
  loading ??= import('./markdown.js').then((m) => (module = m));
  return loading;
}

/** The loaded module, or undefined while it is still loading. */
export function markdownModule(): typeof Markdown | undefined {
  return module;
}

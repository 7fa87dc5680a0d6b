import type { Model } from '@opencode-ai/sdk/v2/types';

/** A file picked, pasted or dropped into the composer, read into a data URL. */
export interface Attachment {
  name: string;
  mime: string;
  url: string;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-sh|x-yaml|toml))/;

/**
 * Whether the model can take this file. An unsupported type is not just ignored by opencode: it is
 * stored and every later turn of the session fails, so we refuse it before sending.
 */
export function acceptsAttachment(model: Model | undefined, mime: string): boolean {
  if (TEXT_TYPES.test(mime)) return true;
  if (!model || !model.capabilities?.attachment) return false;
  const input = model.capabilities.input;
  if (mime.startsWith('image/')) return Boolean(input?.image) && /^image\/(png|jpeg|gif|webp)$/.test(mime);
  if (mime === 'application/pdf') return Boolean(input?.pdf);
  return false;
}

/**
 * opencode stores a data URL verbatim and repeats it in every message list and event of the
 * session, so a big file makes the whole session heavy for good.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The file's type, from the browser or guessed from its extension. */
export function mimeOf(file: File): string {
  return file.type || guessMime(file.name);
}

export function readAttachment(file: File): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ name: file.name || 'pasted', mime: mimeOf(file), url: String(reader.result) });
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

function guessMime(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    md: 'text/markdown', txt: 'text/plain', ts: 'text/plain', js: 'text/javascript', json: 'application/json',
    py: 'text/x-python', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif',
    webp: 'image/webp', pdf: 'application/pdf',
  };
  return known[ext] ?? '';
}

// Server-sent events: a streaming parser (WHATWG "event stream interpretation") and the opencode
// `/global/event` envelope. Runs in Node and browsers; the caller decodes bytes (TextDecoder with
// `stream: true`), so a chunk may end anywhere, including between the CR and LF of a CRLF.
import { isObj, toEvent, type GlobalEvent } from './events.js';

export interface SseMessage {
  data: string;
  /** The `event:` field, absent when the server sent none (the default type "message"). */
  event?: string;
  /** The last event id seen so far on this stream (per spec it persists across messages). */
  id?: string;
  /** Reconnection time in ms, on the first message after a valid `retry:` line. */
  retry?: number;
}

const LF = 10;
const CR = 13;

export class SseParser {
  #line: string[] = []; // pieces of an unterminated line, joined only when it ends
  #skipLF = false; // the previous chunk ended with CR: a leading LF belongs to that CRLF
  #started = false; // a BOM is stripped only at the very start of the stream
  #data: string[] = [];
  #event = '';
  #lastId = '';
  #retry: number | undefined;

  /** Feeds one decoded chunk; returns the messages it completed (often none). */
  push(chunk: string): SseMessage[] {
    const out: SseMessage[] = [];
    let pos = 0;
    if (!this.#started && chunk.length > 0) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) pos = 1;
    }
    if (this.#skipLF && pos < chunk.length) {
      if (chunk.charCodeAt(pos) === LF) pos++;
      this.#skipLF = false;
    }
    // indexOf is much faster than a per-char loop; remember each hit so a chunk without CR is
    // scanned for CR once, not once per line.
    let nextLF = -2;
    let nextCR = -2;
    while (pos < chunk.length) {
      if (nextLF !== -1 && nextLF < pos) nextLF = chunk.indexOf('\n', pos);
      if (nextCR !== -1 && nextCR < pos) nextCR = chunk.indexOf('\r', pos);
      const end = nextCR === -1 ? nextLF : nextLF === -1 ? nextCR : Math.min(nextLF, nextCR);
      if (end === -1) {
        this.#line.push(chunk.slice(pos));
        break;
      }
      let line = chunk.slice(pos, end);
      if (this.#line.length > 0) {
        this.#line.push(line);
        line = this.#line.join('');
        this.#line = [];
      }
      pos = end + 1;
      if (chunk.charCodeAt(end) === CR) {
        if (pos === chunk.length) this.#skipLF = true;
        else if (chunk.charCodeAt(pos) === LF) pos++;
      }
      const message = this.#processLine(line);
      if (message) out.push(message);
    }
    return out;
  }

  /** Forgets a partial message and line, e.g. before reading a new connection. Keeps nothing. */
  reset(): void {
    this.#line = [];
    this.#skipLF = false;
    this.#started = false;
    this.#data = [];
    this.#event = '';
    this.#lastId = '';
    this.#retry = undefined;
  }

  #processLine(line: string): SseMessage | undefined {
    if (line.length === 0) return this.#dispatch();
    if (line.charCodeAt(0) === 58 /* : */) return undefined; // comment
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    }
    switch (field) {
      case 'data':
        this.#data.push(value);
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
    }
    return undefined;
  }

  #dispatch(): SseMessage | undefined {
    if (this.#data.length === 0) {
      this.#event = '';
      return undefined;
    }
    const message: SseMessage = { data: this.#data.join('\n') };
    if (this.#event) message.event = this.#event;
    if (this.#lastId) message.id = this.#lastId;
    if (this.#retry !== undefined) {
      message.retry = this.#retry;
      this.#retry = undefined;
    }
    this.#data = [];
    this.#event = '';
    return message;
  }
}

/**
 * Parses one `/global/event` data payload: `{directory?, project?, payload:{id?, type, properties}}`.
 * Returns `undefined` (never throws) for bad JSON, a bad envelope, an unknown or malformed event,
 * and for the durable `sync` mirror copies, which duplicate the live events.
 */
export function parseGlobalEvent(data: string): GlobalEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObj(raw) || !isObj(raw.payload) || raw.payload.type === 'sync') return undefined;
  const { directory, project } = raw;
  if ((directory !== undefined && typeof directory !== 'string') || (project !== undefined && typeof project !== 'string')) return undefined;
  const payload = toEvent(raw.payload);
  if (!payload) return undefined;
  const out: GlobalEvent = { payload };
  if (directory !== undefined) out.directory = directory;
  if (project !== undefined) out.project = project;
  return out;
}

/** Like `parseGlobalEvent` for the bare `{id, type, properties}` frames of the per-directory `/event`. */
export function parseEvent(data: string) {
  try {
    return toEvent(JSON.parse(data));
  } catch {
    return undefined;
  }
}

/**
 * Reads a fetch body as SSE messages. Ends when the stream ends; throws what the reader throws
 * (a dropped connection, an abort). Breaking out of the loop or aborting `signal` cancels the body,
 * which closes the connection. `onChunk` runs on every received chunk (for heartbeat watchdogs).
 */
export async function* readSseStream(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
  onChunk?: () => void,
): AsyncGenerator<SseMessage, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    for (;;) {
      const { done, value } = await reader.read();
      // A cancel from `onAbort` ends the read as "done"; report it as the abort it is.
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if (done) break;
      onChunk?.();
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    // Per spec an unterminated last message is dropped, so only the decoder is flushed.
    yield* parser.push(decoder.decode());
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => {});
    try {
      reader.releaseLock();
    } catch {
      // older engines throw while a read is pending; the stream is cancelled anyway
    }
  }
}

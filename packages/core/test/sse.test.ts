import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser, parseEvent, parseGlobalEvent, readSseStream, type SseMessage } from '../src/opencode/sse.js';

const parseAll = (chunks: string[]): SseMessage[] => {
  const p = new SseParser();
  return chunks.flatMap((c) => p.push(c));
};

/** Every way to cut `text` into two chunks, plus one char at a time. */
function* splits(text: string): Generator<string[]> {
  yield [text];
  for (let i = 0; i <= text.length; i++) yield [text.slice(0, i), text.slice(i)];
  yield [...text];
}

describe('SseParser', () => {
  const stream =
    '\uFEFF: hello comment\r\n' +
    'data: {"a":1}\r\n\r\n' +
    'event: update\nid: 7\ndata: line one\ndata:line two\n\n' +
    'retry: 2500\rdata\r\r' + // CR only; a bare "data" field is an empty value
    'data: last\n\n';
  const expected: SseMessage[] = [
    { data: '{"a":1}' },
    { data: 'line one\nline two', event: 'update', id: '7' },
    { data: '', id: '7', retry: 2500 },
    { data: 'last', id: '7' },
  ];

  it('parses comments, CR/LF/CRLF, multi-line data, event/id/retry and a BOM', () => {
    assert.deepEqual(parseAll([stream]), expected);
  });

  it('gives the same result however the text is chunked', () => {
    for (const chunks of splits(stream)) assert.deepEqual(parseAll(chunks), expected, JSON.stringify(chunks));
  });

  it('treats a CRLF split across chunks as one line end', () => {
    assert.deepEqual(parseAll(['data: a\r', '\ndata: b\r', '\n\r', '\n']), [{ data: 'a\nb' }]);
    // ...but CR then CR is two line ends: an empty line, so a dispatch.
    assert.deepEqual(parseAll(['data: a\r', '\r']), [{ data: 'a' }]);
  });

  it('ignores blank events, unknown fields and ids containing NUL; strips only one space', () => {
    assert.deepEqual(parseAll(['\n\nevent: x\n\nfoo: bar\nid: a\0b\ndata:  two spaces\n\n']), [{ data: ' two spaces' }]);
  });

  it('strips a BOM only at the very start', () => {
    assert.deepEqual(parseAll(['\uFEFFdata: x\n\n\uFEFFdata: y\n\n']), [{ data: 'x' }]);
  });

  it('drops an unterminated last message, and reset() forgets a partial one', () => {
    const p = new SseParser();
    assert.deepEqual(p.push('data: never\n'), []);
    p.reset();
    assert.deepEqual(p.push('data: ok\n\n'), [{ data: 'ok' }]);
  });

  it('handles a long line arriving in many chunks in linear time', () => {
    const p = new SseParser();
    const piece = 'x'.repeat(1000);
    const start = performance.now();
    p.push('data: ');
    for (let i = 0; i < 5000; i++) p.push(piece);
    const [m] = p.push('\n\n');
    assert.equal(m?.data.length, 5_000_000);
    assert.ok(performance.now() - start < 2000);
  });
});

describe('parseGlobalEvent', () => {
  const env = (payload: unknown, extra: object = { directory: '/w', project: 'p' }) => JSON.stringify({ ...extra, payload });

  it('returns typed envelopes for known, well-formed events', () => {
    const e = parseGlobalEvent(env({ id: 'evt_1', type: 'session.idle', properties: { sessionID: 'ses_1' } }));
    assert.deepEqual(e, { directory: '/w', project: 'p', payload: { id: 'evt_1', type: 'session.idle', properties: { sessionID: 'ses_1' } } });
    // connected/heartbeat come without directory
    assert.deepEqual(parseGlobalEvent(env({ type: 'server.heartbeat', properties: {} }, {})), {
      payload: { type: 'server.heartbeat', properties: {} },
    });
  });

  it('returns undefined for sync mirrors, unknown types, malformed input; never throws', () => {
    const bad = [
      '',
      'not json',
      '{"payload":',
      'null',
      '[]',
      '"str"',
      env({ type: 'sync', syncEvent: { id: 'x' } }),
      env({ type: 'plugin.added', properties: { id: 'anthropic' } }),
      env({ type: 'session.idle', properties: { sessionID: 5 } }),
      env({ type: 'session.idle', properties: { sessionID: '__proto__' } }),
      env({ type: 'session.idle' }),
      env({ type: 'session.idle', properties: { sessionID: 's' } }, { directory: 42 }),
      JSON.stringify({ type: 'session.idle', properties: { sessionID: 's' } }), // bare, not an envelope
      env({ type: 'message.part.delta', properties: { sessionID: 's', messageID: 'm', partID: 'p', field: 'id', delta: 'x' } }),
      env({ type: 'constructor', properties: {} }),
      env({ type: '__proto__', properties: {} }),
    ];
    for (const data of bad) assert.equal(parseGlobalEvent(data), undefined, data);
  });

  it('parseEvent reads the bare frames of /event', () => {
    assert.equal(parseEvent('{"type":"session.idle","properties":{"sessionID":"s"}}')?.type, 'session.idle');
    assert.equal(parseEvent('{'), undefined);
  });
});

describe('readSseStream', () => {
  const body = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(chunk);
        c.close();
      },
    });

  it('decodes multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: héllo → ✓\r\n\r\ndata: 🎉\n\n');
    const chunks = [...bytes].map((b) => new Uint8Array([b])); // one byte at a time
    let activity = 0;
    const out: string[] = [];
    for await (const m of readSseStream(body(chunks), undefined, () => activity++)) out.push(m.data);
    assert.deepEqual(out, ['héllo → ✓', '🎉']);
    assert.equal(activity, bytes.length);
  });

  it('cancels the body when the consumer stops, and throws on abort', async () => {
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new TextEncoder().encode('data: x\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _ of readSseStream(endless)) break;
    assert.ok(cancelled);

    const ac = new AbortController();
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const it = readSseStream(stalled, ac.signal);
    const next = it.next();
    ac.abort(new Error('stop'));
    await assert.rejects(next, /stop/);
  });
});

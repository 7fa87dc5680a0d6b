// Feeds a recorded /global/event log (harness/fixtures/*.jsonl, written by `npm run record`) to a
// real OpencodeConnection through an in-page fetch, so stories render exactly what a live session
// showed, with no server. Only the routes a connection reads at start are answered; the event
// stream replays the log up to `until` (an event index or a predicate) and then stays open.
import { OpencodeConnection } from '@oc-elements/core';

export interface ReplayOptions {
  /** Stop after this many events, or after the first event for which this returns true. */
  until?: number | ((event: { type: string; properties: Record<string, unknown> }) => boolean);
  /** Pace the replay (ms between events); 0 replays at once. */
  paceMs?: number;
}

interface Envelope {
  directory?: string;
  payload: { type: string; properties: Record<string, unknown> };
}

export function parseLog(text: string): Envelope[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Envelope);
}

/** A connection whose "server" is the recorded log. Returns it with the log's first session id. */
export function replayConnection(log: string, options: ReplayOptions = {}): { connection: OpencodeConnection; sessionID: string } {
  const events = parseLog(log);
  const cut = typeof options.until === 'number' ? options.until : events.findIndex((e) => (options.until as (e: Envelope['payload']) => boolean)?.(e.payload));
  const shown = options.until === undefined || cut < 0 ? events : events.slice(0, cut + 1);
  const directory = events.find((e) => e.directory && e.directory !== 'global')?.directory ?? '/tmp/project';
  const sessionID = String(events.find((e) => e.payload.type === 'session.created')?.payload.properties.sessionID ?? '');

  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  const fetch = async (input: string): Promise<Response> => {
    const path = new URL(input).pathname;
    if (path === '/global/health') return json({ healthy: true, version: '1.18.33' });
    if (path === '/path') return json({ directory, worktree: directory });
    if (path === '/global/event') return new Response(sse(shown, options.paceMs ?? 0), { headers: { 'content-type': 'text/event-stream' } });
    if (path === '/session/status' || path === '/config/providers') return json(path === '/session/status' ? {} : { providers: [], default: {} });
    // Everything else starts empty: the replayed events build the state.
    return json([]);
  };
  return { connection: new OpencodeConnection({ server: 'http://replay.invalid', fetch }), sessionID };
}

function sse(events: Envelope[], paceMs: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      const send = (payload: unknown) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(payload)}\n\n`));
      send({ payload: { type: 'server.connected', properties: {} } });
      for (const event of events) {
        if (paceMs) await new Promise((r) => setTimeout(r, paceMs));
        send(event);
      }
      // Stay open like a live server; heartbeats keep the watchdog calm.
      setInterval(() => send({ payload: { type: 'server.heartbeat', properties: {} } }), 10_000);
    },
  });
}

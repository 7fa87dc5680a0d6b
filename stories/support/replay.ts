// Feeds a recorded /global/event log (harness/fixtures/*.jsonl, written by `npm run record`) to a
// real OpencodeConnection through an in-page fetch, so stories render exactly what a live session
// showed, with no server. Only the routes a connection reads at start are answered; the event
// stream replays the log up to `until` and then stays open.
import { OpencodeConnection } from '@oc-elements/core';

type Payload = { type: string; properties: Record<string, unknown> };

export interface ReplayOptions {
  /**
   * Where the log stops: after this many events, after the `nth` (default first) event of a type, or after
   * the first event for which the function returns true. Worked out afresh on every render.
   */
  until?: number | { type: string; nth?: number } | ((event: Payload) => boolean);
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
  const cut = cutIndex(events, options.until);
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

function cutIndex(events: Envelope[], until: ReplayOptions['until']): number {
  if (until === undefined || typeof until === 'number') return until ?? -1;
  if (typeof until === 'function') return events.findIndex((e) => until(e.payload));
  let seen = 0;
  return events.findIndex((e) => e.payload.type === until.type && ++seen === (until.nth ?? 1));
}

function sse(events: Envelope[], paceMs: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  return new ReadableStream({
    async start(controller) {
      const send = (payload: unknown) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(payload)}\n\n`));
      send({ payload: { type: 'server.connected', properties: {} } });
      for (const event of events) {
        if (paceMs) await new Promise((r) => setTimeout(r, paceMs));
        send(event);
      }
      // Stay open like a live server; heartbeats keep the watchdog calm.
      heartbeat = setInterval(() => send({ payload: { type: 'server.heartbeat', properties: {} } }), 10_000);
    },
    cancel() {
      clearInterval(heartbeat);
    },
  });
}

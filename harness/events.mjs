// Minimal /global/event reader for Node tests and the recorder (fetch + ReadableStream, like the web UI).

/**
 * @typedef {{ directory?: string, project?: string, payload: { id?: string, type: string, properties: any } }} GlobalEvent
 * @typedef {GlobalEvent & { t: number }} TimedEvent   t = ms since connect
 */

/**
 * Connect to `${url}/global/event`. Resolves once `server.connected` arrived.
 * @param {string} url  opencode base URL
 * @param {{ authHeader?: string, skipSync?: boolean, onEvent?: (e: TimedEvent) => void }} [opts]
 */
export async function connectEvents(url, { authHeader, skipSync = true, onEvent } = {}) {
  const ac = new AbortController();
  const res = await fetch(`${url}/global/event`, {
    headers: { accept: 'text/event-stream', ...(authHeader ? { authorization: authHeader } : {}) },
    signal: ac.signal,
  });
  if (!res.ok || !res.body) throw new Error(`harness: /global/event → ${res.status}`);
  const t0 = Date.now();
  /** @type {TimedEvent[]} */
  const events = [];
  /** @type {Set<{ pred: (e: TimedEvent) => boolean, from: number, resolve: (e: TimedEvent) => void }>} */
  const waiters = new Set();
  let closed = false;
  /** @type {(e?: unknown) => void} */
  let connected = () => {};
  const ready = new Promise((r) => { connected = r; });

  const push = (/** @type {TimedEvent} */ e) => {
    events.push(e);
    onEvent?.(e);
    if (e.payload?.type === 'server.connected') connected();
    for (const w of waiters) if (events.length - 1 >= w.from && w.pred(e)) { waiters.delete(w); w.resolve(e); }
  };

  (async () => {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (!data) continue;
          const e = JSON.parse(data);
          if (skipSync && e.payload?.type === 'sync') continue;
          push({ t: Date.now() - t0, ...e });
        }
      }
    } catch { /* aborted or server gone */ }
    closed = true;
  })();
  await ready;

  const api = {
    events,
    get closed() { return closed; },
    /** Event types (no heartbeats), optionally only from index `from`. */
    types(from = 0) { return events.slice(from).map((e) => e.payload.type).filter((t) => t !== 'server.heartbeat'); },
    /**
     * Wait for the next event (at index >= from, default: any already received too) matching `pred`.
     * @param {(e: TimedEvent) => boolean} pred
     * @param {{ timeoutMs?: number, from?: number }} [o]
     * @returns {Promise<TimedEvent>}
     */
    waitFor(pred, { timeoutMs = 10_000, from = 0 } = {}) {
      const hit = events.slice(from).find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, from, resolve: (e) => { clearTimeout(t); resolve(e); } };
        const t = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`harness: event not seen within ${timeoutMs} ms; last types: ${api.types().slice(-15).join(', ')}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    /**
     * Shorthand: wait for an event of `type` whose properties satisfy `pred`.
     * @param {string} type @param {(props: any) => boolean} [pred] @param {{ timeoutMs?: number, from?: number }} [o]
     */
    waitForType(type, pred = (_props) => true, o) { return api.waitFor((e) => e.payload.type === type && pred(e.payload.properties), o); },
    close() { ac.abort(); },
  };
  return api;
}

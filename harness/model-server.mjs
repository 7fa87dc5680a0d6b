// Scripted OpenAI-compatible model server for end-to-end tests.
// The only fake in e2e tests: opencode itself is real, the LLM it talks to is this script.
// See harness/README.md for the step format.
import http from 'node:http';

/**
 * @typedef {{ name: string, args?: object|string, id?: string }} ToolCall
 * @typedef {{ lastRole?: string, contains?: string, tool?: string }} MatchSpec
 * @typedef {object} Step
 * @property {string|string[]} [text]      assistant text; a string is split into `chunks` pieces, an array is used as-is
 * @property {number} [chunks]             number of content chunks for `text` (default 1)
 * @property {string|string[]} [reasoning] streamed first as `reasoning_content` deltas
 * @property {number} [reasoningChunks]    chunks for `reasoning` (default 1)
 * @property {ToolCall[]} [tools]          tool calls, after the text
 * @property {string} [tool]               shorthand for one tool call: tools = [{ name: tool, args }]
 * @property {object|string} [args]        arguments of the `tool` shorthand
 * @property {number} [argChunks]          each tool call's arguments are streamed in this many pieces (default 3)
 * @property {number} [delayMs]            pause before every chunk (default 0)
 * @property {number} [status]             answer with this HTTP error status instead of a completion
 * @property {string} [message]            error message for `status` (default "mock error <status>")
 * @property {number} [retryAfter]         seconds, sent as `retry-after` with `status`
 * @property {any} [body]                  raw JSON error body for `status` (overrides message)
 * @property {number} [malformedAfter]     after this many chunks send an invalid JSON chunk and end the stream
 * @property {number} [cutAfter]           after this many chunks destroy the socket
 * @property {boolean|string} [hang]       hold the response after `hangAfter` chunks until release(label)
 * @property {number} [hangAfter]          chunks sent before hanging (default 0; headers are always sent first)
 * @property {string} [finish]             finish_reason override (default "tool_calls" with tools, else "stop")
 * @property {((body: any) => boolean) | MatchSpec} [match]  only a request satisfying this consumes the step
 * @property {number} [times]              serve this step for this many requests (default 1)
 */

const TITLE = 'Test session';

/** @param {any} body */
export function isTitleRequest(body) {
  const msgs = Array.isArray(body?.messages) ? body.messages : [];
  const text = (m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''));
  return msgs.some((m) => m.role === 'system' && text(m).includes('You are a title generator'))
    || msgs.some((m) => m.role === 'user' && text(m).startsWith('Generate a title for this conversation'));
}

/** @param {any} body @param {Step['match']} match */
function matches(body, match) {
  if (!match) return true;
  if (typeof match === 'function') return !!match(body);
  const msgs = body?.messages ?? [];
  const last = msgs[msgs.length - 1];
  if (match.lastRole && last?.role !== match.lastRole) return false;
  if (match.contains && !JSON.stringify(last?.content ?? '').includes(match.contains)) return false;
  if (match.tool && !(body?.tools ?? []).some((t) => t?.function?.name === match.tool)) return false;
  return true;
}

/** Split a string into n nearly equal pieces (n >= 1). */
function split(s, n = 1) {
  if (Array.isArray(s)) return s;
  n = Math.max(1, Math.min(n, s.length || 1));
  const size = Math.ceil(s.length / n);
  const out = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length ? out : [''];
}

const sleep = (ms) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/** Turn a step into the list of streamed deltas (OpenAI `choices[0].delta` objects). */
function deltas(step, seq) {
  /** @type {any[]} */
  const out = [];
  if (step.reasoning != null) for (const r of split(step.reasoning, step.reasoningChunks)) out.push({ reasoning_content: r });
  if (step.text != null) for (const t of split(step.text, step.chunks)) out.push({ content: t });
  const tools = step.tools ?? (step.tool ? [{ name: step.tool, args: step.args }] : []);
  tools.forEach((tc, index) => {
    const args = typeof tc.args === 'string' ? tc.args : JSON.stringify(tc.args ?? {});
    const id = tc.id ?? `call_${seq}_${index}`;
    out.push({ tool_calls: [{ index, id, type: 'function', function: { name: tc.name, arguments: '' } }] });
    for (const piece of split(args, step.argChunks ?? 3)) {
      if (piece) out.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  return { out, finish: step.finish ?? (tools.length ? 'tool_calls' : 'stop'), tools };
}

/**
 * `fallback(body)` answers requests that no queued step matches (default: `{ text: 'OK.' }`), e.g. a
 * stateless demo scenario that decides from the conversation so far.
 * @param {{ port?: number, title?: string, log?: (line: string) => void, fallback?: (body: any) => Step }} [opts]
 */
export async function startModelServer({ port = 0, title = TITLE, log, fallback } = {}) {
  /** @type {Step[]} */
  let queue = [];
  /** @type {any[]} */
  const requests = [];
  /** @type {any[]} */
  const titleRequests = [];
  /** @type {Set<{label: any, release: () => void}>} */
  const hanging = new Set();
  /** @type {Set<{n: number, resolve: () => void}>} */
  const waiters = new Set();
  const sockets = new Set();
  let seq = 0;

  const notify = () => {
    for (const w of waiters) if (requests.length >= w.n) { waiters.delete(w); w.resolve(); }
  };

  /** Take the first queued step whose `match` accepts the body. */
  function take(body) {
    const i = queue.findIndex((s) => matches(body, s.match));
    if (i < 0) return null;
    const step = queue[i];
    if ((step.times ?? 1) > 1) queue[i] = { ...step, times: (step.times ?? 1) - 1 };
    else queue.splice(i, 1);
    return step;
  }

  const server = http.createServer(async (req, res) => {
    try {
      await handle(req, res);
    } catch (err) {
      log?.(`model-server error: ${err?.stack ?? err}`);
      if (!res.headersSent) { res.writeHead(500); res.end(String(err)); } else res.destroy();
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path.startsWith('/__control/')) return control(req, res, path);
    if (req.method === 'GET' && path === '/v1/models') {
      return json(res, 200, { object: 'list', data: ['mock-1', 'mock-vision'].map((id) => ({ id, object: 'model', owned_by: 'mock' })) });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const body = JSON.parse((await readBody(req)) || '{}');
      if (isTitleRequest(body)) {
        titleRequests.push(body);
        log?.(`title request (${titleRequests.length})`);
        return complete(req, res, body, { text: title }, ++seq);
      }
      requests.push(body);
      notify();
      const step = take(body) ?? fallback?.(body) ?? { text: 'OK.' };
      log?.(`request #${requests.length} → ${JSON.stringify(step).slice(0, 120)}`);
      return complete(req, res, body, step, ++seq);
    }
    json(res, 404, { error: { message: `mock: no route ${req.method} ${path}` } });
  }

  /** Serve one step as a streamed or a plain completion. */
  async function complete(req, res, body, step, n) {
    if (step.delayMs && step.status) await sleep(step.delayMs);
    if (step.status) {
      const headers = step.retryAfter != null ? { 'retry-after': String(step.retryAfter) } : {};
      const message = step.message ?? `mock error ${step.status}`;
      return json(res, step.status, step.body ?? { error: { message, type: 'mock_error', code: step.status } }, headers);
    }
    const { out, finish, tools } = deltas(step, n);
    const id = `chatcmpl-mock-${n}`;
    const model = body.model ?? 'mock-1';
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: 10, completion_tokens: out.length, total_tokens: 10 + out.length };
    let closed = false;
    res.on('close', () => { closed = true; });
    const hang = async (sent) => {
      if (step.hang == null || step.hang === false || sent !== Math.min(step.hangAfter ?? 0, out.length)) return;
      await new Promise((resolve) => {
        const h = { label: step.hang, release: () => { hanging.delete(h); resolve(undefined); } };
        hanging.add(h);
        res.on('close', h.release);
      });
    };

    if (!body.stream) {
      for (let i = 0; i <= out.length; i++) { await hang(i); if (closed) return; }
      if (step.cutAfter != null) return res.destroy();
      if (step.malformedAfter != null) { res.writeHead(200, { 'content-type': 'application/json' }); return res.end('{this is not json'); }
      const text = out.filter((d) => d.content != null).map((d) => d.content).join('');
      const reasoning = out.filter((d) => d.reasoning_content != null).map((d) => d.reasoning_content).join('');
      const message = { role: 'assistant', content: text || null };
      if (reasoning) message.reasoning_content = reasoning;
      if (tools.length) message.tool_calls = tools.map((tc, i) => ({ id: tc.id ?? `call_${n}_${i}`, type: 'function', function: { name: tc.name, arguments: typeof tc.args === 'string' ? tc.args : JSON.stringify(tc.args ?? {}) } }));
      return json(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finish }], usage });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const chunk = (delta, finish_reason = null, extra = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason }], ...extra })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }));
    for (let i = 0; i < out.length; i++) {
      await hang(i);
      if (closed) return;
      if (step.cutAfter === i) return res.destroy();
      if (step.malformedAfter === i) return res.end('data: {this is not json\n\n');
      await sleep(step.delayMs ?? 0);
      if (closed) return;
      res.write(chunk(out[i]));
    }
    await hang(out.length);
    if (closed) return;
    if (step.cutAfter != null) return res.destroy();
    if (step.malformedAfter != null) return res.end('data: {this is not json\n\n');
    res.write(chunk({}, finish, { usage }));
    res.end('data: [DONE]\n\n');
  }

  /** CORS-enabled control API for browser tests. */
  async function control(req, res, path) {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'content-type' };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); return res.end(); }
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const input = raw ? JSON.parse(raw) : {};
    switch (`${req.method} ${path}`) {
      case 'POST /__control/script': {
        const steps = Array.isArray(input) ? input : input.steps ?? [];
        api.script(...steps);
        return json(res, 200, { queued: queue.length }, cors);
      }
      case 'POST /__control/reset': api.reset(); return json(res, 200, { ok: true }, cors);
      case 'POST /__control/release': return json(res, 200, { released: api.release(input.label) }, cors);
      case 'GET /__control/requests': return json(res, 200, api.state(), cors);
      default: return json(res, 404, { error: `unknown control route ${req.method} ${path}` }, cors);
    }
  }

  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', () => resolve(undefined)); });
  const actualPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const base = `http://127.0.0.1:${actualPort}`;

  const api = {
    url: `${base}/v1`,
    controlUrl: `${base}/__control`,
    port: actualPort,
    /** Bodies of all non-title chat requests, in arrival order. */
    requests,
    /** Bodies of title-generation requests (answered with `title`, never consume the queue). */
    titleRequests,
    /** Append steps to the FIFO queue. @param {...Step} steps */
    script(...steps) { queue.push(...steps.flat()); return api; },
    /** Steps not yet consumed. */
    get queued() { return queue.length; },
    /** Number of requests currently held by a `hang` step. */
    get hanging() { return hanging.size; },
    /** Release held `hang` steps (all, or those with this label). Returns how many were released. */
    release(label) {
      let n = 0;
      for (const h of [...hanging]) if (label == null || h.label === label) { h.release(); n++; }
      return n;
    },
    /** Resolve once at least n non-title requests have arrived. */
    waitForRequests(n, timeoutMs = 10_000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const w = { n, resolve: () => { clearTimeout(t); resolve(undefined); } };
        const t = setTimeout(() => { waiters.delete(w); reject(new Error(`model-server: timed out waiting for ${n} requests (got ${requests.length})`)); }, timeoutMs);
        waiters.add(w);
      });
    },
    /** Forget queued steps and recorded requests; release hangs. */
    reset() { queue = []; requests.length = 0; titleRequests.length = 0; api.release(); },
    state() { return { requests, titleRequests: titleRequests.length, queued: queue.length, hanging: hanging.size }; },
    close() {
      api.release();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
  return api;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res, status, obj, headers = {}) {
  const data = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

// `node harness/model-server.mjs [port]` runs a standalone server (handy with the control API).
if (import.meta.url === `file://${process.argv[1]}`) {
  const m = await startModelServer({ port: Number(process.argv[2] ?? 0), log: (l) => console.log(l) });
  console.log(`model server: ${m.url}  control: ${m.controlUrl}`);
}

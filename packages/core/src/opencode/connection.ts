import { OpencodeClient } from './client.js';
import { OpencodeHttp, type HttpOptions } from './http.js';
import { MIN_OPENCODE_VERSION, OpencodeError, problems, versionAtLeast, type ConnectionProblem } from './problem.js';
import { parseGlobalEvent, readSseStream } from './sse.js';
import { createStore, type Store } from './store.js';
import type { OcAction } from './reducer.js';
import { notify } from '../report.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error' | 'closed';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Set while the last attempt failed; says what went wrong and how to fix it. */
  problem?: ConnectionProblem;
  /** opencode version reported by `/global/health`. */
  version?: string;
  /** Project directory the connection is bound to. */
  directory?: string;
  /** Consecutive failed attempts since the last good connection. */
  attempt: number;
  /** When the next attempt starts (epoch ms), while waiting to retry. */
  retryAt?: number;
}

export interface ConnectionOptions extends HttpOptions {
  /** Declare the event stream dead after this much silence (the server beats every 10 s). */
  heartbeatTimeoutMs?: number;
  /** Reconnect backoff: first delay and cap, in ms (exponential with jitter). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** How many newest messages a watched session loads (older ones on demand). */
  pageSize?: number;
  store?: Store;
}

type StateListener = (state: ConnectionState) => void;

/**
 * One connection to `opencode serve`: a single `/global/event` stream read with fetch (EventSource
 * cannot send auth headers), a heartbeat watchdog, reconnect with backoff + jitter, and a lossless
 * resync after every (re)connect, since the server replays nothing.
 */
export class OpencodeConnection {
  readonly http: OpencodeHttp;
  readonly client: OpencodeClient;
  readonly store: Store;
  #state: ConnectionState = { status: 'idle', attempt: 0 };
  #listeners = new Set<StateListener>();
  #options: Required<Pick<ConnectionOptions, 'heartbeatTimeoutMs' | 'backoffInitialMs' | 'backoffMaxMs' | 'pageSize'>>;
  #run: AbortController | undefined;
  #wake: (() => void) | undefined;
  #watched = new Map<string, number>();
  #cursors = new Map<string, string | undefined>();
  #pageCleanup: (() => void) | undefined;
  /** Events held while a REST snapshot loads; replayed after it (see DESIGN.md, resync). */
  #held: OcAction[] | undefined;
  #holds = 0;
  #syncDone: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ConnectionOptions) {
    this.http = new OpencodeHttp(options);
    this.store = options.store ?? createStore();
    this.client = new OpencodeClient(this.http, (message) => this.store.dispatch({ type: 'oc.local.message', ...message }));
    this.#options = {
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 20_000,
      backoffInitialMs: options.backoffInitialMs ?? 500,
      backoffMaxMs: options.backoffMaxMs ?? 15_000,
      pageSize: options.pageSize ?? 50,
    };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Listens to connection state changes; returns the unsubscribe function. */
  onState(listener: StateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts connecting (idempotent). Resolves once the first attempt succeeded or failed. */
  start(): Promise<ConnectionState> {
    if (!this.#run) {
      this.#run = new AbortController();
      this.#listenToPage();
      void this.#loop(this.#run.signal);
    }
    return this.#settled();
  }

  /** Stops the stream and every retry. */
  stop(): void {
    this.#run?.abort();
    this.#run = undefined;
    clearTimeout(this.#syncDone);
    this.#pageCleanup?.();
    this.#pageCleanup = undefined;
    this.#setState({ status: 'closed', attempt: 0, problem: undefined, retryAt: undefined });
  }

  /** Skips the current backoff wait (e.g. a "Retry" button, or the page became visible). */
  retryNow(): void {
    this.#wake?.();
  }

  /**
   * Keeps a session's messages and todos loaded and refreshed after every reconnect. Returns a
   * function that stops watching (reference-counted, so several views may watch one session).
   */
  watchSession(sessionID: string): () => void {
    const count = this.#watched.get(sessionID) ?? 0;
    this.#watched.set(sessionID, count + 1);
    if (count === 0 && this.#state.status === 'connected') {
      this.#hold();
      this.#loadSession(sessionID)
        .catch(() => {})
        .finally(() => this.#release());
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.#watched.get(sessionID) ?? 1) - 1;
      if (left > 0) this.#watched.set(sessionID, left);
      else this.#watched.delete(sessionID);
    };
  }

  /** Loads the page of messages before the oldest loaded one. Resolves false when there is none. */
  async loadEarlier(sessionID: string): Promise<boolean> {
    const before = this.#cursors.get(sessionID);
    if (!before) return false;
    const page = await this.client.messages(sessionID, { limit: this.#options.pageSize, before });
    this.#cursors.set(sessionID, page.before);
    this.store.dispatch({ type: 'oc.sync.messages', sessionID, messages: page.messages, complete: !page.before });
    return true;
  }

  /** Whether older messages of a session can still be loaded. */
  hasEarlier(sessionID: string): boolean {
    return Boolean(this.#cursors.get(sessionID));
  }

  async #loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const attemptSignal = linkedSignal(signal);
      try {
        this.#setState({ status: this.#everConnected ? 'reconnecting' : 'connecting', retryAt: undefined });
        await this.#checkServer(attemptSignal.signal);
        const synced = await this.#stream(attemptSignal.signal);
        if (signal.aborted) return;
        // A clean end after a good session (server shutting down, proxy timeout): reconnect at once.
        this.#setState({ status: 'reconnecting', attempt: synced ? 0 : this.#state.attempt + 1 });
        if (synced) continue;
      } catch (error) {
        if (signal.aborted) return;
        const problem = error instanceof OpencodeError ? error.problem : this.#streamProblem(error);
        this.#setState({ status: this.#everConnected ? 'reconnecting' : 'error', problem, attempt: this.#state.attempt + 1 });
      } finally {
        attemptSignal.dispose();
      }
      await this.#backoff(signal);
    }
  }

  #everConnected = false;

  #streamProblem(error: unknown): ConnectionProblem {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: 'unreachable', message: `Lost the event stream from ${this.http.server} (${detail}); reconnecting.` };
  }

  async #checkServer(signal: AbortSignal): Promise<void> {
    // Both in one round trip; /path only matters once the server proved to be opencode.
    const [health, path] = await Promise.all([
      this.client.health(signal),
      this.http.directory ? undefined : this.client.path().catch(() => undefined),
    ]);
    if (!health || typeof health.version !== 'string') {
      throw new OpencodeError(problems.notOpencode(this.http.server, '/global/health did not report a version'));
    }
    if (!versionAtLeast(health.version, MIN_OPENCODE_VERSION)) {
      throw new OpencodeError(problems.version(this.http.server, health.version));
    }
    if (!this.http.directory) this.http.directory = (path ?? (await this.client.path())).directory;
    this.#setState({ version: health.version, directory: this.http.directory });
  }

  /** Reads the event stream until it ends. Returns true if it got as far as a full resync. */
  async #stream(signal: AbortSignal): Promise<boolean> {
    const link = linkedSignal(signal);
    let deadReason: string | undefined;
    let synced = false;
    try {
      const response = await this.http.send('GET', '/global/event', { signal: link.signal, global: true }, 'text/event-stream');
      if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        throw new OpencodeError(problems.notOpencode(this.http.server, '/global/event is not an event stream'));
      }
      let lastActivity = Date.now();
      const timer = setInterval(() => {
        if (Date.now() - lastActivity <= this.#options.heartbeatTimeoutMs) return;
        deadReason = `no heartbeat for ${Math.round(this.#options.heartbeatTimeoutMs / 1000)} s`;
        link.abort();
      }, Math.min(2_000, this.#options.heartbeatTimeoutMs / 4));

      this.#held = undefined;
      this.#holds = 0;
      try {
        for await (const message of readSseStream(response.body, link.signal, () => (lastActivity = Date.now()))) {
          const envelope = parseGlobalEvent(message.data);
          if (!envelope) continue;
          if (envelope.directory && envelope.directory !== this.http.directory) continue;
          const event = envelope.payload;
          if (event.type === 'server.heartbeat') continue;
          if (event.type === 'server.connected') {
            this.#hold();
            this.#resync(link.signal).then(
              () => {
                this.#release();
                synced = this.#everConnected = true;
                this.#setState({ status: 'connected', problem: undefined, attempt: 0 });
              },
              (error: unknown) => {
                deadReason = `resync failed: ${error instanceof Error ? error.message : String(error)}`;
                link.abort();
              },
            );
            continue;
          }
          this.#dispatchOrHold(event);
        }
      } finally {
        clearInterval(timer);
      }
    } catch (error) {
      if (deadReason && !signal.aborted) throw new Error(deadReason);
      throw error;
    } finally {
      link.dispose();
    }
    if (deadReason && !signal.aborted) throw new Error(deadReason);
    return synced;
  }

  /** Reloads everything the server will not replay: sessions, status, prompts, watched sessions. */
  async #resync(signal: AbortSignal): Promise<void> {
    // Everything in parallel: one round trip instead of two before the first paint.
    const [sessions, status, permissions, questions] = await Promise.all([
      this.client.listSessions(),
      this.client.sessionStatus(),
      this.client.permissions(),
      this.client.questions(),
      ...[...this.#watched.keys()].map((id) => this.#loadSession(id, signal)),
    ]);
    if (signal.aborted) return;
    this.store.dispatch({ type: 'oc.sync.sessions', sessions });
    this.store.dispatch({ type: 'oc.sync.status', status });
    this.store.dispatch({ type: 'oc.sync.permissions', list: permissions });
    this.store.dispatch({ type: 'oc.sync.questions', list: questions });
  }

  async #loadSession(sessionID: string, signal?: AbortSignal): Promise<void> {
    const [page, todos] = await Promise.all([
      this.client.messages(sessionID, { limit: this.#options.pageSize }),
      this.client.todos(sessionID),
    ]);
    if (signal?.aborted) return; // a newer attempt (or stop) owns the store now
    this.#cursors.set(sessionID, page.before);
    this.store.dispatch({ type: 'oc.sync.messages', sessionID, messages: page.messages, complete: !page.before });
    this.store.dispatch({ type: 'oc.sync.todos', sessionID, todos });
  }

  #dispatchOrHold(event: OcAction): void {
    if (this.#held) this.#held.push(event);
    else this.store.dispatch(event);
  }

  #hold(): void {
    this.#holds++;
    this.#held ??= [];
    clearTimeout(this.#syncDone);
  }

  /**
   * Replays the held events after a snapshot. Deltas emitted before the snapshot was taken can
   * still arrive a little later on the stream, so the reducer keeps de-duplicating against the
   * snapshot for a short while before it is told the sync is done.
   */
  #release(): void {
    if (--this.#holds > 0 || !this.#held) return;
    const held = this.#held;
    this.#held = undefined;
    for (const event of held) this.store.dispatch(event);
    this.#syncDone = setTimeout(() => this.store.dispatch({ type: 'oc.sync.done' }), 500);
  }

  #backoff(signal: AbortSignal): Promise<void> {
    const { backoffInitialMs, backoffMaxMs } = this.#options;
    const ceiling = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(this.#state.attempt - 1, 16));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#setState({ retryAt: Date.now() + delay });
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, delay);
      signal.addEventListener('abort', done);
      this.#wake = done;
    });
  }

  #settled(): Promise<ConnectionState> {
    return new Promise((resolve) => {
      const check = (state: ConnectionState) => {
        if (state.status === 'connected' || state.status === 'closed' || state.problem) {
          off();
          resolve(state);
        }
      };
      const off = this.onState(check);
      check(this.#state);
    });
  }

  /** Reconnect at once when the page comes back or the network returns (browsers only). */
  #listenToPage(): void {
    const doc = (globalThis as { document?: Document }).document;
    const win = globalThis as unknown as Partial<Window>;
    if (!doc || !win.addEventListener) return;
    const onVisible = () => {
      if (doc.visibilityState === 'visible' && this.#state.status !== 'connected') this.retryNow();
    };
    const onOnline = () => this.retryNow();
    doc.addEventListener('visibilitychange', onVisible);
    win.addEventListener('online', onOnline);
    this.#pageCleanup = () => {
      doc.removeEventListener('visibilitychange', onVisible);
      win.removeEventListener!('online', onOnline);
    };
  }

  #setState(patch: Partial<ConnectionState>): void {
    const next = { ...this.#state, ...patch };
    if (shallowEqual(next, this.#state)) return;
    this.#state = next;
    notify(this.#listeners, next);
  }
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a) as (keyof typeof a)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** An AbortController that also aborts when `parent` does, and can be detached. */
function linkedSignal(parent: AbortSignal): { signal: AbortSignal; abort(): void; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (parent.aborted) controller.abort();
  parent.addEventListener('abort', abort);
  return { signal: controller.signal, abort, dispose: () => parent.removeEventListener('abort', abort) };
}

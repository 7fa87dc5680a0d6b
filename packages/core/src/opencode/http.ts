import { AuthKeeper, type AuthSource } from './auth.js';
import { OpencodeError, errorDetail, pageOrigin, problems, type ConnectionProblem } from './problem.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  /** Base URL of `opencode serve`, e.g. `http://127.0.0.1:4096`. */
  server: string;
  /** opencode project directory; sent as `?directory=` on every call. */
  directory?: string;
  auth?: AuthSource;
  fetch?: FetchLike;
  /** Default for `RequestOptions.timeoutMs`. */
  timeoutMs?: number;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Skip the directory parameter (global routes). */
  global?: boolean;
  /** Give up when no response headers arrived by then (ms; 0 = never, for blocking routes). */
  timeoutMs?: number;
}

/**
 * The thin fetch layer every REST call and the event stream go through: base URL, directory,
 * credentials (asked again after a 401 when the source is a callback), and a typed problem for
 * every failure — unreachable, CORS, 401, not opencode, HTTP errors.
 */
export class OpencodeHttp {
  readonly server: string;
  directory: string | undefined;
  readonly auth: AuthKeeper;
  readonly timeoutMs: number;
  readonly #fetch: FetchLike;

  constructor(options: HttpOptions) {
    this.server = normalizeServer(options.server);
    this.directory = options.directory;
    this.auth = new AuthKeeper(options.auth);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    const f = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (!f) throw new Error('No fetch available: pass one through the `fetch` option.');
    // window.fetch throws "Illegal invocation" when called unbound.
    this.#fetch = options.fetch ? options.fetch : f.bind(globalThis);
  }

  url(path: string, query: RequestOptions['query'] = {}, global = false): string {
    const url = new URL(path.replace(/^\//, ''), this.server + '/');
    if (this.directory && !global) url.searchParams.set('directory', this.directory);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** A JSON REST call. Throws `OpencodeError` with a typed problem. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options, 'application/json');
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/html')) {
      // opencode answers unknown routes with its web UI (200 text/html).
      throw new OpencodeError(problems.notOpencode(this.server, `${method} ${path} answered HTML instead of JSON`));
    }
    const text = await response.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new OpencodeError(problems.notOpencode(this.server, `${method} ${path} answered something that is not JSON`));
    }
  }

  /**
   * Sends a request with credentials, retrying once with fresh credentials after a 401 when the
   * auth source is a callback. Non-2xx responses become `OpencodeError`s.
   */
  async send(method: string, path: string, options: RequestOptions = {}, accept = '*/*'): Promise<Response> {
    let response = await this.#attempt(method, path, options, accept);
    if (response.status === 401 && (await this.auth.refresh())) {
      response = await this.#attempt(method, path, options, accept);
    }
    if (response.ok) return response;
    if (response.status === 401) {
      throw new OpencodeError(problems.unauthorized(this.server, Boolean(await this.auth.header())));
    }
    let body: unknown;
    const text = await response.text().catch(() => '');
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    throw new OpencodeError(problems.http(method, path, response.status, errorDetail(body)), body);
  }

  async #attempt(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    const authorization = await this.auth.header();
    if (authorization) headers.authorization = authorization;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const url = this.url(path, options.query, options.global);
    // A server that accepts the connection but never answers (e.g. still booting after a
    // restart) would otherwise hang the caller forever; the timer only covers the headers.
    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal?.addEventListener('abort', abort);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
    try {
      return await this.#fetch(url, { method, headers, body, signal: controller.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (timedOut) throw new OpencodeError(problems.timeout(this.server, method, path, timeoutMs));
      throw new OpencodeError(await this.diagnoseNetworkFailure());
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * A fetch that fails without a response is either an unreachable server or a browser policy
   * (CORS, mixed content). Browsers hide which; an opaque `no-cors` probe tells them apart: it
   * succeeds when the server is up but the page's origin is not allowed.
   */
  async diagnoseNetworkFailure(): Promise<ConnectionProblem> {
    const origin = pageOrigin();
    if (!origin) return problems.unreachable(this.server);
    const serverUrl = new URL(this.server);
    if (origin.startsWith('https:') && serverUrl.protocol === 'http:' && !isLoopback(serverUrl.hostname)) {
      return problems.mixedContent(this.server, origin);
    }
    if (serverUrl.origin === origin) return problems.unreachable(this.server);
    try {
      await this.#fetch(this.url('/global/health', {}, true), { mode: 'no-cors', cache: 'no-store' });
      return problems.cors(this.server, origin);
    } catch {
      return problems.unreachable(this.server);
    }
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}

export function normalizeServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new OpencodeError(problems.invalidUrl(server));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OpencodeError(problems.invalidUrl(server));
  if (url.username || url.password) {
    // Credentials in URLs end up in logs and history; refuse them and say where they go instead.
    throw new OpencodeError({
      kind: 'invalid-url',
      message: 'Do not put credentials in the server URL; pass them through the `auth` property instead.',
    });
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * neko v3 REST: login/logout/whoami, version detection, admin control and screen endpoints.
 * The token lives in memory only and is sent as `Authorization: Bearer`.
 */
import type { FetchLike } from '../opencode/http.js';
import { NekoError } from './errors.js';
import type { ControlHost, LoginResponse, ScreenSize, SessionData } from './types.js';


export class NekoRest {
  /** Session token (memory only). */
  token: string | undefined;
  private readonly base: string;

  constructor(
    server: string,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
  ) {
    this.base = normalizeNekoServer(server);
  }

  /** `ws(s)://…/api/ws?token=…` (neko reads the token from the query for WebSockets). */
  webSocketUrl(): string {
    const url = this.base.replace(/^http/, 'ws') + '/api/ws';
    return this.token ? `${url}?token=${encodeURIComponent(this.token)}` : url;
  }

  url(path: string): string {
    return this.base + path;
  }

  /**
   * Checks the server speaks neko v3: unauthenticated `GET /api/whoami` answers 401 JSON on v3,
   * 404 on v2 (static file server), anything else is not neko.
   */
  async detect(): Promise<void> {
    const res = await this.raw('GET', '/api/whoami', undefined, false);
    if (res.status === 404) {
      // Pure neko v2 is a static file server here (404), but so is any other web server: v2 also answers
      // GET /health with `true`, which tells the two apart.
      if (await this.healthSaysTrue()) {
        throw new NekoError('neko-v2', `${this.base} speaks neko v2; <oc-cobrowser> needs neko v3 (the /api endpoints).`, 404);
      }
      throw new NekoError('not-neko', `${this.base} is not a neko server (GET /api/whoami answered 404).`, 404);
    }
    const json = await readJson(res);
    const looksV3 =
      (res.status === 401 && json !== undefined && typeof (json as { message?: unknown }).message === 'string') ||
      (res.ok && json !== undefined && typeof (json as { id?: unknown }).id === 'string');
    if (!looksV3) {
      throw new NekoError('not-neko', `${this.base} is not a neko server (GET /api/whoami answered ${res.status}).`, res.status);
    }
  }

  private async healthSaysTrue(): Promise<boolean> {
    try {
      const res = await this.raw('GET', '/health', undefined, false);
      return res.ok && (await res.text()).trim() === 'true';
    } catch {
      return false;
    }
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const res = await this.raw('POST', '/api/login', { username, password }, false);
    if (!res.ok) throw await httpError(res, 'login');
    const data = (await readJson(res)) as LoginResponse | undefined;
    if (!data || typeof data.id !== 'string') throw new NekoError('not-neko', 'Unexpected answer to POST /api/login.');
    this.token = data.token;
    return data;
  }

  async whoami(): Promise<SessionData> {
    return (await this.request('GET', '/api/whoami')) as SessionData;
  }

  /** Ends the server-side session (neko keeps sessions until logout). Never throws. */
  async logout(): Promise<void> {
    try {
      await this.raw('POST', '/api/logout');
    } catch {
      /* best effort */
    } finally {
      this.token = undefined;
    }
  }

  controlStatus(): Promise<ControlHost> {
    return this.request('GET', '/api/room/control') as Promise<ControlHost>;
  }
  /** Admin: unconditional takeover. */
  async controlTake(): Promise<void> {
    await this.request('POST', '/api/room/control/take');
  }
  /** Host or admin: make `sessionId` the host. */
  async controlGive(sessionId: string): Promise<void> {
    await this.request('POST', `/api/room/control/give/${encodeURIComponent(sessionId)}`);
  }
  /** Admin: nobody hosts. */
  async controlReset(): Promise<void> {
    await this.request('POST', '/api/room/control/reset');
  }
  screenConfigurations(): Promise<ScreenSize[]> {
    return this.request('GET', '/api/room/screen/configurations') as Promise<ScreenSize[]>;
  }

  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.raw(method, path, body);
    if (!res.ok) throw await httpError(res, `${method} ${path}`);
    return readJson(res);
  }

  private async raw(method: string, path: string, body?: unknown, auth = true): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && this.token) headers['Authorization'] = `Bearer ${this.token}`;
    try {
      return await this.fetchImpl(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // Cookie sessions (servers with session.cookie.enabled) only work with credentials.
        credentials: this.token ? 'omit' : 'include',
      });
    } catch (error) {
      throw new NekoError('network', `Cannot reach ${this.base} (${(error as Error).message || error}). Check the URL and NEKO_SERVER_CORS.`);
    }
  }
}

export function normalizeNekoServer(server: string): string {
  // Accept the bare base URL; a trailing "/api" (as in neko-client's README) is dropped.
  return server.trim().replace(/\/+$/, '').replace(/\/api$/, '');
}

async function readJson(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text().catch(() => '');
  if (!text) return undefined;
  if (!type.includes('json') && !/^\s*[[{"0-9tfn]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function httpError(res: Response, what: string): Promise<NekoError> {
  const json = (await readJson(res)) as { message?: string } | undefined;
  const message = json?.message;
  if (what === 'login' && res.status === 401) return new NekoError('auth', 'Wrong username or password.', 401);
  if (res.status === 401) return new NekoError('auth', `The neko session is not valid (${message ?? 'unauthorized'}).`, 401);
  if (res.status === 403) return new NekoError('forbidden', `neko refused ${what}: ${message ?? 'forbidden'}.`, 403);
  if (what === 'login' && res.status === 422)
    return new NekoError('already-connected', `neko refused the login: ${message ?? 'session already connected'}.`, 422);
  if (res.status === 404) return new NekoError('not-neko', `${what}: not found (404). Is this a neko v3 server?`, 404);
  return new NekoError('http', `${what} failed: ${res.status} ${message ?? res.statusText}`, res.status);
}

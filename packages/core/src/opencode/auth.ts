/** HTTP Basic credentials for `opencode serve` (`OPENCODE_SERVER_PASSWORD`; username defaults to `opencode`). */
export interface BasicAuth {
  username?: string;
  password: string;
}

/** A bearer token, for opencode behind a reverse proxy that checks tokens. */
export interface TokenAuth {
  token: string;
}

export type Auth = BasicAuth | TokenAuth;

/** Why credentials are being asked for: the first request, or a 401 on the ones last given. */
export type AuthReason = 'initial' | 'unauthorized';

/**
 * Credentials as given by the host page: fixed, absent, or a callback that is consulted on the first
 * request and again after every 401 (e.g. to show a login form or refresh a token).
 */
export type AuthSource =
  | Auth
  | null
  | undefined
  | ((reason: AuthReason) => Auth | null | undefined | Promise<Auth | null | undefined>);

const encoder = new TextEncoder();

function base64(text: string): string {
  // btoa only takes Latin-1; passwords may hold any character, so encode UTF-8 bytes first.
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The `Authorization` header value for the given credentials, or undefined for none. */
export function authorizationHeader(auth: Auth | null | undefined): string | undefined {
  if (!auth) return undefined;
  if ('token' in auth) return `Bearer ${auth.token}`;
  return `Basic ${base64(`${auth.username ?? 'opencode'}:${auth.password}`)}`;
}

/**
 * Holds the current credentials in memory only (never in URLs, storage or logs) and asks the
 * source again after a 401 when the source is a callback.
 */
export class AuthKeeper {
  #source: AuthSource;
  #current: Promise<Auth | null | undefined> | undefined;

  constructor(source: AuthSource) {
    this.#source = source;
  }

  set source(source: AuthSource) {
    this.#source = source;
    this.#current = undefined;
  }

  /** Whether a 401 can be answered by asking again. */
  get canRefresh(): boolean {
    return typeof this.#source === 'function';
  }

  header(): Promise<string | undefined> {
    this.#current ??= this.#resolve('initial');
    return this.#current.then(authorizationHeader);
  }

  /** Called after a 401: ask the callback again. Returns false when there is nobody to ask. */
  async refresh(): Promise<boolean> {
    if (!this.canRefresh) return false;
    this.#current = this.#resolve('unauthorized');
    return Boolean(await this.#current);
  }

  async #resolve(reason: AuthReason): Promise<Auth | null | undefined> {
    const source = this.#source;
    return typeof source === 'function' ? await source(reason) : source;
  }

  /** For `toJSON`/`inspect`: never reveal credentials. */
  toJSON(): string {
    return '[credentials hidden]';
  }
}

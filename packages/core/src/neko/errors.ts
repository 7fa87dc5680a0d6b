export type NekoErrorCode =
  /** The server answers like neko v2 (no `/api/whoami`). */
  | 'neko-v2'
  /** The URL does not answer like a neko server at all. */
  | 'not-neko'
  /** Network failure / CORS refusal. */
  | 'network'
  /** Wrong username or password, or a rejected token. */
  | 'auth'
  /** The server refused (locked logins, missing permission, …). */
  | 'forbidden'
  /** `POST /api/login` 422: the member already has a live connection. */
  | 'already-connected'
  /** The server ended the session (`system/disconnect`). */
  | 'disconnected'
  /** Reconnection gave up. */
  | 'unreachable'
  /** A control request got no answer in time (someone else hosts and did not hand over). */
  | 'control-timeout'
  /** WebRTC could not be negotiated. */
  | 'webrtc'
  /** Any other HTTP error. */
  | 'http';

export class NekoError extends Error {
  override readonly name = 'NekoError';
  constructor(
    readonly code: NekoErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * One neko WebSocket: `{event, payload}` JSON envelope, stale detection (nothing received for
 * 12.5 s ⇒ dead), and a close that keeps neko's reconnect grace (any code other than 1000/1001
 * is "abnormal", so the server keeps the session and its host role for 5 s).
 */
import { STALE_CHECK_MS, STALE_TIMEOUT_MS } from './backoff.js';
import type { NekoClientEvents } from './types.js';

/** The subset of the DOM WebSocket used here (so Node tests can pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string; wasClean?: boolean }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

/** Close code used when we drop a socket but mean to come back inside the grace window. */
export const CLOSE_RECONNECT = 4000;

export interface SocketCloseInfo {
  code: number;
  reason: string;
  /** True when we closed it on purpose with 1000 (teardown). */
  intentional: boolean;
  stale: boolean;
}

export interface NekoSocketOptions {
  createSocket?: SocketFactory;
  staleTimeoutMs?: number;
  staleCheckMs?: number;
  connectTimeoutMs?: number;
  now?: () => number;
  onMessage: (event: string, payload: unknown) => void;
  onClose: (info: SocketCloseInfo) => void;
}

export class NekoSocket {
  private ws: SocketLike | undefined;
  private lastReceived = 0;
  private staleTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly url: string,
    private readonly options: NekoSocketOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get open(): boolean {
    return this.ws?.readyState === 1;
  }

  /** Resolves once open; rejects if it closes or times out first. */
  connect(): Promise<void> {
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    const ws = create(this.url);
    this.ws = ws;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const timeout = setTimeout(() => {
        if (settled) return;
        settled = true;
        this.detach();
        try {
          ws.close(CLOSE_RECONNECT, 'connect timeout');
        } catch {
          /* ignore */
        }
        reject(new Error('WebSocket connect timeout'));
      }, this.options.connectTimeoutMs ?? 3000);
      ws.onopen = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        this.lastReceived = this.now();
        this.startStaleCheck();
        resolve();
      };
      ws.onmessage = (ev) => {
        this.lastReceived = this.now();
        if (typeof ev.data !== 'string') return;
        let msg: { event?: unknown; payload?: unknown };
        try {
          msg = JSON.parse(ev.data);
        } catch {
          return;
        }
        if (typeof msg.event === 'string') this.options.onMessage(msg.event, msg.payload);
      };
      ws.onerror = () => {
        /* followed by onclose */
      };
      ws.onclose = (ev) => {
        clearTimeout(timeout);
        this.detach();
        if (!settled) {
          settled = true;
          reject(new Error(`WebSocket closed before opening (${ev.code})`));
          return;
        }
        if (this.closed) return;
        this.closed = true;
        this.options.onClose({ code: ev.code, reason: ev.reason, intentional: false, stale: false });
      };
    });
  }

  send<K extends keyof NekoClientEvents>(event: K, ...payload: NekoClientEvents[K] extends undefined ? [] : [NekoClientEvents[K]]): boolean {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(payload.length ? { event, payload: payload[0] } : { event }));
    return true;
  }

  /**
   * Closes the socket. `code` 1000 ends the server session at once (host role lost);
   * {@link CLOSE_RECONNECT} keeps neko's 5 s grace.
   */
  close(code = 1000, reason = 'client closed'): void {
    const ws = this.ws;
    this.detach();
    if (this.closed) return;
    this.closed = true;
    try {
      ws?.close(code, reason);
    } catch {
      /* ignore */
    }
  }

  private startStaleCheck(): void {
    const staleMs = this.options.staleTimeoutMs ?? STALE_TIMEOUT_MS;
    this.staleTimer = setInterval(() => {
      if (this.now() - this.lastReceived <= staleMs) return;
      const ws = this.ws;
      this.detach();
      if (this.closed) return;
      this.closed = true;
      try {
        ws?.close(CLOSE_RECONNECT, 'stale');
      } catch {
        /* ignore */
      }
      this.options.onClose({ code: CLOSE_RECONNECT, reason: 'stale', intentional: false, stale: true });
    }, this.options.staleCheckMs ?? STALE_CHECK_MS);
  }

  private detach(): void {
    if (this.staleTimer !== undefined) clearInterval(this.staleTimer);
    this.staleTimer = undefined;
    const ws = this.ws;
    if (ws) {
      ws.onopen = null;
      ws.onmessage = null;
      ws.onerror = null;
      ws.onclose = null;
    }
  }
}

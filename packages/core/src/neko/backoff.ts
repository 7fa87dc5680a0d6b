/**
 * Reconnect timing. neko keeps a session "connected" (and its host role) for 5 s after an abnormal
 * WebSocket close; a new socket with the same token inside that window silently takes over
 * (server/internal/websocket/manager.go, session/session.go). The schedule therefore makes several
 * quick attempts that all start inside the grace window, then backs off.
 */

export const NEKO_GRACE_MS = 5000;
/** No message for this long ⇒ the socket is considered dead (server heartbeat is every 10 s). */
export const STALE_TIMEOUT_MS = 12_500;
/** How often the stale rule is checked. */
export const STALE_CHECK_MS = 2_500;

export interface BackoffOptions {
  /** First retry delay (ms). */
  initial?: number;
  factor?: number;
  max?: number;
  /** 0–1 random spread, applied only to attempts that start after the grace window. */
  jitter?: number;
  graceMs?: number;
  random?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based). Defaults: 250, 500, 1000, 2000 ms
 * (cumulative 3.75 s, so four attempts start inside the 5 s grace), then 4 s, 8 s, 10 s, 10 s…
 */
export function reconnectDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initial = 250, factor = 2, max = 10_000, jitter = 0.2, graceMs = NEKO_GRACE_MS, random = Math.random } = options;
  const base = Math.min(max, initial * factor ** Math.max(0, attempt));
  const startsAt = cumulativeDelay(attempt, { initial, factor, max });
  if (startsAt + base <= graceMs) return base;
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}

/** Sum of the un-jittered delays before attempt `attempt`. */
function cumulativeDelay(attempt: number, o: { initial: number; factor: number; max: number }): number {
  let sum = 0;
  for (let i = 0; i < attempt; i++) sum += Math.min(o.max, o.initial * o.factor ** i);
  return sum;
}

/** How many attempts begin inside the grace window with the given options (no jitter). */
export function attemptsWithinGrace(options: BackoffOptions = {}): number {
  const graceMs = options.graceMs ?? NEKO_GRACE_MS;
  let n = 0;
  let t = 0;
  for (;;) {
    t += reconnectDelay(n, { ...options, jitter: 0 });
    if (t > graceMs) return n;
    n++;
  }
}

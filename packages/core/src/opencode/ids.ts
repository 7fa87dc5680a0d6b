// Client-made ids in opencode's format, so optimistic messages and parts sort like the server's:
// `<prefix>_` + 12 hex digits of the low 48 bits of (epoch_ms * 4096 + counter) + 14 random base62
// characters (as in opencode's packages/opencode/src/id/id.ts; written independently here).
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 14;

let lastMs = 0;
let counter = 0;

function randomBase62(length: number): string {
  let out = '';
  const c = (globalThis as { crypto?: { getRandomValues?<T extends ArrayBufferView>(a: T): T } }).crypto;
  while (out.length < length) {
    const bytes = new Uint8Array(length * 2);
    if (c?.getRandomValues) c.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    // 248 = 4 * 62: dropping the top bytes keeps every character equally likely.
    for (let i = 0; i < bytes.length && out.length < length; i++) if (bytes[i]! < 248) out += BASE62[bytes[i]! % 62];
  }
  return out;
}

/**
 * A new ascending id such as `msg_…` or `prt_…`. Ids from one page strictly ascend even if the
 * clock steps back or more than 4095 are made in one millisecond (the counter then borrows the
 * next millisecond).
 */
export function ascendingId(prefix: string, now: number = Date.now()): string {
  let ms = Math.max(Math.floor(now), lastMs);
  if (ms === lastMs) counter++;
  else counter = 1;
  if (counter >= 0x1000) {
    ms++;
    counter = 1;
  }
  lastMs = ms;
  const stamp = (BigInt(ms) * 0x1000n + BigInt(counter)) & 0xffffffffffffn;
  return `${prefix}_${stamp.toString(16).padStart(12, '0')}${randomBase62(RANDOM_LENGTH)}`;
}

export const messageId = (): string => ascendingId('msg');
export const partId = (): string => ascendingId('prt');

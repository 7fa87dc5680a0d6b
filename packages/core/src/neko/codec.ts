/**
 * Binary codec of neko's `data` data channel (v3, big-endian).
 * Layout: server/internal/webrtc/payload/{receive,send}.go, handler.go, peer.go.
 *
 * Header: u8 opcode, u16 length. Client → server: length counts the payload only
 * (header excluded). Server → client: length counts the whole message (header included).
 * Pure functions, no DOM.
 */

export const ClientOp = {
  MOVE: 0x01,
  SCROLL: 0x02,
  KEY_DOWN: 0x03,
  KEY_UP: 0x04,
  BUTTON_DOWN: 0x05,
  BUTTON_UP: 0x06,
  PING: 0x07,
  TOUCH_BEGIN: 0x08,
  TOUCH_UPDATE: 0x09,
  TOUCH_END: 0x0a,
} as const;

export const ServerOp = {
  CURSOR_POSITION: 0x01,
  CURSOR_IMAGE: 0x02,
  PONG: 0x03,
} as const;

/** X11 pointer buttons. */
export const MouseButton = { LEFT: 1, MIDDLE: 2, RIGHT: 3, BACK: 8, FORWARD: 9 } as const;

export type InputMessage =
  | { type: 'move'; x: number; y: number }
  | { type: 'scroll'; deltaX: number; deltaY: number; controlKey?: boolean }
  | { type: 'keydown' | 'keyup'; keysym: number }
  | { type: 'buttondown' | 'buttonup'; button: number }
  | { type: 'ping'; timestamp: number }
  | { type: 'touchbegin' | 'touchupdate' | 'touchend'; touchId: number; x: number; y: number; pressure: number };

export type ServerMessage =
  | { type: 'cursor-position'; x: number; y: number }
  | { type: 'cursor-image'; width: number; height: number; hotX: number; hotY: number; png: Uint8Array }
  | { type: 'pong'; clientTimestamp: number; serverTimestamp: number }
  | { type: 'unknown'; op: number };

/** Both sides split a millisecond timestamp by MaxUint32 (not 2^32): ms = hi * 0xffffffff + lo. */
const SPLIT = 0xffffffff;

export function splitTimestamp(ms: number): [hi: number, lo: number] {
  const t = Math.max(0, Math.floor(ms));
  return [Math.floor(t / SPLIT), t % SPLIT];
}

export function joinTimestamp(hi: number, lo: number): number {
  return hi * SPLIT + lo;
}

const clampU16 = (v: number) => Math.min(0xffff, Math.max(0, Math.round(v)));
const clampI16 = (v: number) => Math.min(0x7fff, Math.max(-0x8000, Math.round(v)));
const clampI32 = (v: number) => Math.min(0x7fffffff, Math.max(-0x80000000, Math.round(v)));
const clampU8 = (v: number) => Math.min(0xff, Math.max(0, Math.round(v)));
const u32 = (v: number) => Math.max(0, Math.round(v)) >>> 0;

function frame(op: number, payloadLength: number): [Uint8Array<ArrayBuffer>, DataView] {
  const bytes = new Uint8Array(3 + payloadLength);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, op);
  view.setUint16(1, payloadLength); // big-endian is the DataView default
  return [bytes, view];
}

export function encodeMove(x: number, y: number): Uint8Array<ArrayBuffer> {
  const [bytes, v] = frame(ClientOp.MOVE, 4);
  v.setUint16(3, clampU16(x));
  v.setUint16(5, clampU16(y));
  return bytes;
}

/** Deltas are wheel clicks (X buttons 4/5, 6/7 pressed |delta| times); controlKey holds Ctrl. */
export function encodeScroll(deltaX: number, deltaY: number, controlKey = false): Uint8Array<ArrayBuffer> {
  const [bytes, v] = frame(ClientOp.SCROLL, 5);
  v.setInt16(3, clampI16(deltaX));
  v.setInt16(5, clampI16(deltaY));
  v.setUint8(7, controlKey ? 1 : 0);
  return bytes;
}

function encodeU32(op: number, value: number): Uint8Array<ArrayBuffer> {
  const [bytes, v] = frame(op, 4);
  v.setUint32(3, u32(value));
  return bytes;
}

export const encodeKeyDown = (keysym: number) => encodeU32(ClientOp.KEY_DOWN, keysym);
export const encodeKeyUp = (keysym: number) => encodeU32(ClientOp.KEY_UP, keysym);
export const encodeButtonDown = (button: number) => encodeU32(ClientOp.BUTTON_DOWN, button);
export const encodeButtonUp = (button: number) => encodeU32(ClientOp.BUTTON_UP, button);

export function encodePing(timestampMs: number): Uint8Array<ArrayBuffer> {
  const [bytes, v] = frame(ClientOp.PING, 8);
  const [hi, lo] = splitTimestamp(timestampMs);
  v.setUint32(3, hi);
  v.setUint32(7, lo);
  return bytes;
}

export function encodeTouch(
  op: typeof ClientOp.TOUCH_BEGIN | typeof ClientOp.TOUCH_UPDATE | typeof ClientOp.TOUCH_END,
  touchId: number,
  x: number,
  y: number,
  pressure: number,
): Uint8Array<ArrayBuffer> {
  const [bytes, v] = frame(op, 13);
  v.setUint32(3, u32(touchId));
  v.setInt32(7, clampI32(x));
  v.setInt32(11, clampI32(y));
  v.setUint8(15, clampU8(pressure));
  return bytes;
}

/** Encodes any input message. */
export function encodeInput(msg: InputMessage): Uint8Array<ArrayBuffer> {
  switch (msg.type) {
    case 'move':
      return encodeMove(msg.x, msg.y);
    case 'scroll':
      return encodeScroll(msg.deltaX, msg.deltaY, msg.controlKey);
    case 'keydown':
      return encodeKeyDown(msg.keysym);
    case 'keyup':
      return encodeKeyUp(msg.keysym);
    case 'buttondown':
      return encodeButtonDown(msg.button);
    case 'buttonup':
      return encodeButtonUp(msg.button);
    case 'ping':
      return encodePing(msg.timestamp);
    case 'touchbegin':
      return encodeTouch(ClientOp.TOUCH_BEGIN, msg.touchId, msg.x, msg.y, msg.pressure);
    case 'touchupdate':
      return encodeTouch(ClientOp.TOUCH_UPDATE, msg.touchId, msg.x, msg.y, msg.pressure);
    case 'touchend':
      return encodeTouch(ClientOp.TOUCH_END, msg.touchId, msg.x, msg.y, msg.pressure);
  }
}

/**
 * Decodes one server → client message. Throws a RangeError on a truncated message.
 * CURSOR_IMAGE: the PNG is bytes [11, length). `length` is a u16, so for a (theoretical)
 * image above 64 KiB it wraps; then the received byte count is used instead.
 */
export function decodeServerMessage(data: ArrayBuffer | ArrayBufferView): ServerMessage {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.byteLength < 3) throw new RangeError(`neko data message too short (${bytes.byteLength} bytes)`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const op = v.getUint8(0);
  const length = v.getUint16(1);
  switch (op) {
    case ServerOp.CURSOR_POSITION:
      need(bytes, 7);
      return { type: 'cursor-position', x: v.getUint16(3), y: v.getUint16(5) };
    case ServerOp.CURSOR_IMAGE: {
      need(bytes, 11);
      const end = bytes.byteLength > 0xffff || length < 11 || length > bytes.byteLength ? bytes.byteLength : length;
      return {
        type: 'cursor-image',
        width: v.getUint16(3),
        height: v.getUint16(5),
        hotX: v.getUint16(7),
        hotY: v.getUint16(9),
        png: bytes.slice(11, end),
      };
    }
    case ServerOp.PONG:
      need(bytes, 19);
      return {
        type: 'pong',
        clientTimestamp: joinTimestamp(v.getUint32(3), v.getUint32(7)),
        serverTimestamp: joinTimestamp(v.getUint32(11), v.getUint32(15)),
      };
    default:
      return { type: 'unknown', op };
  }
}

function need(bytes: Uint8Array, n: number): void {
  if (bytes.byteLength < n) throw new RangeError(`neko data message truncated: ${bytes.byteLength} < ${n} bytes`);
}

/** Round-trip time from a pong: (server − client) + (now − server) = now − client. */
export function pongLatency(pong: { clientTimestamp: number }, nowMs: number): number {
  return Math.max(0, nowMs - pong.clientTimestamp);
}

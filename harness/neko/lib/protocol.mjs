// neko v3 data-channel binary protocol (big-endian), own implementation after
// server/internal/webrtc/payload/{receive,send,types}.go and webrtc/handler.go.
//
// header: u8 op, u16 length
//   client -> server: length = payload bytes (excl. header); server only uses it
//                     to tell the old 4-byte scroll from the 5-byte one
//   server -> client: length = total message length incl. the 3-byte header

export const OP_IN = {
  MOVE: 0x01, SCROLL: 0x02, KEY_DOWN: 0x03, KEY_UP: 0x04, BTN_DOWN: 0x05, BTN_UP: 0x06, PING: 0x07,
  TOUCH_BEGIN: 0x08, TOUCH_UPDATE: 0x09, TOUCH_END: 0x0a,
};
export const OP_OUT = { CURSOR_POSITION: 0x01, CURSOR_IMAGE: 0x02, PONG: 0x03 };

const U32 = 0xffffffff; // math.MaxUint32: neko splits timestamps as hi*MaxUint32 + lo

/** Parse one client->server message. Throws on short buffers (like binary.Read). */
export function parseClientMessage(buf) {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf);
  if (b.length < 3) throw new Error('short header');
  const op = b.readUInt8(0);
  const length = b.readUInt16BE(1);
  const need = (n) => { if (b.length < 3 + n) throw new Error(`short payload for op ${op}`); };
  switch (op) {
    case OP_IN.MOVE: need(4); return { op, length, x: b.readUInt16BE(3), y: b.readUInt16BE(5) };
    case OP_IN.SCROLL:
      if (length === 4) { need(4); return { op, length, deltaX: b.readInt16BE(3), deltaY: b.readInt16BE(5), controlKey: false }; }
      need(5); return { op, length, deltaX: b.readInt16BE(3), deltaY: b.readInt16BE(5), controlKey: b.readUInt8(7) !== 0 };
    case OP_IN.KEY_DOWN: case OP_IN.KEY_UP: case OP_IN.BTN_DOWN: case OP_IN.BTN_UP:
      need(4); return { op, length, key: b.readUInt32BE(3) };
    case OP_IN.PING: need(8); return { op, length, clientTs1: b.readUInt32BE(3), clientTs2: b.readUInt32BE(7) };
    case OP_IN.TOUCH_BEGIN: case OP_IN.TOUCH_UPDATE: case OP_IN.TOUCH_END:
      need(13); return { op, length, touchId: b.readUInt32BE(3), x: b.readInt32BE(7), y: b.readInt32BE(11), pressure: b.readUInt8(15) };
    default: return { op, length };
  }
}

export function encodeCursorPosition(x, y) {
  const b = Buffer.alloc(7);
  b.writeUInt8(OP_OUT.CURSOR_POSITION, 0);
  b.writeUInt16BE(7, 1);
  b.writeUInt16BE(x & 0xffff, 3);
  b.writeUInt16BE(y & 0xffff, 5);
  return b;
}

export function encodeCursorImage({ width, height, xhot, yhot, png }) {
  const b = Buffer.alloc(11 + png.length);
  b.writeUInt8(OP_OUT.CURSOR_IMAGE, 0);
  b.writeUInt16BE((11 + png.length) & 0xffff, 1);
  b.writeUInt16BE(width, 3);
  b.writeUInt16BE(height, 5);
  b.writeUInt16BE(xhot, 7);
  b.writeUInt16BE(yhot, 9);
  png.copy(b, 11);
  return b;
}

export function splitTs(ms) {
  return [Math.floor(ms / U32) >>> 0, (ms % U32) >>> 0];
}

export function joinTs(hi, lo) {
  return hi * U32 + lo;
}

export function encodePong(ping, nowMs = Date.now()) {
  const [s1, s2] = splitTs(nowMs);
  const b = Buffer.alloc(19);
  b.writeUInt8(OP_OUT.PONG, 0);
  b.writeUInt16BE(19, 1);
  b.writeUInt32BE(ping.clientTs1 >>> 0, 3);
  b.writeUInt32BE(ping.clientTs2 >>> 0, 7);
  b.writeUInt32BE(s1, 11);
  b.writeUInt32BE(s2, 15);
  return b;
}

// client-side encoders (used by tests and handy for other harnesses)
export const client = {
  move: (x, y) => { const b = Buffer.alloc(7); b.writeUInt8(1, 0); b.writeUInt16BE(4, 1); b.writeUInt16BE(x, 3); b.writeUInt16BE(y, 5); return b; },
  scroll: (dx, dy, ctrl = false) => { const b = Buffer.alloc(8); b.writeUInt8(2, 0); b.writeUInt16BE(5, 1); b.writeInt16BE(dx, 3); b.writeInt16BE(dy, 5); b.writeUInt8(ctrl ? 1 : 0, 7); return b; },
  key: (op, code) => { const b = Buffer.alloc(7); b.writeUInt8(op, 0); b.writeUInt16BE(4, 1); b.writeUInt32BE(code >>> 0, 3); return b; },
  keyDown: (ks) => client.key(OP_IN.KEY_DOWN, ks),
  keyUp: (ks) => client.key(OP_IN.KEY_UP, ks),
  buttonDown: (b) => client.key(OP_IN.BTN_DOWN, b),
  buttonUp: (b) => client.key(OP_IN.BTN_UP, b),
  ping: (ms = Date.now()) => { const [h, l] = splitTs(ms); const b = Buffer.alloc(11); b.writeUInt8(7, 0); b.writeUInt16BE(8, 1); b.writeUInt32BE(h, 3); b.writeUInt32BE(l, 7); return b; },
};

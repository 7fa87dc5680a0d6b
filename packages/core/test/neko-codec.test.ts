import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeServerMessage,
  encodeButtonDown,
  encodeButtonUp,
  encodeInput,
  encodeKeyDown,
  encodeKeyUp,
  encodeMove,
  encodePing,
  encodeScroll,
  encodeTouch,
  ClientOp,
  joinTimestamp,
  splitTimestamp,
  pongLatency,
} from '../src/neko/index.js';

// Byte arrays derived by hand from server/internal/webrtc/payload/receive.go (big-endian,
// header u8 op + u16 payload length excluding the 3-byte header).
const bytes = (u: Uint8Array) => [...u];

test('move: op 1, len 4, u16 x, u16 y', () => {
  assert.deepEqual(bytes(encodeMove(0x0102, 0x0304)), [0x01, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04]);
  assert.deepEqual(bytes(encodeMove(1920, 1080)), [0x01, 0x00, 0x04, 0x07, 0x80, 0x04, 0x38]);
});

test('move clamps to the u16 range', () => {
  assert.deepEqual(bytes(encodeMove(-5, 70000)), [0x01, 0x00, 0x04, 0x00, 0x00, 0xff, 0xff]);
});

test('scroll: op 2, len 5, i16 dx, i16 dy, u8 control', () => {
  assert.deepEqual(bytes(encodeScroll(-1, 2, true)), [0x02, 0x00, 0x05, 0xff, 0xff, 0x00, 0x02, 0x01]);
  assert.deepEqual(bytes(encodeScroll(0, -3)), [0x02, 0x00, 0x05, 0x00, 0x00, 0xff, 0xfd, 0x00]);
});

test('key and button ops carry a u32', () => {
  assert.deepEqual(bytes(encodeKeyDown(0xff0d)), [0x03, 0x00, 0x04, 0x00, 0x00, 0xff, 0x0d]);
  assert.deepEqual(bytes(encodeKeyUp(0x61)), [0x04, 0x00, 0x04, 0x00, 0x00, 0x00, 0x61]);
  assert.deepEqual(bytes(encodeKeyDown(0x010020ac)), [0x03, 0x00, 0x04, 0x01, 0x00, 0x20, 0xac]);
  assert.deepEqual(bytes(encodeButtonDown(1)), [0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01]);
  assert.deepEqual(bytes(encodeButtonUp(3)), [0x06, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03]);
});

test('ping: op 7, len 8, timestamp split by MaxUint32 (not 2^32)', () => {
  assert.deepEqual(bytes(encodePing(0xffffffff + 5)), [0x07, 0x00, 0x08, 0, 0, 0, 1, 0, 0, 0, 5]);
  const now = 1_760_000_000_123;
  const [hi, lo] = splitTimestamp(now);
  assert.equal(hi, Math.floor(now / 0xffffffff));
  assert.equal(joinTimestamp(hi, lo), now);
});

test('touch: op 8/9/10, len 13, u32 id, i32 x, i32 y, u8 pressure', () => {
  assert.deepEqual(
    bytes(encodeTouch(ClientOp.TOUCH_BEGIN, 7, -1, 300, 128)),
    [0x08, 0x00, 0x0d, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x01, 0x2c, 0x80],
  );
  assert.equal(encodeInput({ type: 'touchend', touchId: 1, x: 0, y: 0, pressure: 0 })[0], 0x0a);
  assert.equal(encodeInput({ type: 'touchupdate', touchId: 1, x: 0, y: 0, pressure: 0 }).byteLength, 16);
});

test('encodeInput dispatches to every op with the right total length', () => {
  const cases: [Parameters<typeof encodeInput>[0], number, number][] = [
    [{ type: 'move', x: 1, y: 2 }, 0x01, 7],
    [{ type: 'scroll', deltaX: 0, deltaY: 1 }, 0x02, 8],
    [{ type: 'keydown', keysym: 1 }, 0x03, 7],
    [{ type: 'keyup', keysym: 1 }, 0x04, 7],
    [{ type: 'buttondown', button: 1 }, 0x05, 7],
    [{ type: 'buttonup', button: 1 }, 0x06, 7],
    [{ type: 'ping', timestamp: 1 }, 0x07, 11],
    [{ type: 'touchbegin', touchId: 1, x: 1, y: 1, pressure: 1 }, 0x08, 16],
  ];
  for (const [msg, op, len] of cases) {
    const b = encodeInput(msg);
    assert.equal(b[0], op, msg.type);
    assert.equal(b.byteLength, len, msg.type);
    assert.equal((b[1]! << 8) | b[2]!, len - 3, `${msg.type} header length excludes the header`);
  }
});

// Server → client: header length INCLUDES the header (server/internal/webrtc/peer.go).
test('decode cursor position (len 7)', () => {
  const m = decodeServerMessage(new Uint8Array([0x01, 0x00, 0x07, 0x00, 0x0a, 0x01, 0x00]).buffer);
  assert.deepEqual(m, { type: 'cursor-position', x: 10, y: 256 });
});

test('decode cursor image: PNG is slice(11, length), the full image', () => {
  const png = [0x89, 0x50, 0x4e, 0x47];
  const msg = new Uint8Array([0x02, 0x00, 11 + png.length, 0x00, 0x10, 0x00, 0x18, 0x00, 0x01, 0x00, 0x02, ...png]);
  const m = decodeServerMessage(msg);
  assert.equal(m.type, 'cursor-image');
  if (m.type !== 'cursor-image') return;
  assert.equal(m.width, 16);
  assert.equal(m.height, 24);
  assert.equal(m.hotX, 1);
  assert.equal(m.hotY, 2);
  // neko-client's slice(11, length - 11) would drop the PNG's tail; we keep all 4 bytes.
  assert.deepEqual([...m.png], png);
});

test('decode cursor image ignores bytes beyond the declared length', () => {
  const msg = new Uint8Array([0x02, 0x00, 13, 0, 1, 0, 1, 0, 0, 0, 0, 0xaa, 0xbb, 0xcc]);
  const m = decodeServerMessage(msg);
  assert.ok(m.type === 'cursor-image');
  if (m.type === 'cursor-image') assert.deepEqual([...m.png], [0xaa, 0xbb]);
});

test('decode pong (len 19) and latency', () => {
  const msg = new Uint8Array([0x03, 0x00, 0x13, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 0, 0, 0x07, 0xd0]);
  const m = decodeServerMessage(msg);
  assert.deepEqual(m, { type: 'pong', clientTimestamp: 1000, serverTimestamp: 2000 });
  assert.equal(pongLatency({ clientTimestamp: 1000 }, 1042), 42);
});

test('decode works on a view with an offset, reports unknown ops, rejects truncation', () => {
  const backing = new Uint8Array([0xee, 0x01, 0x00, 0x07, 0x00, 0x02, 0x00, 0x03]);
  assert.deepEqual(decodeServerMessage(backing.subarray(1)), { type: 'cursor-position', x: 2, y: 3 });
  assert.deepEqual(decodeServerMessage(new Uint8Array([0x09, 0x00, 0x03])), { type: 'unknown', op: 9 });
  assert.throws(() => decodeServerMessage(new Uint8Array([0x01, 0x00, 0x07, 0x00])), RangeError);
  assert.throws(() => decodeServerMessage(new Uint8Array([0x03, 0x00])), RangeError);
});

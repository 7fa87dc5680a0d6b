import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeViewport, containerToRemote, remoteToContainer, wheelToClicks } from '../src/neko/index.js';

const remote = { width: 1280, height: 720 };

test('fit letterboxes a 16:9 screen in a 4:3 container (bars top and bottom)', () => {
  const v = computeViewport({ width: 800, height: 600 }, remote, 'fit');
  assert.equal(v.scale, 800 / 1280);
  assert.deepEqual([v.x, v.y, v.width, v.height], [0, 75, 800, 450]);
  // top-left and bottom-right of the picture
  assert.deepEqual(containerToRemote(0, 75, v, remote), { x: 0, y: 0, inside: true });
  assert.deepEqual(containerToRemote(799.9, 524.9, v, remote), { x: 1279, y: 719, inside: true });
  // centre
  assert.deepEqual(containerToRemote(400, 300, v, remote), { x: 640, y: 360, inside: true });
  // in the letterbox: clamped, flagged outside
  assert.deepEqual(containerToRemote(400, 10, v, remote), { x: 640, y: 0, inside: false });
  assert.deepEqual(containerToRemote(400, 590, v, remote), { x: 640, y: 719, inside: false });
});

test('fit pillarboxes in a wide container (bars left and right)', () => {
  const v = computeViewport({ width: 1000, height: 360 }, remote, 'fit');
  assert.equal(v.scale, 0.5);
  assert.deepEqual([v.x, v.y, v.width, v.height], [180, 0, 640, 360]);
  assert.deepEqual(containerToRemote(180, 0, v, remote), { x: 0, y: 0, inside: true });
  assert.deepEqual(containerToRemote(500, 180, v, remote), { x: 640, y: 360, inside: true });
  assert.equal(containerToRemote(100, 100, v, remote).inside, false);
});

test('fill covers and crops, centred', () => {
  const v = computeViewport({ width: 800, height: 600 }, remote, 'fill');
  assert.equal(v.scale, 600 / 720);
  assert.equal(v.height, 600);
  assert.ok(Math.abs(v.x - (800 - 1280 * (600 / 720)) / 2) < 1e-9);
  assert.deepEqual(containerToRemote(400, 300, v, remote), { x: 640, y: 360, inside: true });
  assert.deepEqual(containerToRemote(0, 0, v, remote).inside, true);
});

test('1:1 is one remote pixel per device pixel; centred when smaller, top-left when larger', () => {
  const small = computeViewport({ width: 1600, height: 900 }, remote, '1:1');
  assert.deepEqual([small.x, small.y, small.width, small.height, small.scale], [160, 90, 1280, 720, 1]);
  assert.deepEqual(containerToRemote(160 + 10, 90 + 20, small, remote), { x: 10, y: 20, inside: true });
  const large = computeViewport({ width: 800, height: 600 }, remote, '1:1');
  assert.deepEqual([large.x, large.y], [0, 0]);
  // container point includes scroll offset
  assert.deepEqual(containerToRemote(1000, 700, large, remote), { x: 1000, y: 700, inside: true });
  const hidpi = computeViewport({ width: 1600, height: 900 }, remote, '1:1', 2);
  assert.equal(hidpi.scale, 0.5);
  assert.deepEqual(containerToRemote(hidpi.x + 100, hidpi.y + 50, hidpi, remote), { x: 200, y: 100, inside: true });
});

test('remoteToContainer inverts the mapping (cursor drawing)', () => {
  const v = computeViewport({ width: 800, height: 600 }, remote, 'fit');
  const p = remoteToContainer(640, 360, v);
  assert.deepEqual(p, { x: 400, y: 300 });
  for (const [x, y] of [[0, 0], [123, 456], [1279, 719]] as const) {
    const c = remoteToContainer(x + 0.5, y + 0.5, v);
    assert.deepEqual(containerToRemote(c.x, c.y, v, remote), { x, y, inside: true });
  }
});

test('degenerate sizes do not divide by zero', () => {
  const v = computeViewport({ width: 0, height: 0 }, remote, 'fit');
  assert.equal(v.scale, 0);
  assert.deepEqual(containerToRemote(1, 1, v, remote), { x: 0, y: 0, inside: false });
});

test('wheel deltas become scroll clicks with carry', () => {
  assert.deepEqual(wheelToClicks(100, 0), { clicks: 1, carry: 0 });
  let r = wheelToClicks(40, 0);
  assert.equal(r.clicks, 0);
  r = wheelToClicks(70, 0, r.carry);
  assert.deepEqual(r, { clicks: 1, carry: 10 });
  assert.deepEqual(wheelToClicks(-3, 1), { clicks: -3, carry: 0 });
  assert.equal(wheelToClicks(1, 2).clicks, 3);
  assert.equal(wheelToClicks(100000, 0).clicks, 10);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NEKO_GRACE_MS, attemptsWithinGrace, reconnectDelay } from '../src/neko/index.js';

test('first attempts are deterministic and all start inside neko\'s 5 s grace', () => {
  const delays = [0, 1, 2, 3].map((n) => reconnectDelay(n, { random: () => 0.99 }));
  assert.deepEqual(delays, [250, 500, 1000, 2000]);
  const starts = delays.reduce<number[]>((acc, d) => [...acc, (acc.at(-1) ?? 0) + d], []);
  assert.deepEqual(starts, [250, 750, 1750, 3750]);
  assert.ok(starts.every((t) => t < NEKO_GRACE_MS));
  assert.equal(attemptsWithinGrace(), 4);
});

test('after the grace window delays grow, are jittered and capped', () => {
  assert.equal(reconnectDelay(4, { random: () => 0.5 }), 4000);
  assert.equal(reconnectDelay(4, { random: () => 0 }), 3200);
  assert.equal(reconnectDelay(4, { random: () => 1 }), 4800);
  assert.equal(reconnectDelay(5, { random: () => 0.5 }), 8000);
  assert.equal(reconnectDelay(6, { random: () => 0.5 }), 10000);
  assert.equal(reconnectDelay(20, { random: () => 0.5 }), 10000);
});

test('options change the schedule', () => {
  assert.equal(reconnectDelay(0, { initial: 100 }), 100);
  assert.equal(attemptsWithinGrace({ initial: 1000 }), 2); // 1000, 3000 (then 7000 > 5000)
});

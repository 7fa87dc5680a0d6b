import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ascendingId, messageId, partId } from '../src/opencode/ids.js';

describe('ascendingId', () => {
  it('has the opencode shape: prefix_ + 12 hex + 14 base62', () => {
    assert.match(messageId(), /^msg_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
    assert.match(partId(), /^prt_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
    assert.equal(messageId().length, 30);
  });

  it('encodes the low 48 bits of ms * 4096 + counter (counter starts at 1 each ms)', () => {
    const ms = Date.now() + 10_000_000; // past anything generated so far in this process
    const id = ascendingId('msg', ms);
    const expected = ((BigInt(ms) * 4096n + 1n) & 0xffffffffffffn).toString(16).padStart(12, '0');
    assert.equal(id.slice(4, 16), expected);
    const next = ascendingId('msg', ms);
    assert.equal(next.slice(4, 16), ((BigInt(ms) * 4096n + 2n) & 0xffffffffffffn).toString(16).padStart(12, '0'));
  });

  it('strictly ascends: many per ms, and when the clock steps back', () => {
    const ids: string[] = [];
    const now = Date.now() + 20_000_000;
    for (let i = 0; i < 10_000; i++) ids.push(ascendingId('prt', now)); // > 4095 in one ms
    ids.push(ascendingId('prt', now - 5000));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]!.slice(0, 16) < ids[i]!.slice(0, 16), `at ${i}`);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('sorts after ids the server made earlier', () => {
    const server = `msg_${((BigInt(Date.now() - 1000) * 4096n + 1n) & 0xffffffffffffn).toString(16).padStart(12, '0')}ABCDEFGHIJKLMN`;
    assert.ok(server < messageId());
  });
});

import { expect } from '@open-wc/testing';
import { lazyChunk } from './lazy-chunk.js';

describe('lazyChunk', () => {
  it('imports once for every caller, and exposes the module once loaded', async () => {
    let imports = 0;
    const chunk = lazyChunk(async () => ({ n: ++imports }));
    expect(chunk.current).to.equal(undefined);
    const [a, b] = await Promise.all([chunk.load(), chunk.load()]);
    expect(a).to.equal(b);
    expect(chunk.current).to.equal(a);
    expect(await chunk.load()).to.equal(a);
    expect(imports).to.equal(1);
  });

  it('forgets a failed load, so the next one tries again', async () => {
    let attempt = 0;
    const chunk = lazyChunk(async () => {
      if (++attempt === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { ok: true };
    });
    const error = await chunk.load().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    expect(chunk.current).to.equal(undefined);
    expect(await chunk.load()).to.deep.equal({ ok: true });
    expect(attempt).to.equal(2);
  });
});

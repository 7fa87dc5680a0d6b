// Small helpers shared by the benches.
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rounds to `d` decimals; null for NaN and infinities (so a missing measure shows as such in JSON). */
export const round = (v, d = 1) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);

/** The q-quantile (nearest rank) of the values; NaN when there are none. */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

export const median = (xs) => quantile(xs, 0.5);

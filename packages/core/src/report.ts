/** Reports an error without throwing (a listener that broke must not stop the others or the caller). */
export function report(error: unknown): void {
  const g = globalThis as { reportError?: (e: unknown) => void };
  if (typeof g.reportError === 'function') g.reportError(error);
  else console.error(error);
}

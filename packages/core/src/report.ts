/** Reports an error without throwing (a listener that broke must not stop the others or the caller). */
export function report(error: unknown): void {
  const g = globalThis as { reportError?: (e: unknown) => void };
  if (typeof g.reportError === 'function') g.reportError(error);
  else console.error(error);
}

/**
 * Calls every listener (a snapshot, so one may unsubscribe while being called); one that throws is
 * reported and neither the others nor the caller's own work stop. Every core store and client notifies
 * through here.
 */
export function notify<A extends unknown[]>(listeners: Iterable<(...args: A) => void>, ...args: A): void {
  for (const listener of [...listeners]) {
    try {
      listener(...args);
    } catch (error) {
      report(error);
    }
  }
}

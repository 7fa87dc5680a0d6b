// The attributed timeline: every mode change with who caused it, newest last, bounded.
import { notify } from '../report.js';
import type { TransitionEvent } from './types.js';

export class Timeline {
  #events: TransitionEvent[] = [];
  #listeners = new Set<(event: TransitionEvent) => void>();
  readonly limit: number;

  constructor(limit = 500) {
    this.limit = limit;
  }

  /** Events oldest first (a copy). */
  get events(): readonly TransitionEvent[] {
    return this.#events.slice();
  }

  add(event: TransitionEvent): void {
    this.#events.push(event);
    if (this.#events.length > this.limit) this.#events.splice(0, this.#events.length - this.limit);
    // A listener that throws must not stop the arbiter, which adds events mid-update.
    notify(this.#listeners, event);
  }

  /** Called for every new event; returns the unsubscribe function. */
  subscribe(listener: (event: TransitionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}

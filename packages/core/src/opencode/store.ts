// A tiny store around the reducer. `getState()` is always current; listeners are told soon, but not
// once per event (a streaming reply sends one event per token); see `frameScheduler`.
import { apply, type OcAction } from './reducer.js';
import { emptyState, type State } from './state.js';
import { notify } from '../report.js';

/** Runs `flush` later, once; returns a function that cancels it. */
export type Scheduler = (flush: () => void) => () => void;

// When each store last flushed (performance.now()).
const lastFlush = new WeakMap<() => void, number>();
/** A store flushes between frames at most this often; changes sooner wait for the next frame. */
const EARLY_SPACING_MS = 5;

/**
 * Paints by the next frame without putting work in it: a change is flushed in a task of its own right
 * away, so the render runs between frames and the frame only lays out and paints. (Rendering in the
 * frame made each token that arrived just after a frame wait for that render too.) A change within
 * 5 ms of the last flush waits for the frame instead, so a fast stream (more than ~200 events a
 * second) settles at one flush a frame. Background tabs pause frames, so a slow timer races the
 * frame: subscribers that act rather than paint (e.g. arbitration answering permissions) still hear
 * about changes. Without frames (Node, workers) it is a ~16 ms timer.
 */
export const frameScheduler: Scheduler = (flush) => {
  const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number; cancelAnimationFrame?: (id: number) => void };
  if (typeof g.requestAnimationFrame !== 'function') {
    const timer = setTimeout(flush, 16);
    return () => clearTimeout(timer);
  }
  const early = performance.now() - (lastFlush.get(flush) ?? -1e9) >= EARLY_SPACING_MS;
  let done = false;
  const cancel = () => {
    done = true;
    g.cancelAnimationFrame?.(frame);
    clearTimeout(timer);
  };
  const run = () => {
    if (done) return;
    cancel();
    lastFlush.set(flush, performance.now());
    flush();
  };
  const frame = g.requestAnimationFrame(run);
  const timer = setTimeout(run, early ? 0 : 250);
  return cancel;
};

export type Listener<S> = (state: S) => void;

export interface ReadableStore<S> {
  getState(): S;
  /** `listener` runs soon after changes, once for many (see `frameScheduler`); not on subscribe. */
  subscribe(listener: Listener<S>): () => void;
}

export interface Store<S = State, A = OcAction> extends ReadableStore<S> {
  dispatch(action: A): void;
  /** Notifies listeners now if anything changed since they last heard (tests, teardown). */
  flush(): void;
}

export interface StoreOptions {
  /** How notifications are deferred; defaults to `frameScheduler`. */
  schedule?: Scheduler;
}

/** A coalescing store for any reducer (the opencode one is `createStore`). */
export function createReducerStore<S, A>(reducer: (state: S, action: A) => S, initial: S, options: StoreOptions = {}): Store<S, A> {
  const schedule = options.schedule ?? frameScheduler;
  const listeners = new Set<Listener<S>>();
  let state = initial;
  let notified = initial;
  let pending: (() => void) | undefined;

  const flush = () => {
    pending?.();
    pending = undefined;
    if (state === notified) return;
    notified = state;
    notify(listeners, state); // one broken view must not starve the others
  };

  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      if (!pending && listeners.size > 0) pending = schedule(flush);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    flush,
  };
}

/** The opencode state store. */
export function createStore(initial: State = emptyState(), options?: StoreOptions): Store {
  return createReducerStore(apply, initial, options);
}

/** Structural stand-in for Lit's `ReactiveControllerHost`, so core does not import lit. */
export interface ControllerHost {
  addController(controller: { hostConnected?(): void; hostDisconnected?(): void }): void;
  requestUpdate(): void;
}

/**
 * A Lit reactive controller: `value` is `select(store state)`, and the host re-renders only when
 * that value changes by reference. Use memoized selectors (see selectors.ts) so unchanged data
 * keeps its identity.
 */
export class StoreController<T, S = State> {
  value: T;
  #host: ControllerHost;
  #store: ReadableStore<S>;
  #select: (state: S) => T;
  #unsubscribe: (() => void) | undefined;

  constructor(host: ControllerHost, store: ReadableStore<S>, select: (state: S) => T) {
    this.#host = host;
    this.#store = store;
    this.#select = select;
    this.value = select(store.getState());
    host.addController(this);
  }

  /** Swaps the selector (e.g. the element's session id changed) and re-reads the value. */
  setSelector(select: (state: S) => T): void {
    this.#select = select;
    this.#update(this.#store.getState());
  }

  hostConnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.#store.subscribe((state) => this.#update(state));
    this.#update(this.#store.getState()); // it may have changed while disconnected
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #update(state: S): void {
    const value = this.#select(state);
    if (value === this.value) return;
    this.value = value;
    this.#host.requestUpdate();
  }
}

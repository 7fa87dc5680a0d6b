/**
 * A chunk loaded on first use and shared by every element on the page. `current` is the module once it
 * has loaded; a failed load (e.g. the network dropped) is forgotten, so the next `load()` tries again.
 */
export interface LazyChunk<M> {
  load(): Promise<M>;
  readonly current: M | undefined;
}

export function lazyChunk<M>(importer: () => Promise<M>): LazyChunk<M> {
  let current: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    load() {
      loading ??= importer().then(
        (module) => (current = module),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    get current() {
      return current;
    },
  };
}

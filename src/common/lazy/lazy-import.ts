/**
 * A module imported on first use, once. The gateway, mail and object-storage SDKs are not needed
 * to answer the first request, and importing them at start costs most of a second: their modules
 * import them through this instead (types come from `import type`, which costs nothing at run
 * time). `loaded()` answers the module only once it has been imported, for synchronous checks
 * such as `instanceof` on an error that can only come from the module anyway.
 *
 * test/e2e/startup.e2e-spec.ts walks the import graph from src/main.ts and fails when one of these
 * SDKs is imported statically again.
 */
export interface LazyModule<T> {
  (): Promise<T>;
  loaded(): T | undefined;
}

export function lazyImport<T>(load: () => Promise<T>): LazyModule<T> {
  let module: T | undefined;
  let loading: Promise<T> | undefined;
  const get = (() => {
    if (module !== undefined) return Promise.resolve(module);
    loading ??= load().then(
      (value) => (module = value),
      (error: unknown) => {
        loading = undefined; // a failed import is tried again next time
        throw error;
      },
    );
    return loading;
  }) as LazyModule<T>;
  get.loaded = () => module;
  return get;
}

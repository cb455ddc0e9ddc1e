// Caches shared by every copy of a module in this process. The portal server (site/serve.ts) is
// bundled apart from Astro's server routes, so each holds its own copy of the site modules: the
// server loads the catalog before it listens, and the routes find it only because the caches live
// on globalThis rather than in module variables.
const store = ((globalThis as Record<symbol, unknown>)[Symbol.for('odp.site.process-cache')] ??= new Map<string, unknown>()) as Map<string, unknown>;

/** A per-object cache (e.g. per catalog) under `name`, the same map for every copy of the caller. */
export function sharedWeakMap<K extends object, V>(name: string): WeakMap<K, V> {
  let m = store.get(name) as WeakMap<K, V> | undefined;
  if (!m) store.set(name, (m = new WeakMap<K, V>()));
  return m;
}

/** One value under `name`, the same for every copy of the caller. */
export function sharedSlot<T>(name: string): { get(): T | undefined; set(value: T): void } {
  return { get: () => store.get(name) as T | undefined, set: (value) => void store.set(name, value) };
}

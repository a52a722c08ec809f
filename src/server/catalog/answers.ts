// The public catalog is the same for every visitor and is read far more often than it changes
// (the day a registration opens, a region's teachers search at once). Its answers are kept per
// process for a moment: a write in this process (any successful change request) forgets them at
// once; another process's writes and the lifecycle jobs show within about `ttlMs`. Nothing here
// is a record: applying reads and takes places in the database, never from this cache.
type Entry = { at: number; value: Promise<unknown>; refreshing: boolean };

export class AnswerCache {
  readonly #entries = new Map<string, Entry>();
  /** Bumped by `clear`, so that a refresh begun before a change does not store what it read. */
  #generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 2000,
  ) {}

  /**
   * The answer for `key`, computed once for all who ask while it is fresh. Just past its time it
   * is still answered while one request computes its successor, so that answers expiring together
   * do not make every visitor of that moment wait for the database.
   */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const now = performance.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    if (hit && now - hit.at < 2 * this.ttlMs) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const generation = this.#generation;
        compute().then(
          (value) => {
            if (generation === this.#generation) this.#store(key, Promise.resolve(value), performance.now());
          },
          () => {
            hit.refreshing = false;
          },
        );
      }
      return hit.value as Promise<T>;
    }
    const value = compute();
    this.#store(key, value, now);
    // A failure (a 404, a lost connection) is answered to those who asked, never kept.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  clear() {
    this.#generation++;
    this.#entries.clear();
  }

  #store(key: string, value: Promise<unknown>, at: number) {
    this.#entries.delete(key);
    // The oldest entry goes first (a Map iterates in insertion order).
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { at, value, refreshing: false });
  }
}

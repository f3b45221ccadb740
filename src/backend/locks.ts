/**
 * Serialises work per key (a deal or company id) inside this backend process. HubSpot has no
 * compare-and-set on properties, so read-decide-write for one record must not interleave; with one
 * backend instance (as documented) this makes "exactly one of two concurrent decisions wins" hold.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * An in-process cache of values read from the revocation store, each kept for at most `maxAgeMs`, so a
 * busy instance makes at most one round trip per key per period. Concurrent misses of one key share one
 * lookup; a lookup is bounded by its deadline, so one that hangs is dropped and the next miss asks again.
 */
import { withDeadline } from './deadline.js';

interface Entry<V> {
  value: V;
  /** When the value was read (performance.now() ms). */
  at: number;
}

export class LookupCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #pending = new Map<string, Promise<V>>();
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #timeoutMs: number;
  readonly #lookup: (key: string) => Promise<V>;

  /**
   * @param lookup reads one key from the store
   * @param maxAgeMs how long a value may be served without asking again; 0 asks on every call
   * @param maxEntries past this many keys, the oldest is forgotten
   * @param timeoutMs how long one lookup may take
   */
  constructor(lookup: (key: string) => Promise<V>, maxAgeMs: number, maxEntries: number, timeoutMs: number) {
    this.#lookup = lookup;
    this.#maxAgeMs = maxAgeMs;
    this.#maxEntries = maxEntries;
    this.#timeoutMs = timeoutMs;
  }

  /** The cached value of `key` if it is fresh, else undefined: no promise, for the common case. */
  peek(key: string): V | undefined {
    const entry = this.#entries.get(key);
    return entry !== undefined && performance.now() - entry.at < this.#maxAgeMs ? entry.value : undefined;
  }

  /** The value of `key`: cached if fresh, otherwise read (rejects when the store fails or is too slow). */
  get(key: string): Promise<V> {
    const now = performance.now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && now - entry.at < this.#maxAgeMs) return Promise.resolve(entry.value);
    if (this.#maxAgeMs === 0) return withDeadline(this.#lookup(key), this.#timeoutMs);
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = withDeadline(this.#lookup(key), this.#timeoutMs);
      this.#pending.set(key, pending);
      const settled = (): void => {
        if (this.#pending.get(key) === pending) this.#pending.delete(key);
      };
      pending.then((value) => {
        settled();
        this.#store(key, value, now);
      }, settled);
    }
    return pending;
  }

  /** Records a value this process has just written, so it needs no round trip and is never older. */
  set(key: string, value: V): void {
    this.#pending.delete(key);
    this.#store(key, value, performance.now());
  }

  #store(key: string, value: V, at: number): void {
    if (this.#maxAgeMs === 0) return;
    const current = this.#entries.get(key);
    // A lookup that started before a local write must not overwrite what was written.
    if (current !== undefined && current.at > at) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, at });
  }
}

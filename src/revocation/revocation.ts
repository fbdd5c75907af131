/**
 * Sign-out everywhere for signed-cookie sessions, on the app's Redis. A session signed in through
 * `signIn` carries its user's generation and an id; `revokeUser` increments the generation and
 * `revokeSession` denylists the id until every cookie of that session has expired. `validate`, given to
 * the session options, refuses sessions of an older generation or a denylisted id (reason `rejected`),
 * reading through an in-process cache of bounded staleness, and applies the failure policy when Redis
 * does not answer in time (reason `unavailable` by default).
 */
import { ValidationUnavailable } from '../session/errors.js';
import { ConfigError } from '../signing/errors.js';
import type { JsonValue } from '../signing/json.js';
import type { SessionStore } from '../session/session-store.js';
import type { SessionMeta } from '../session/settings.js';
import type { RevocationClient } from './client.js';
import { withDeadline } from './deadline.js';
import { LookupCache } from './lookup-cache.js';
import { MARKER_KEY, markerValue, newSessionId, readMarker, type RevocationMarker } from './marker.js';

/** Seconds a cached answer is served before Redis is asked again (the revocation delay). */
export const DEFAULT_CACHE_SECONDS = 1;
/** Milliseconds one Redis command may take before the failure policy applies. */
export const DEFAULT_TIMEOUT_MS = 200;
/** Cached users and sessions per process; past this, the oldest are forgotten. */
export const DEFAULT_MAX_CACHE_ENTRIES = 10_000;

export interface RevocationOptions {
  /** The app's Redis, wrapped: `nodeRedisClient(createClient())`, `ioredisClient(new Redis())`, `upstashClient(...)`. */
  client: RevocationClient;
  /**
   * How long an answer from Redis is reused in this process (1 second). A revocation made on another
   * instance takes effect here within this time; 0 asks Redis on every request.
   */
  cacheSeconds?: number;
  /** How long one check may wait for Redis, in milliseconds (200); then the failure policy applies. */
  timeoutMs?: number;
  /**
   * When Redis fails or is too slow: false (the default, fail closed) refuses the session for that
   * request with reason `unavailable`, keeping its cookie; true (fail open) accepts it unchecked.
   */
  failOpen?: boolean;
  /** Prefix of every Redis key (`scs:`); give each app sharing a Redis its own. */
  prefix?: string;
  /** Users and sessions cached per process (10 000). */
  maxCacheEntries?: number;
  /**
   * Called with the error each time a check gets no answer from Redis. By default, a warning the
   * first time after a success (once per outage).
   */
  onUnavailable?: (error: Error) => void;
}

function checkNumber(value: number, what: string, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw new ConfigError(`${what} must be a finite number of at least ${min}, got ${String(value)}.`);
  return value;
}

/** A generation as Redis stores it: absent is 0. */
function toGeneration(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const generation = typeof value === 'number' ? value : Number(String(value));
  if (!Number.isSafeInteger(generation) || generation < 0)
    throw new Error(`The revocation store holds an invalid generation: ${String(value).slice(0, 20)}`);
  return generation;
}

export class Revocation {
  readonly cacheSeconds: number;
  readonly timeoutMs: number;
  readonly failOpen: boolean;
  readonly prefix: string;
  readonly #client: RevocationClient;
  readonly #generations: LookupCache<number>;
  readonly #revoked: LookupCache<boolean>;
  readonly #onUnavailable: (error: Error) => void;
  /** False from a failed check until the next answer: the default warning comes once per outage. */
  #healthy = true;

  constructor(options: RevocationOptions) {
    const client = options?.client as Partial<RevocationClient> | undefined;
    if (typeof client?.get !== 'function' || typeof client.incr !== 'function' || typeof client.set !== 'function') {
      throw new ConfigError(
        'Revocation needs a client with get, incr and set: wrap yours with nodeRedisClient, ioredisClient or upstashClient.',
      );
    }
    this.#client = client as RevocationClient;
    this.cacheSeconds = checkNumber(options.cacheSeconds ?? DEFAULT_CACHE_SECONDS, 'cacheSeconds', 0);
    this.timeoutMs = checkNumber(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs', 1);
    this.failOpen = options.failOpen ?? false;
    this.prefix = options.prefix ?? 'scs:';
    const maxEntries = checkNumber(options.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES, 'maxCacheEntries', 1);
    const maxAgeMs = this.cacheSeconds * 1000;
    this.#generations = new LookupCache(
      async (user) => toGeneration(await this.#client.get(this.#generationKey(user))),
      maxAgeMs,
      maxEntries,
      this.timeoutMs,
    );
    this.#revoked = new LookupCache(
      async (id) => (await this.#client.get(this.#revokedKey(id))) != null,
      maxAgeMs,
      maxEntries,
      this.timeoutMs,
    );
    this.#onUnavailable =
      options.onUnavailable ??
      ((error) => {
        if (this.#healthy)
          console.warn(
            `signed-cookie-session: revocation store unavailable (${error.message}); signed-in sessions are ${this.failOpen ? 'accepted unchecked' : 'refused'} until it answers.`,
          );
      });
  }

  /**
   * The session options' `validate` hook: accepts sessions that never signed in through `signIn`
   * (nothing to revoke, no round trip); refuses a signed-in one whose generation is no longer the
   * user's or whose id is denylisted. Always a promise, so it needs the async path (every adapter).
   */
  readonly validate = async (data: Readonly<Record<string, JsonValue>>, _meta?: SessionMeta): Promise<boolean> => {
    const marker = readMarker(data);
    if (marker === undefined) return true;
    if (marker === null) return false;
    let generation = this.#generations.peek(marker.user);
    let revoked = this.#revoked.peek(marker.id);
    if (generation !== undefined && revoked !== undefined) return generation === marker.generation && !revoked;
    try {
      [generation, revoked] = await Promise.all([this.#generations.get(marker.user), this.#revoked.get(marker.id)]);
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      this.#onUnavailable(cause);
      this.#healthy = false;
      if (this.failOpen) return true;
      throw new ValidationUnavailable(`The revocation store did not answer: ${cause.message}`, cause);
    }
    this.#healthy = true;
    return generation === marker.generation && !revoked;
  };

  /**
   * Signs the session in as `user`: records the user's current generation (read from Redis, not the
   * cache) and a new session id. Call it where the app records the user in the session; it rejects
   * when Redis does not answer in time, whatever the failure policy (a sign-in cannot be checked later).
   */
  async signIn<Data extends object>(session: SessionStore<Data>, user: string | number): Promise<RevocationMarker> {
    const name = String(user);
    if (name === '') throw new ConfigError('signIn needs a non-empty user id.');
    const generation = toGeneration(await this.#ask(this.#client.get(this.#generationKey(name))));
    this.#generations.set(name, generation);
    const marker: RevocationMarker = { user: name, generation, id: newSessionId() };
    await (session as unknown as SessionStore).aset(MARKER_KEY, markerValue(marker));
    return marker;
  }

  /**
   * Signs `user` out of every session they have, on every instance: this one at once, the others
   * within `cacheSeconds`. Returns the user's new generation.
   */
  async revokeUser(user: string | number): Promise<number> {
    const name = String(user);
    const generation = toGeneration(await this.#ask(this.#client.incr(this.#generationKey(name))));
    this.#generations.set(name, generation);
    return generation;
  }

  /**
   * Revokes this session and every copy of its cookie (the same id, however often re-signed) until
   * the last of them could have expired; then Redis forgets the entry. False when the session never
   * signed in through `signIn`. The session itself is left as it is: flush it to sign this browser out.
   */
  async revokeSession<Data extends object>(session: SessionStore<Data>): Promise<boolean> {
    const store = session as unknown as SessionStore;
    const marker = readMarker({ [MARKER_KEY]: (await store.aget(MARKER_KEY)) ?? null });
    if (!marker) return false;
    // Any cookie carrying this id was signed no later than now, so none outlives a cookie signed now,
    // however long its own expiry, plus the clock skew another instance may allow.
    const { maxAge, maxClockSkew } = store.settings;
    const ttl = Math.ceil(Math.max(store.getExpiryAge(), maxAge) + maxClockSkew);
    await this.#ask(this.#client.set(this.#revokedKey(marker.id), '1', ttl));
    this.#revoked.set(marker.id, true);
    return true;
  }

  /** A command for sign-in or revocation, bounded like every check; its failure is the caller's. */
  async #ask<T>(command: Promise<T>): Promise<T> {
    try {
      return await withDeadline(command, this.timeoutMs);
    } catch (error) {
      throw new ValidationUnavailable(
        `The revocation store did not answer: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
  }

  #generationKey(user: string): string {
    return `${this.prefix}user:${user}:generation`;
  }

  #revokedKey(id: string): string {
    return `${this.prefix}session:${id}:revoked`;
  }
}

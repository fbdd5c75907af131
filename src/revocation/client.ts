/**
 * The Redis the app already has, seen through the three commands revocation needs. The app passes its own
 * connected client, wrapped by one of the functions below; no client is a dependency of this package.
 */

/** What revocation asks of Redis: read a key, increment a counter, write a key that expires. */
export interface RevocationClient {
  /** The value of `key`, or null when it does not exist. */
  get(key: string): Promise<unknown>;
  /** Increments the integer at `key` (0 when absent) and returns the new value. */
  incr(key: string): Promise<unknown>;
  /** Writes `value` at `key`, to expire after `ttlSeconds` (a positive integer). */
  set(key: string, value: string, ttlSeconds: number): Promise<unknown>;
}

/** The part of a node-redis v5 client (`createClient()` from `redis`) that revocation uses. */
export interface NodeRedisLike {
  get(key: string): Promise<unknown>;
  incr(key: string): Promise<unknown>;
  set(key: string, value: string, options: { expiration: { type: 'EX'; value: number } }): Promise<unknown>;
}

/** The part of an ioredis client (`new Redis()` from `ioredis`) that revocation uses. */
export interface IoredisLike {
  get(key: string): Promise<unknown>;
  incr(key: string): Promise<unknown>;
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
}

/** The part of an HTTP Redis client in the style of Upstash's (`new Redis({ url, token })`) that revocation uses. */
export interface UpstashLike {
  get(key: string): Promise<unknown>;
  incr(key: string): Promise<unknown>;
  set(key: string, value: string, options: { ex: number }): Promise<unknown>;
}

/** Wraps a node-redis v5 client. */
export function nodeRedisClient(client: NodeRedisLike): RevocationClient {
  return {
    get: (key) => client.get(key),
    incr: (key) => client.incr(key),
    set: (key, value, ttlSeconds) => client.set(key, value, { expiration: { type: 'EX', value: ttlSeconds } }),
  };
}

/** Wraps an ioredis client. */
export function ioredisClient(client: IoredisLike): RevocationClient {
  return {
    get: (key) => client.get(key),
    incr: (key) => client.incr(key),
    set: (key, value, ttlSeconds) => client.set(key, value, 'EX', ttlSeconds),
  };
}

/** Wraps an Upstash-style HTTP client (for runtimes without TCP sockets, e.g. Workers). */
export function upstashClient(client: UpstashLike): RevocationClient {
  return {
    get: (key) => client.get(key),
    incr: (key) => client.incr(key),
    set: (key, value, ttlSeconds) => client.set(key, value, { ex: ttlSeconds }),
  };
}

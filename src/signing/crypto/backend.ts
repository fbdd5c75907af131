/**
 * The one seam between signing and the runtime: what signing needs (HMAC sign and verify, zlib deflate
 * and inflate), with a node implementation (node:crypto, node:zlib; every call synchronous) and a web one
 * (Web Crypto and CompressionStream, plus the plain-JS zlib codecs). A signer picks its back end once,
 * when it is built; everything above is written once, and only a back end's method may return a promise.
 */
import { RuntimeUnsupported } from '../errors.js';
import type { DerivedKey } from './derived-key.js';
import { nodeBackend } from './node.js';
import { nodeCrypto, nodeZlib } from './runtime.js';
import { webBackend } from './web.js';

/**
 * Which implementation the async API uses: `auto` prefers node:crypto and node:zlib where they exist,
 * `web` forces Web Crypto and CompressionStream (what Workers and browsers have), `node` requires node:crypto.
 */
export type CryptoBackend = 'auto' | 'node' | 'web';

/** How hard to compress: zlib's default level (what Django writes), or a faster form a few bytes longer. */
export type DeflateEffort = 'default' | 'fast';

/** What signing asks of the runtime. */
export interface SigningBackend {
  readonly name: 'node' | 'web';
  /** The MAC of the UTF-8 bytes of `message` as unpadded base64url. */
  sign(key: DerivedKey, message: string): string | Promise<string>;
  /** True if `signature` is the MAC of `message`, compared in constant time; false for a non-canonical one. */
  verify(key: DerivedKey, message: string, signature: string): boolean | Promise<boolean>;
  /** A zlib stream (RFC 1950) of `data`. */
  deflate(data: Uint8Array, effort: DeflateEffort): Uint8Array | Promise<Uint8Array>;
  /** The bytes of one complete zlib stream with nothing after it, at most `limit` of them; `PayloadError` otherwise. */
  inflate(data: Uint8Array, limit: number): Uint8Array;
}

/** A back end whose every method returns its result directly: what the sync API runs on. */
export interface SyncSigningBackend extends SigningBackend {
  sign(key: DerivedKey, message: string): string;
  verify(key: DerivedKey, message: string, signature: string): boolean;
  deflate(data: Uint8Array, effort: DeflateEffort): Uint8Array;
}

/** The back end of the sync API: node's (its methods throw `RuntimeUnsupported` where node:crypto is missing). */
export const syncBackend: SyncSigningBackend = nodeBackend;

/** The back end of the async API for a `crypto` option, chosen once per signer. */
export function chooseBackend(crypto: CryptoBackend): SigningBackend {
  if (crypto === 'web') return webBackend;
  if (crypto === 'node' && !nodeCrypto) {
    throw new RuntimeUnsupported(
      'crypto: "node" needs node:crypto, which this runtime does not provide; use "auto" or "web".',
    );
  }
  return nodeCrypto !== undefined && nodeZlib !== undefined ? nodeBackend : webBackend;
}

/** `value` as it is when it is not a promise: the sync API runs on `syncBackend`, which never returns one. */
export function synchronously<T>(value: T | Promise<T>): T {
  if (value instanceof Promise) throw new TypeError('Internal error: the sync back end returned a promise.');
  return value;
}

/** Applies `next` to a value or, once it settles, to a promise's value: async only where a back end is. */
export function then<T, R>(value: T | Promise<T>, next: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * `value` as a promise, without the ticks an `async` function spends adopting one: the async API's
 * entry points return this, and turn a throw into a rejection themselves.
 */
export function asPromise<T>(value: T | Promise<T>): Promise<T> {
  return value instanceof Promise ? value : Promise.resolve(value);
}

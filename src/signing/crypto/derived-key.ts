/**
 * Django's salted key derivation, `derived = HASH(utf8(salt + "signer") || secret)`, computed once per
 * (algorithm, salt, secret) and kept in a small bounded cache shared by every signer.
 */
import type { KeyObject } from 'node:crypto';
import { type Algorithm, type Secret, secretToBytes, WEB_HASH } from './keys.js';
import { type OneShotHmac, oneShotHmacFor } from './one-shot-hmac.js';
import { requireNodeCrypto } from './runtime.js';

const encoder = new TextEncoder();

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** One derived HMAC key, materialised lazily for node:crypto and for Web Crypto. */
export class DerivedKey {
  readonly algorithm: Algorithm;
  readonly #material: Uint8Array;
  #node: KeyObject | undefined;
  #oneShot: OneShotHmac | null | undefined;
  #web: Promise<CryptoKey> | undefined;
  #webKey: CryptoKey | undefined;

  constructor(algorithm: Algorithm, salt: string, secret: Secret) {
    this.algorithm = algorithm;
    this.#material = concat(encoder.encode(`${salt}signer`), secretToBytes(secret));
  }

  /** The key as a node:crypto KeyObject (sync). */
  node(): KeyObject {
    this.#node ??= requireNodeCrypto('Signing').createSecretKey(this.#nodeBytes());
    return this.#node;
  }

  /** The faster node:crypto HMAC for this key, where the runtime supports it (one-shot-hmac.ts). */
  oneShot(): OneShotHmac | undefined {
    if (this.#oneShot === undefined) this.#oneShot = oneShotHmacFor(this.algorithm, this.#nodeBytes()) ?? null;
    return this.#oneShot ?? undefined;
  }

  #nodeBytes(): Uint8Array {
    return requireNodeCrypto('Signing').createHash(this.algorithm).update(this.#material).digest();
  }

  /** The key as a Web Crypto HMAC key. */
  web(): Promise<CryptoKey> {
    if (!this.#web) {
      const hash = WEB_HASH[this.algorithm];
      this.#web = crypto.subtle
        .digest(hash, this.#material as Uint8Array<ArrayBuffer>)
        .then((raw) => crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash }, false, ['sign', 'verify']))
        .then((key) => (this.#webKey = key));
      // A failed import must not poison the cache.
      this.#web.catch(() => {
        this.#web = undefined;
      });
    }
    return this.#web;
  }

  /** The Web Crypto key once imported, so a signature need not wait a tick for a settled import. */
  webKey(): CryptoKey | undefined {
    return this.#webKey;
  }
}

const CACHE_LIMIT = 256;
const cache = new Map<string, DerivedKey>();
const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/**
 * The cache key: the algorithm (a fixed name without ":"), the salt's length and the salt, then the
 * secret's kind and the secret. The length prefix makes the split unambiguous whatever the salt and
 * secret contain, NUL included, so two signers never share an entry unless all three are equal.
 */
function cacheId(algorithm: Algorithm, salt: string, secret: Secret): string {
  return `${algorithm}:${salt.length}:${salt}${typeof secret === 'string' ? `s${secret}` : `b${latin1(secret)}`}`;
}

/** The derived key for (algorithm, salt, secret), from a bounded cache shared by every signer. */
export function derivedKey(algorithm: Algorithm, salt: string, secret: Secret): DerivedKey {
  const id = cacheId(algorithm, salt, secret);
  let key = cache.get(id);
  if (!key) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    key = new DerivedKey(algorithm, salt, secret);
    cache.set(id, key);
  }
  return key;
}

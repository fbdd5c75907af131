/**
 * Django's `salted_hmac(key_salt, value, secret, algorithm)`: HMAC of `value` under the key
 * `HASH(key_salt + secret)`. The sync form runs on node:crypto; the async form on node:crypto where it
 * exists and on Web Crypto elsewhere (or when asked).
 */
import { chooseBackend, type CryptoBackend } from '../signing/crypto/backend.js';
import { type Algorithm, checkAlgorithm, type Secret, secretToBytes, WEB_HASH } from '../signing/crypto/keys.js';
import { requireNodeCrypto } from '../signing/crypto/runtime.js';

const encoder = new TextEncoder();

function keyMaterial(keySalt: string, secret: Secret): Uint8Array<ArrayBuffer> {
  const salt = encoder.encode(keySalt);
  const secretBytes = secretToBytes(secret);
  const material = new Uint8Array(salt.length + secretBytes.length);
  material.set(salt, 0);
  material.set(secretBytes, salt.length);
  return material;
}

/** The MAC bytes of Django's `salted_hmac` (sync, node:crypto). Django's default algorithm is sha1. */
export function saltedHmac(
  keySalt: string,
  value: string | Uint8Array,
  secret: Secret,
  algorithm: Algorithm = 'sha1',
): Uint8Array {
  checkAlgorithm(algorithm);
  const crypto = requireNodeCrypto('saltedHmac');
  const key = crypto.createHash(algorithm).update(keyMaterial(keySalt, secret)).digest();
  return new Uint8Array(crypto.createHmac(algorithm, key).update(value).digest());
}

/** `saltedHmac` with the async API: Web Crypto where node:crypto is absent or `backend` is `web`. */
export async function asaltedHmac(
  keySalt: string,
  value: string | Uint8Array,
  secret: Secret,
  algorithm: Algorithm = 'sha1',
  backend: CryptoBackend = 'auto',
): Promise<Uint8Array> {
  checkAlgorithm(algorithm);
  if (chooseBackend(backend).name === 'node') return saltedHmac(keySalt, value, secret, algorithm);
  const hash = WEB_HASH[algorithm];
  const raw = await crypto.subtle.digest(hash, keyMaterial(keySalt, secret));
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash }, false, ['sign']);
  const message = typeof value === 'string' ? encoder.encode(value) : value;
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, message as Uint8Array<ArrayBuffer>));
}

/** Python's `hexdigest()`: lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

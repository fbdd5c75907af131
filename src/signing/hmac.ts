/**
 * HMAC signatures as unpadded base64url text, on two back ends: node:crypto (sync, also used by the async
 * API where it exists; two one-shot digests where the runtime has them, see one-shot-hmac.ts, else
 * `createHmac`) and Web Crypto (async only). Verification never compares MAC material with `===`:
 * node uses `timingSafeEqual` on equal-length buffers, Web Crypto uses `subtle.verify`.
 */
import { decodeBase64Url, encodeBase64Url, isCanonicalBase64Url } from './base64url.js';
import type { DerivedKey } from './derived-key.js';
import { requireNodeCrypto } from './runtime.js';

const encoder = new TextEncoder();

export function signNode(key: DerivedKey, message: string): string {
  const oneShot = key.oneShot();
  if (oneShot) return oneShot.sign(message);
  return requireNodeCrypto('Signing').createHmac(key.algorithm, key.node()).update(message).digest('base64url');
}

export function verifyNode(key: DerivedKey, message: string, signature: string): boolean {
  const crypto = requireNodeCrypto('Verifying');
  // Strict form first: a signature with other spare bits or padding is refused without an HMAC.
  const oneShot = key.oneShot();
  if (oneShot) return isCanonicalBase64Url(signature) && oneShot.verify(message, signature);
  const given = decodeBase64Url(signature);
  if (given === undefined) return false;
  const expected = crypto.createHmac(key.algorithm, key.node()).update(message).digest();
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export async function signWeb(key: DerivedKey, message: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await key.web(), encoder.encode(message));
  return encodeBase64Url(new Uint8Array(mac));
}

export async function verifyWeb(key: DerivedKey, message: string, signature: string): Promise<boolean> {
  // Strict decoding makes the check equivalent to Django's comparison of base64 text: a signature with
  // different spare bits or padding decodes to nothing and is refused.
  const given = decodeBase64Url(signature);
  if (!given) return false;
  return crypto.subtle.verify('HMAC', await key.web(), given as Uint8Array<ArrayBuffer>, encoder.encode(message));
}

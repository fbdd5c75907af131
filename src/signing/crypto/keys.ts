/**
 * Secrets and algorithms, checked once when a signer is made (key derivation is in derived-key.ts).
 */
import { ConfigError, InvalidAlgorithm } from '../errors.js';

/** A signing secret: a string (UTF-8 encoded, as Django encodes `SECRET_KEY`) or raw bytes. */
export type Secret = string | Uint8Array;

/** Hash algorithms a signer may use. sha256 is the default; the others only when asked for. */
export type Algorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Web Crypto names of the hashes. */
export const WEB_HASH: Record<Algorithm, string> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/** Length of the unpadded base64url signature each algorithm produces. */
export const SIGNATURE_LENGTH: Record<Algorithm, number> = { sha1: 27, sha256: 43, sha384: 64, sha512: 86 };

export function checkAlgorithm(name: unknown): Algorithm {
  if (typeof name === 'string' && Object.hasOwn(WEB_HASH, name)) return name as Algorithm;
  throw new InvalidAlgorithm(
    `'${String(name)}' is not a supported algorithm; use sha256 (default), sha1, sha384 or sha512.`,
  );
}

const encoder = new TextEncoder();

export function secretToBytes(secret: Secret): Uint8Array {
  return typeof secret === 'string' ? encoder.encode(secret) : secret;
}

/** Refuses a missing, empty or blank secret: Node would sign with an empty key, Web Crypto would throw. */
export function checkSecret(secret: unknown, what: string): asserts secret is Secret {
  if (secret instanceof Uint8Array) {
    if (secret.length === 0) throw new ConfigError(`${what} is empty.`);
    return;
  }
  if (typeof secret !== 'string')
    throw new ConfigError(`${what} must be a string or a Uint8Array, got ${secret === null ? 'null' : typeof secret}.`);
  if (secret.trim() === '') throw new ConfigError(`${what} is empty or blank.`);
}

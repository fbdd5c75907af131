/**
 * Django's `check_password` and `make_password` for the hashers node:crypto can run: `pbkdf2_sha256`
 * (Django's default), `pbkdf2_sha1` and `scrypt`. Other hashers (argon2, bcrypt, the legacy unsalted
 * ones) throw `UnsupportedHasher` naming the hasher, so a wrong "password incorrect" is never reported
 * for a hash this library cannot check.
 */
import { ConfigError } from '../signing/errors.js';
import { requireNodeCrypto } from '../signing/crypto/runtime.js';
import { constantTimeEqual } from './constant-time.js';
import { UnsupportedHasher } from './errors.js';

/** The hashers `makePassword` can write. */
export type PasswordHasher = 'pbkdf2_sha256' | 'pbkdf2_sha1' | 'scrypt';

/** Django's `UNUSABLE_PASSWORD_PREFIX`: `set_unusable_password()` hashes start with it. */
export const UNUSABLE_PASSWORD_PREFIX = '!';
/** Django 5.2's `PBKDF2PasswordHasher.iterations` (4.2: 600000). */
export const PBKDF2_ITERATIONS = 1_000_000;
/** Django 5.2's `ScryptPasswordHasher` parameters (4.2: parallelism 1). */
export const SCRYPT = { workFactor: 2 ** 14, blockSize: 8, parallelism: 5 } as const;

export interface MakePasswordOptions {
  /** The hasher (`pbkdf2_sha256`). */
  hasher?: PasswordHasher;
  /** A salt of letters and digits; 22 random ones (Django's 128 bits) by default. */
  salt?: string;
  /** PBKDF2 iterations (Django 5.2's 1000000) or the scrypt work factor N (16384). */
  iterations?: number;
}

const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const encoder = new TextEncoder();
// Checking a stored hash may not cost without bound: Django's own parameters fit well under these.
const MAX_ITERATIONS = 100_000_000;
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;

/** Django's `BasePasswordHasher.salt()`: 22 characters of the 62-letter alphabet, at least 128 bits. */
function randomSalt(): string {
  let out = '';
  while (out.length < 22) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32)))
      if (byte < 248 && out.length < 22) out += SALT_CHARS[byte % 62];
  }
  return out;
}

/** Django's `identify_hasher` name for an encoded password. */
export function hasherOf(encoded: string): string {
  if ((encoded.length === 32 && !encoded.includes('$')) || (encoded.length === 37 && encoded.startsWith('md5$$')))
    return 'unsalted_md5';
  if (encoded.length === 46 && encoded.startsWith('sha1$$')) return 'unsalted_sha1';
  return encoded.split('$', 1)[0]!;
}

function pbkdf2(password: string, salt: string, iterations: number, digest: 'sha256' | 'sha1'): Promise<string> {
  const crypto = requireNodeCrypto('checkPassword');
  // Django's dklen is the digest size (`dklen=None`).
  const length = digest === 'sha256' ? 32 : 20;
  return new Promise((resolve, reject) =>
    crypto.pbkdf2(encoder.encode(password), encoder.encode(salt), iterations, length, digest, (error, key) =>
      error ? reject(error) : resolve(key.toString('base64')),
    ),
  );
}

function scrypt(password: string, salt: string, n: number, r: number, p: number): Promise<string> {
  const crypto = requireNodeCrypto('checkPassword');
  const maxmem = 128 * n * r + 128 * r * p + 1024 * 1024;
  if (maxmem > MAX_SCRYPT_MEMORY)
    return Promise.reject(new RangeError(`scrypt parameters N=${n}, r=${r} need more than 1 GiB.`));
  return new Promise((resolve, reject) =>
    crypto.scrypt(encoder.encode(password), encoder.encode(salt), 64, { N: n, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key.toString('base64')),
    ),
  );
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 && n <= MAX_ITERATIONS ? n : undefined;
}

/** The same encoding of `password` under the parameters of `encoded`, or undefined when those are malformed. */
async function reencode(password: string, encoded: string, algorithm: string): Promise<string | undefined> {
  const parts = encoded.split('$');
  if (algorithm === 'pbkdf2_sha256' || algorithm === 'pbkdf2_sha1') {
    const [, iterations, salt] = parts;
    const n = positiveInteger(iterations);
    if (parts.length !== 4 || n === undefined || !salt) return undefined;
    return `${algorithm}$${n}$${salt}$${await pbkdf2(password, salt, n, algorithm === 'pbkdf2_sha256' ? 'sha256' : 'sha1')}`;
  }
  const [, nText, salt, rText, pText] = parts;
  const [n, r, p] = [positiveInteger(nText), positiveInteger(rText), positiveInteger(pText)];
  if (
    parts.length !== 6 ||
    n === undefined ||
    r === undefined ||
    p === undefined ||
    !salt ||
    (n & (n - 1)) !== 0 ||
    n < 2
  )
    return undefined;
  return `scrypt$${n}$${salt}$${r}$${p}$${await scrypt(password, salt, n, r, p)}`;
}

/**
 * Django's `check_password(password, encoded)`: whether the password matches the stored hash, compared
 * in constant time. False for an unusable password (`!...`) and for a malformed hash of a known hasher;
 * `UnsupportedHasher` for a hash made by a hasher node:crypto cannot run.
 */
export async function checkPassword(password: string, encoded: string | null | undefined): Promise<boolean> {
  if (typeof password !== 'string' || typeof encoded !== 'string' || encoded.startsWith(UNUSABLE_PASSWORD_PREFIX))
    return false;
  const algorithm = hasherOf(encoded);
  if (algorithm !== 'pbkdf2_sha256' && algorithm !== 'pbkdf2_sha1' && algorithm !== 'scrypt') {
    throw new UnsupportedHasher(
      algorithm,
      `This password was hashed with Django's "${algorithm}" hasher, which needs a library beyond node:crypto; checkPassword runs pbkdf2_sha256, pbkdf2_sha1 and scrypt. Let Django check it (it rehashes with the first of PASSWORD_HASHERS at the next login), or put one of those first in PASSWORD_HASHERS.`,
    );
  }
  const again = await reencode(password, encoded, algorithm);
  return again !== undefined && constantTimeEqual(again, encoded);
}

/** Django's `make_password(password)`: the encoded hash to store, in Django's format. */
export async function makePassword(password: string, options: MakePasswordOptions = {}): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('The password must be a string.');
  const hasher = options.hasher ?? 'pbkdf2_sha256';
  const salt = options.salt ?? randomSalt();
  if (!salt || salt.includes('$')) throw new ConfigError('The salt must be provided and cannot contain $.');
  if (hasher === 'scrypt') {
    const n = options.iterations ?? SCRYPT.workFactor;
    const { blockSize: r, parallelism: p } = SCRYPT;
    return `scrypt$${n}$${salt}$${r}$${p}$${await scrypt(password, salt, n, r, p)}`;
  }
  if (hasher !== 'pbkdf2_sha256' && hasher !== 'pbkdf2_sha1')
    throw new UnsupportedHasher(
      String(hasher),
      `makePassword cannot write "${String(hasher)}" hashes: use pbkdf2_sha256, pbkdf2_sha1 or scrypt.`,
    );
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  return `${hasher}$${iterations}$${salt}$${await pbkdf2(password, salt, iterations, hasher === 'pbkdf2_sha256' ? 'sha256' : 'sha1')}`;
}

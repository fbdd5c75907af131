/**
 * Secret strength: the hard minimum (32 bytes) is enforced in settings.ts; these are warnings for what is
 * really weak, and a generator for strong secrets. The advice everywhere is `generateSecret()` (or the
 * CLI's `secret`); 32 random bytes as base64url (43 characters) is the least that passes without a warning.
 */
import { type Secret, secretToBytes } from '../signing/crypto/keys.js';

const PLACEHOLDERS = [
  'keyboard cat',
  'secret',
  'changeme',
  'change-me',
  'changethis',
  'password',
  'your-secret-key',
  'supersecret',
  'mysecret',
  'development',
  'test',
];
/** Placeholder words, without separators, longest first (so "supersecret" goes before "secret"). */
const PLACEHOLDER_WORDS = [...new Set(PLACEHOLDERS.map((p) => p.replace(/[^a-z]/g, '')))].sort(
  (a, b) => b.length - a.length,
);

/** 32 random bytes in base64url: the shortest string secret that carries 256 bits. */
export const MIN_SECRET_CHARACTERS = 43;
/** Below this many bits of estimated entropy a secret warns; 32 random bytes carry 256. */
export const MIN_SECRET_BITS = 128;
/** A secret holding a placeholder word must have this many other characters besides separators. */
const MIN_BESIDES_PLACEHOLDERS = 32;
const SEPARATORS = /[\s\-_.]/g;

/** Why a secret looks weak, as sentences; empty when it does not. Never includes the secret. */
export function secretWarnings(secret: Secret, what: string): string[] {
  const isString = typeof secret === 'string';
  const text = isString ? secret : String.fromCharCode(...secretToBytes(secret));
  const warnings: string[] = [];
  if (isString && text.length < MIN_SECRET_CHARACTERS) {
    warnings.push(
      `${what} has fewer than ${MIN_SECRET_CHARACTERS} characters, the length of 32 random bytes in base64url; use generateSecret().`,
    );
  }
  if (new Set(text).size < 5) warnings.push(`${what} has fewer than 5 distinct characters (Django's security.W009).`);
  if (text.startsWith('django-insecure-'))
    warnings.push(`${what} starts with "django-insecure-": Django generated it for development only.`);
  const period = smallestPeriod(text);
  if (period !== undefined) warnings.push(`${what} repeats the same ${period} characters.`);
  if (isPlaceholder(text)) warnings.push(`${what} looks like a placeholder.`);
  const bits = Math.floor(entropyBits(text));
  if (bits < MIN_SECRET_BITS)
    warnings.push(
      `${what} has about ${bits} bits of entropy by its character frequencies; use generateSecret() (32 random bytes carry 256).`,
    );
  return warnings;
}

/** The length of the shortest pattern `text` repeats (the last repetition may be cut short), if any. */
function smallestPeriod(text: string): number | undefined {
  // Knuth-Morris-Pratt failure function: text has period n - border(n).
  const n = text.length;
  if (n < 2) return undefined;
  const border = new Int32Array(n);
  for (let i = 1, k = 0; i < n; i++) {
    while (k > 0 && text[i] !== text[k]) k = border[k - 1]!;
    if (text[i] === text[k]) k++;
    border[i] = k;
  }
  const period = n - border[n - 1]!;
  return period * 2 <= n ? period : undefined;
}

/** True when `text` holds placeholder words (case and separators ignored) and little else: "changeme" × 7 too. */
function isPlaceholder(text: string): boolean {
  const squeezed = text.toLowerCase().replace(SEPARATORS, '');
  let rest = squeezed;
  for (const word of PLACEHOLDER_WORDS) rest = rest.split(word).join('');
  return rest.length < squeezed.length && rest.length < MIN_BESIDES_PLACEHOLDERS;
}

/** Shannon entropy of the character frequencies times the length: an upper bound for random text, low for skewed text. */
function entropyBits(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...text].length;
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / n);
  return bits;
}

/**
 * A new strong secret: 64 random bytes from the platform CSPRNG, as base64url (86 characters). Works on
 * every runtime with Web Crypto. The CLI's `secret` prints the same.
 */
export function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(64));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

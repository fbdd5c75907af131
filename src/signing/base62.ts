/**
 * Base 62 as Django's `b62_encode`/`b62_decode` (digits, then A–Z, then a–z), used for timestamps.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const VALID = /^-?[0-9A-Za-z]+$/;
/** The canonical form of a non-negative timestamp: no sign, no leading zero, at most 9 digits (< 2^53). */
const CANONICAL_TIMESTAMP = /^(?:0|[1-9A-Za-z][0-9A-Za-z]{0,8})$/;

/** Encodes a safe integer; negative numbers get a leading "-", as in Django. */
export function b62Encode(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`b62Encode needs a safe integer, got ${value}`);
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  let n = Math.abs(value);
  let out = '';
  while (n > 0) {
    out = DIGITS[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return sign + out;
}

/** Decodes Django's base 62; refuses "", "-", characters outside the alphabet and values beyond 2^53. */
export function b62Decode(text: string): number {
  if (!VALID.test(text)) throw new RangeError('Invalid base62 encoded string.');
  const negative = text.startsWith('-');
  let n = 0;
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    n = n * 62 + DIGITS.indexOf(text[i]!);
  }
  if (!Number.isSafeInteger(n)) throw new RangeError('Base62 value out of the safe integer range.');
  return negative ? -n : n;
}

/** Parses a token timestamp strictly: undefined unless it is the canonical spelling of a value < 2^53. */
export function parseTimestamp(text: string): number | undefined {
  if (!CANONICAL_TIMESTAMP.test(text)) return undefined;
  let n = 0;
  for (let i = 0; i < text.length; i++) n = n * 62 + DIGITS.indexOf(text[i]!);
  return Number.isSafeInteger(n) ? n : undefined;
}

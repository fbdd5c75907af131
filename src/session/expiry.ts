/**
 * `_session_expiry`, as Django 4.1+ stores it: seconds (a number; 0 means "at browser close") or an
 * absolute date as a Python `isoformat()` string with offset.
 */
import type { Duration } from '../signing/duration.js';

export { type Duration, durationMs } from '../signing/duration.js';

/** What `setExpiry` accepts: seconds (0 = browser close, negative = already expired), a Date, a Duration, or null to reset. */
export type ExpiryValue = number | Date | Duration | null;

/** What is stored under `_session_expiry`. */
export type StoredExpiry = number | string;

export const EXPIRY_KEY = '_session_expiry';
/** When the session was first saved (seconds), kept only with `absoluteMaxAge`. */
export const CREATED_KEY = '_session_created';

/** Python's `datetime.isoformat()` of an aware UTC datetime: microseconds only when non-zero, `+00:00`. */
export function toPythonIso(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new RangeError('Invalid Date.');
  const iso = date.toISOString();
  if (iso.length !== 24) throw new RangeError('Python datetimes cover the years 1 to 9999 only.');
  const ms = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${ms === '000' ? '' : `.${ms}000`}+00:00`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?$/;

/**
 * Parses what Python's `datetime.fromisoformat` reads from Django (`isoformat()` output), to epoch ms.
 * A naive value (no offset, written by Django with `USE_TZ = False`) is taken as UTC. Undefined if invalid.
 */
export function parsePythonIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s, Math.floor(Number(frac.padEnd(6, '0')) / 1000));
  if (!Number.isFinite(ms) || +mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h! > 23 || +mi! > 59 || +s > 59) return undefined;
  if (new Date(ms).getUTCDate() !== +d!) return undefined;
  if (zone === 'Z') return ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [zh = '0', zm = '0', zs = '0'] = zone.slice(1).split(':');
  return ms - sign * ((+zh * 60 + +zm) * 60 + +zs) * 1000;
}

/** True if `value` is a `_session_expiry` this library can honour. */
export function isValidStoredExpiry(value: unknown): value is StoredExpiry | null | undefined {
  if (value === undefined || value === null) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && parsePythonIso(value) !== undefined;
}

/**
 * When a session signed at `signedAt` (seconds) stops being valid, in seconds: an absolute date as stored,
 * a non-zero number of seconds after signing, or `maxAge` after signing (no expiry, or 0 = browser close).
 * This is Django's rule from ticket #27775, which released Django (≤ 6.1) does not enforce.
 */
export function expiresAt(signedAt: number, expiry: StoredExpiry | null | undefined, maxAge: number): number {
  if (typeof expiry === 'string') return (parsePythonIso(expiry) ?? -Infinity) / 1000;
  if (typeof expiry === 'number' && expiry !== 0) return signedAt + expiry;
  return signedAt + maxAge;
}

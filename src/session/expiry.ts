/**
 * `_session_expiry`, as Django 4.1+ stores it: seconds (a number; 0 means "at browser close") or an
 * absolute date as a Python `isoformat()` string: with an offset under `USE_TZ = True`, naive (the wall
 * clock of `TIME_ZONE`) under `USE_TZ = False`.
 */
import type { Duration } from '../signing/duration.js';
import { ConfigError } from '../signing/errors.js';

export { type Duration, durationMs } from '../signing/duration.js';

/** What `setExpiry` accepts: seconds (0 = browser close, negative = already expired), a Date, a Duration, or null to reset. */
export type ExpiryValue = number | Date | Duration | null;

/** What is stored under `_session_expiry`. */
export type StoredExpiry = number | string;

export const EXPIRY_KEY = '_session_expiry';
/** When the session was first saved (seconds), kept only with `absoluteMaxAge`. */
export const CREATED_KEY = '_session_created';

/** Django's `USE_TZ` and `TIME_ZONE`: how dates are written into and read from `_session_expiry`. */
export interface TimeSettings {
  /** Django's `USE_TZ`: aware dates (`+00:00`) when true, naive wall-clock dates in `timeZone` when false. */
  readonly useTz: boolean;
  /** Django's `TIME_ZONE`, an IANA name: the zone of naive dates. */
  readonly timeZone: string;
}

/** Django 5.2's defaults: `USE_TZ = True`, `TIME_ZONE = "America/Chicago"` (global_settings). */
export const DJANGO_TIME: TimeSettings = { useTz: true, timeZone: 'America/Chicago' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (wall clock minus UTC). */
function offsetMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(epochMs)) parts[type] = Number(value);
  const wall = Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day']!,
    parts['hour']!,
    parts['minute']!,
    parts['second']!,
  );
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** A wall-clock time in the zone (as ms of a UTC date) to the instant; in a gap or overlap, the earlier offset. */
function wallToEpoch(wallMs: number, timeZone: string): number {
  const first = wallMs - offsetMs(wallMs, timeZone);
  const second = wallMs - offsetMs(first, timeZone);
  return Math.min(first, second);
}

/** Refuses a zone this runtime cannot convert (an unknown name, or Intl without time-zone data). */
export function checkTimeSettings(useTz: unknown, timeZone: unknown): TimeSettings {
  if (typeof useTz !== 'boolean')
    throw new ConfigError(`useTz must be true or false (Django's USE_TZ), got ${String(useTz)}.`);
  if (typeof timeZone !== 'string' || timeZone === '')
    throw new ConfigError(`timeZone must be an IANA time zone name (Django's TIME_ZONE), got ${String(timeZone)}.`);
  try {
    formatter(timeZone);
  } catch {
    throw new ConfigError(
      `timeZone "${timeZone}" is not a time zone this runtime knows (an IANA name such as "Europe/Paris" or "UTC"; Node needs its full ICU data).`,
    );
  }
  return { useTz, timeZone };
}

/**
 * Python's `datetime.isoformat()` of the expiry Django would store: aware UTC (`+00:00`) with `useTz`,
 * else the naive wall clock of `timeZone`; microseconds only when non-zero.
 */
export function toPythonIso(date: Date, time: TimeSettings = DJANGO_TIME): string {
  const epoch = date.getTime();
  if (!Number.isFinite(epoch)) throw new RangeError('Invalid Date.');
  const shown = time.useTz ? epoch : epoch + offsetMs(epoch, time.timeZone);
  const iso = new Date(shown).toISOString();
  if (iso.length !== 24) throw new RangeError('Python datetimes cover the years 1 to 9999 only.');
  const ms = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${ms === '000' ? '' : `.${ms}000`}${time.useTz ? '+00:00' : ''}`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?$/;

/**
 * Parses what Python's `datetime.fromisoformat` reads from Django (`isoformat()` output), to epoch ms.
 * A naive value (no offset, written by Django with `USE_TZ = False`) is the wall clock of `timeZone`.
 * Undefined if invalid.
 */
export function parsePythonIso(text: string, timeZone = DJANGO_TIME.timeZone): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s, Math.floor(Number(frac.padEnd(6, '0')) / 1000));
  if (!Number.isFinite(ms) || +mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h! > 23 || +mi! > 59 || +s > 59)
    return undefined;
  if (new Date(ms).getUTCDate() !== +d!) return undefined;
  if (m[8] === undefined) return wallToEpoch(ms, timeZone);
  if (zone === 'Z') return ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [zh = '0', zm = '0', zs = '0'] = zone.slice(1).split(':');
  return ms - sign * ((+zh * 60 + +zm) * 60 + +zs) * 1000;
}

/** True if `value` is a `_session_expiry` this library can honour. */
export function isValidStoredExpiry(value: unknown, timeZone?: string): value is StoredExpiry | null | undefined {
  if (value === undefined || value === null) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && parsePythonIso(value, timeZone) !== undefined;
}

/**
 * When a session signed at `signedAt` (seconds) stops being valid, in seconds.
 *
 * By default, when either limit passes: the cookie age (`maxAge`, Django's `SESSION_COOKIE_AGE`, which
 * every released Django checks on load) or the session's own `_session_expiry` (an absolute date as
 * stored, or a non-zero number of seconds after signing), whichever comes first: nothing a released
 * Django or Django main refuses is served. With `ownExpiryReplacesMaxAge`, Django main's rule (ticket
 * #27775): a session's own expiry replaces the cookie age, so `setExpiry(30 days)` lives 30 days under a
 * 14-day `maxAge`.
 */
export function expiresAt(
  signedAt: number,
  expiry: StoredExpiry | null | undefined,
  maxAge: number,
  ownExpiryReplacesMaxAge = false,
  timeZone?: string,
): number {
  const byAge = signedAt + maxAge;
  let own: number;
  if (typeof expiry === 'string') own = (parsePythonIso(expiry, timeZone) ?? -Infinity) / 1000;
  else if (typeof expiry === 'number' && expiry !== 0) own = signedAt + expiry;
  else return byAge;
  return ownExpiryReplacesMaxAge ? own : Math.min(own, byAge);
}

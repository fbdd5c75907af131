/**
 * Lengths of time given as seconds or as a `Duration` (Python's `timedelta`): what `setExpiry`, `maxAge`
 * and `maxClockSkew` accept. It lives in signing, the lowest layer, so the signers and the session share it.
 */

/** A relative length of time, like Python's `timedelta`. */
export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/** Seconds, or a `Duration`. */
export type Seconds = number | Duration;

const UNITS: ReadonlySet<string> = new Set<keyof Duration>(['days', 'hours', 'minutes', 'seconds', 'milliseconds']);

export function durationMs(d: Duration): number {
  const ms =
    (d.days ?? 0) * 86_400_000 +
    (d.hours ?? 0) * 3_600_000 +
    (d.minutes ?? 0) * 60_000 +
    (d.seconds ?? 0) * 1000 +
    (d.milliseconds ?? 0);
  if (!Number.isFinite(ms)) throw new RangeError('The duration is not a finite length of time.');
  return ms;
}

/**
 * `value` in seconds, failing closed: a finite number, or a plain object whose every key is a `Duration`
 * unit holding a finite number. Anything else (NaN, Infinity, a string, a Date, `{ hour: 1 }`) is a
 * `TypeError`: a comparison with it would be false, and a limit that never applies accepts every token.
 */
export function toSeconds(value: unknown, what: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (isDuration(value)) {
    return durationMs(value) / 1000;
  }
  throw new TypeError(
    `${what} must be a finite number of seconds or a Duration such as { hours: 1 }, got ${describe(value)}.`,
  );
}

function isDuration(value: unknown): value is Duration {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => UNITS.has(k) && Number.isFinite((value as Record<string, unknown>)[k]));
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') return 'an object that is not a Duration';
  return `a ${typeof value}`;
}

/**
 * JSON exactly as Django's `JSONSerializer` writes it (`json.dumps(obj, separators=(",", ":"))`):
 * compact, ASCII-only (`\uXXXX` for DEL and everything beyond), Python's float spelling.
 *
 * The writer runs the native `JSON.stringify` and patches its output only where Python differs, so the
 * common case costs one validation walk plus native serialisation; the walk that names the path of a
 * refused value runs only once the fast one has refused.
 */
import { PayloadTooLarge } from './errors.js';
import { nodeBuffer } from './crypto/runtime.js';
import { isForbiddenKey, MAX_DEPTH, prototypeIsPolluted, RawJson } from './json-value.js';

const NodeBuffer = nodeBuffer?.Buffer;
const byteLength = NodeBuffer && ((text: string) => NodeBuffer.byteLength(text, 'utf8'));
const NON_ASCII = /[\u007f-\uffff]/;
/** What Python's `ensure_ascii` escapes: DEL and beyond. */
const NON_ASCII_ALL = /[\u007f-\uffff]/g;
const HEX = '0123456789abcdef';

/** True if `text` has a character Python's `ensure_ascii` escapes (DEL and beyond). */
function hasNonAscii(text: string): boolean {
  // Where node:buffer exists its native UTF-8 length is faster than the regex: equal lengths mean
  // every character is below U+0080, leaving only DEL to look for.
  if (byteLength) return byteLength(text) !== text.length || text.includes('\u007f');
  return NON_ASCII.test(text);
}

function escapeNonAscii(text: string): string {
  if (!hasNonAscii(text)) return text;
  // Without the `u` flag each UTF-16 unit is one character, so astral characters become a surrogate pair
  // of escapes, exactly as Python writes them. A loop over the matches with a hex table takes less time
  // than `replace` with a callback (bench/RESULTS.md).
  let escaped = '';
  let last = 0;
  NON_ASCII_ALL.lastIndex = 0;
  for (let match = NON_ASCII_ALL.exec(text); match !== null; match = NON_ASCII_ALL.exec(text)) {
    const at = match.index;
    const c = text.charCodeAt(at);
    escaped += `${text.slice(last, at)}\\u${HEX[c >> 12]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
    last = at + 1;
  }
  return escaped + text.slice(last);
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16 up. */
export function pythonFloatRepr(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  if (x === 0) return '0.0';
  const negative = x < 0;
  const [mantissa = '', exp = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const point = Number(exp) + 1; // value = 0.<digits> × 10^point
  let body: string;
  if (point <= -4 || point > 16) {
    const e = point - 1;
    body = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else if (point <= 0) {
    body = `0.${'0'.repeat(-point)}${digits}`;
  } else if (point < digits.length) {
    body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  } else {
    body = `${digits}${'0'.repeat(point - digits.length)}.0`;
  }
  return negative ? `-${body}` : body;
}

/**
 * How a JS number is written: safe integers as integers (Python `int`), everything else as Python writes
 * a float. An integral value beyond 2^53 is written as a float (`1e+16`), never as digits our own reader
 * would refuse as an unsafe integer.
 */
function formatNumber(x: number): string {
  return Number.isSafeInteger(x) && !Object.is(x, -0) ? String(x) : pythonFloatRepr(x);
}

/** True where native `JSON.stringify` spells the number differently from `formatNumber`. */
function nativeDiffers(x: number): boolean {
  if (Number.isSafeInteger(x)) return Object.is(x, -0);
  const a = Math.abs(x);
  return Number.isInteger(x) || a < 1e-4 || a >= 1e16;
}

function typeName(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return (value.constructor as { name?: string } | undefined)?.name ?? 'object';
}

/** Thrown by the fast walk; the slow walk then finds the path and the message. */
const INVALID = Symbol('invalid');

/**
 * Validates a value for writing, fast: no path strings, no key arrays. Returns true when some number
 * needs Python's spelling; throws INVALID on anything refused, and `describeInvalid` then says what and
 * where. `inherited`: whether `for…in` lists keys of `Object.prototype` too (prototype pollution).
 */
function checkWritable(value: unknown, depth: number, bigints: boolean, inherited: boolean): boolean {
  const type = typeof value;
  if (type === 'string' || type === 'boolean') return false;
  if (type === 'number') {
    if (!Number.isFinite(value)) throw INVALID;
    return nativeDiffers(value as number);
  }
  if (type !== 'object') {
    if (type === 'bigint' && bigints) return true;
    throw INVALID;
  }
  if (value === null) return false;
  if (value instanceof RawJson) return true;
  if (depth >= MAX_DEPTH) throw INVALID;
  let fix = false;
  if (Array.isArray(value)) {
    // A hole reads as undefined, refused above.
    for (let i = 0; i < value.length; i++) if (checkWritable(value[i], depth + 1, bigints, inherited)) fix = true;
    // JSON writes an array's elements only: a named property would be dropped.
    if (Object.keys(value).length !== value.length) throw INVALID;
    return fix;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw INVALID;
  for (const key in value) {
    if (inherited && !Object.hasOwn(value, key)) continue;
    if (isForbiddenKey(key)) throw INVALID;
    if (checkWritable((value as Record<string, unknown>)[key], depth + 1, bigints, inherited)) fix = true;
  }
  return fix;
}

/** The slow walk, run only after the fast one refused: throws the error that names the path. */
function describeInvalid(value: unknown, depth: number, path: string, bigints: boolean): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`Cannot serialize ${value} at ${path}: JSON has no NaN or Infinity.`);
      return;
    case 'bigint':
      if (!bigints)
        throw new TypeError(
          `A BigInt at ${path} is not allowed here (a session stores one with the bigIntegers: 'bigint' option).`,
        );
      return;
    case 'object': {
      if (value === null || value instanceof RawJson) return;
      if (depth >= MAX_DEPTH) throw new PayloadTooLarge(`Nesting deeper than ${MAX_DEPTH} levels at ${path}.`);
      if (Array.isArray(value)) {
        const extra = Object.keys(value).find((key) => !/^(0|[1-9]\d*)$/.test(key));
        if (extra !== undefined)
          throw new TypeError(
            `The array at ${path} has a property "${extra}", which JSON would drop; store an object instead.`,
          );
        if (Object.keys(value).length !== value.length)
          throw new TypeError(`The array at ${path} has holes, which JSON would write as null.`);
        for (let i = 0; i < value.length; i++) describeInvalid(value[i], depth + 1, `${path}[${i}]`, bigints);
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(
          `Object of type ${typeName(value)} at ${path} is not JSON serializable; store plain objects, arrays, strings, numbers, booleans and null.`,
        );
      }
      for (const key of Object.keys(value)) {
        if (isForbiddenKey(key)) throw new TypeError(`The key "${key}" at ${path} is not allowed in signed data.`);
        describeInvalid((value as Record<string, unknown>)[key], depth + 1, `${path}.${key}`, bigints);
      }
      return;
    }
    default:
      throw new TypeError(`Object of type ${typeName(value)} at ${path} is not JSON serializable.`);
  }
}

/** Validates for writing; returns whether a value needs the slow writer; throws a descriptive error. */
function validateWritable(value: unknown, path: string, depth = 0, bigints = true): boolean {
  try {
    return checkWritable(value, depth, bigints, prototypeIsPolluted());
  } catch (error) {
    if (error !== INVALID) throw error;
    describeInvalid(value, depth, path, bigints);
    throw new TypeError(`The value at ${path} cannot be serialized.`);
  }
}

function serializeSlow(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return String(value);
  if (value instanceof RawJson) return value.text;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serializeSlow).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) parts.push(`${JSON.stringify(k)}:${serializeSlow(v)}`);
  return `{${parts.join(',')}}`;
}

/**
 * Serialises like Python's `json.dumps(value, separators=(",", ":"))` with `ensure_ascii=True`; a `BigInt`
 * as the integer it is. Throws `TypeError` for anything JSON cannot carry faithfully (undefined,
 * functions, Dates, Maps, class instances, NaN, forbidden keys) rather than dropping or converting it.
 */
export function toPythonJson(value: unknown): string {
  const slow = validateWritable(value, '$');
  return escapeNonAscii(slow ? serializeSlow(value) : JSON.stringify(value));
}

/**
 * A JSON object from entries, in their order (a JS object would put integer-like keys first; Python keeps
 * insertion order): `toPythonJson` of each value, validated one level deep (internal: the session store).
 */
export function toPythonJsonObject(entries: Iterable<readonly [string, unknown]>): string {
  const parts: string[] = [];
  for (const [key, value] of entries) {
    if (isForbiddenKey(key)) throw new TypeError(`The key "${key}" at $ is not allowed in signed data.`);
    const slow = validateWritable(value, `$.${key}`, 1);
    parts.push(`${JSON.stringify(key)}:${slow ? serializeSlow(value) : JSON.stringify(value)}`);
  }
  return escapeNonAscii(`{${parts.join(',')}}`);
}

/** ASCII string (as `toPythonJson` produces) → bytes. */
export function asciiStringToBytes(text: string): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(text, 'latin1');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Throws the same `TypeError`/`PayloadTooLarge` that writing `value` would, at the caller's line; and a
 * `TypeError` for a `BigInt` unless `bigints` (it would read back as a number, or not at all).
 */
export function assertSerializable(value: unknown, path = '$', bigints = false): void {
  validateWritable(value, path, 0, bigints);
}

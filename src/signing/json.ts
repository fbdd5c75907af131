/**
 * JSON exactly as Django's `JSONSerializer` writes it (`json.dumps(obj, separators=(",", ":"))`):
 * compact, ASCII-only (`\uXXXX` for DEL and everything beyond), Python's float spelling. And a reader
 * that refuses what a cookie should never carry.
 *
 * The writer runs the native `JSON.stringify` and patches its output only where Python differs, so the
 * common case costs one validation walk plus native serialisation.
 */
import { PayloadError, PayloadTooLarge } from './errors.js';
import { nodeBuffer } from './runtime.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Nesting deeper than this is refused on both write and read (docs/design.md decision 5). */
export const MAX_DEPTH = 32;

/**
 * Keys that can poison prototypes when an app later merges the data (`Object.assign`, spread, deep merge).
 * Refused on read; refused on write too, so we never sign what we would refuse to read.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

const NodeBuffer = nodeBuffer?.Buffer;
const byteLength = NodeBuffer && ((text: string) => NodeBuffer.byteLength(text, 'utf8'));
const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_ALL = /[\u007f-\uffff]/g;

/** True if `text` has a character Python's `ensure_ascii` escapes (DEL and beyond). */
function hasNonAscii(text: string): boolean {
  // Where node:buffer exists its native UTF-8 length is faster than the regex: equal lengths mean
  // every character is below U+0080, leaving only DEL to look for.
  if (byteLength) return byteLength(text) !== text.length || text.includes('\u007f');
  return NON_ASCII.test(text);
}

function escapeNonAscii(text: string): string {
  if (!hasNonAscii(text)) return text;
  // Without the `u` flag each UTF-16 unit matches alone, so astral characters become a surrogate pair of
  // escapes, exactly as Python writes them.
  return text.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
 * Validates a value for writing, fast: no path strings. Returns true when some number needs Python's
 * spelling; throws INVALID on anything refused, and `describeInvalid` then says what and where.
 */
function checkWritable(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return false;
    case 'number':
      if (!Number.isFinite(value)) throw INVALID;
      return nativeDiffers(value);
    case 'object': {
      if (value === null) return false;
      if (depth >= MAX_DEPTH) throw INVALID;
      let fix = false;
      if (Array.isArray(value)) {
        // JSON writes an array's elements only: a hole becomes null and a named property is dropped.
        if (Object.keys(value).length !== value.length) throw INVALID;
        for (let i = 0; i < value.length; i++) if (checkWritable(value[i], depth + 1)) fix = true;
        return fix;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw INVALID;
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) throw INVALID;
        if (checkWritable((value as Record<string, unknown>)[key], depth + 1)) fix = true;
      }
      return fix;
    }
    default:
      throw INVALID;
  }
}

/** The slow walk, run only after the fast one refused: throws the error that names the path. */
function describeInvalid(value: unknown, depth: number, path: string): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot serialize ${value} at ${path}: JSON has no NaN or Infinity.`);
      return;
    case 'object': {
      if (value === null) return;
      if (depth >= MAX_DEPTH) throw new PayloadTooLarge(`Nesting deeper than ${MAX_DEPTH} levels at ${path}.`);
      if (Array.isArray(value)) {
        const extra = Object.keys(value).find((key) => !/^(0|[1-9]\d*)$/.test(key));
        if (extra !== undefined) throw new TypeError(`The array at ${path} has a property "${extra}", which JSON would drop; store an object instead.`);
        if (Object.keys(value).length !== value.length) throw new TypeError(`The array at ${path} has holes, which JSON would write as null.`);
        for (let i = 0; i < value.length; i++) describeInvalid(value[i], depth + 1, `${path}[${i}]`);
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`Object of type ${typeName(value)} at ${path} is not JSON serializable; store plain objects, arrays, strings, numbers, booleans and null.`);
      }
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) throw new TypeError(`The key "${key}" at ${path} is not allowed in signed data.`);
        describeInvalid((value as Record<string, unknown>)[key], depth + 1, `${path}.${key}`);
      }
      return;
    }
    default:
      throw new TypeError(`Object of type ${typeName(value)} at ${path} is not JSON serializable.`);
  }
}

/** Validates for writing; returns whether numbers need Python's spelling; throws a descriptive error. */
function validateWritable(value: unknown, path: string): boolean {
  try {
    return checkWritable(value, 0);
  } catch (error) {
    if (error !== INVALID) throw error;
    describeInvalid(value, 0, path);
    throw new TypeError(`The value at ${path} cannot be serialized.`);
  }
}

function serializeSlow(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serializeSlow).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) parts.push(`${JSON.stringify(k)}:${serializeSlow(v)}`);
  return `{${parts.join(',')}}`;
}

/**
 * Serialises like Python's `json.dumps(value, separators=(",", ":"))` with `ensure_ascii=True`.
 * Throws `TypeError` for anything JSON cannot carry faithfully (undefined, functions, Dates, Maps, class
 * instances, NaN, forbidden keys) rather than dropping or converting it silently.
 */
export function toPythonJson(value: unknown): string {
  const fixNumbers = validateWritable(value, '$');
  return escapeNonAscii(fixNumbers ? serializeSlow(value) : JSON.stringify(value));
}

const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function refuseUnsafeIntegers(text: string): void {
  for (const [token] of text.matchAll(STRING_OR_NUMBER)) {
    if (token.startsWith('"') || /[.eE]/.test(token)) continue;
    if (!Number.isSafeInteger(Number(token))) {
      throw new PayloadError('An integer beyond ±2^53 cannot be read without losing precision.');
    }
  }
}

function checkReadable(value: unknown, depth: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) throw new PayloadTooLarge(`Payload nests deeper than ${MAX_DEPTH} levels.`);
  if (Array.isArray(value)) {
    for (const item of value) checkReadable(item, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new PayloadError(`Payload has the forbidden key "${key}".`);
    checkReadable((value as Record<string, unknown>)[key], depth + 1);
  }
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether `text` has a run of 16 or more digits, looking at one character in 8: such a run always covers
 * two consecutive multiples of 8, so only where both are digits is the run measured. (A regex visits
 * every digit of every number, which is slow on a cart full of prices.)
 */
export function hasLongDigitRun(text: string): boolean {
  let previous = false;
  for (let i = 0; i < text.length; i += 8) {
    const digit = isDigit(text.charCodeAt(i));
    if (digit && previous) {
      let start = i;
      while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
      let end = i;
      while (end + 1 < text.length && isDigit(text.charCodeAt(end + 1))) end++;
      if (end - start + 1 >= 16) return true;
    }
    previous = digit;
  }
  return false;
}

/**
 * One scan for what is rare in a session and costly to rule out: a 16-digit run (only an integer of 16+
 * digits can exceed 2^53), a forbidden key's name, or a \u escape that could spell one.
 */
function isSuspect(text: string): boolean {
  // Separate scans: `includes` is a native search, far faster than one regex alternation.
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u') || hasLongDigitRun(text);
}

/** More than 32 brackets in all: the only way to nest deeper than 32. */
function mayNestTooDeep(text: string): boolean {
  let brackets = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++brackets > MAX_DEPTH) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++brackets > MAX_DEPTH) return true;
  return false;
}

/**
 * Parses JSON text from a verified payload. Refuses (with `PayloadError`) what Python would accept but a
 * JS app cannot hold faithfully or safely: NaN/Infinity, integers beyond 2^53, nesting beyond 32, and
 * `__proto__`/`constructor` keys. Duplicate keys: the last wins, as in CPython.
 */
export function parseJson(text: string): JsonValue {
  const suspect = isSuspect(text);
  if (suspect) refuseUnsafeIntegers(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PayloadError('Payload is not valid JSON.');
  }
  if (suspect || mayNestTooDeep(text)) checkReadable(value, 0);
  return value as JsonValue;
}

// Native (SIMD) ASCII check where node:buffer has it (Node ≥ 19.6, Bun, Deno).
const isAscii = nodeBuffer?.isAscii;
const NON_ASCII_BYTE = /[\u0080-\u00ff]/;

/** ASCII bytes → string; refuses any byte ≥ 0x80 (Django ≤ 6.1 would read it as latin-1 mojibake). */
export function asciiBytesToString(bytes: Uint8Array): string {
  if (NodeBuffer) {
    if (isAscii && !isAscii(bytes)) throw nonAscii();
    // Native latin-1 decoding maps each byte to one character.
    const text = NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    if (!isAscii && NON_ASCII_BYTE.test(text)) throw nonAscii();
    return text;
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    const chunk = bytes.subarray(i, i + 0x8000);
    for (const b of chunk) {
      if (b > 0x7f) throw nonAscii();
    }
    out += String.fromCharCode(...chunk);
  }
  return out;
}

function nonAscii(): PayloadError {
  return new PayloadError('Payload has non-ASCII bytes; Django writes ASCII-only JSON.');
}

/** ASCII string (as `toPythonJson` produces) → bytes. */
export function asciiStringToBytes(text: string): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(text, 'latin1');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Throws the same `TypeError`/`PayloadTooLarge` that writing `value` would, at the caller's line. */
export function assertSerializable(value: unknown, path = '$'): void {
  validateWritable(value, path);
}

/** True for keys that signed data may not carry (`__proto__`, `constructor`). */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

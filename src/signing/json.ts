/**
 * JSON exactly as Django's `JSONSerializer` writes it (`json.dumps(obj, separators=(",", ":"))`):
 * compact, ASCII-only (`\uXXXX` for DEL and everything beyond), Python's float spelling. And a reader
 * that refuses what a cookie should never carry.
 *
 * The writer runs the native `JSON.stringify` and patches its output only where Python differs, so the
 * common case costs one validation walk plus native serialisation.
 */
import { PayloadError, PayloadTooLarge } from './errors.js';
import { nodeBuffer } from './crypto/runtime.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Nesting deeper than this is refused on both write and read (docs/design.md decision 5). */
export const MAX_DEPTH = 32;

/**
 * JSON text written verbatim by `toPythonJson` (internal): how the session store writes back a value as
 * Django wrote it, and holds a value that JS cannot read without loss (an integer beyond 2^53, by default).
 * Only the library makes these, from text its reader accepted.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * How `parseJson` reads. `bigIntegers`: an integer beyond ±2^53 is refused (`'refuse'`, the default: a
 * JS number would round it), read as a `BigInt` (`'bigint'`), or (`'keep'`, internal) the top-level value
 * holding it is kept as its text, unreadable but written back as it was.
 */
export interface JsonReadOptions {
  bigIntegers?: 'refuse' | 'bigint' | 'keep';
  /** Receives the text that was read (the session store keeps it for a lossless re-save). @internal */
  source?: { text?: string };
}

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
function checkWritable(value: unknown, depth: number, bigints: boolean): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return false;
    case 'number':
      if (!Number.isFinite(value)) throw INVALID;
      return nativeDiffers(value);
    case 'bigint':
      if (!bigints) throw INVALID;
      return true;
    case 'object': {
      if (value === null) return false;
      if (value instanceof RawJson) return true;
      if (depth >= MAX_DEPTH) throw INVALID;
      let fix = false;
      if (Array.isArray(value)) {
        // JSON writes an array's elements only: a hole becomes null and a named property is dropped.
        if (Object.keys(value).length !== value.length) throw INVALID;
        for (let i = 0; i < value.length; i++) if (checkWritable(value[i], depth + 1, bigints)) fix = true;
        return fix;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw INVALID;
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) throw INVALID;
        if (checkWritable((value as Record<string, unknown>)[key], depth + 1, bigints)) fix = true;
      }
      return fix;
    }
    default:
      throw INVALID;
  }
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
        if (FORBIDDEN_KEYS.has(key)) throw new TypeError(`The key "${key}" at ${path} is not allowed in signed data.`);
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
    return checkWritable(value, depth, bigints);
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
    if (FORBIDDEN_KEYS.has(key)) throw new TypeError(`The key "${key}" at $ is not allowed in signed data.`);
    const slow = validateWritable(value, `$.${key}`, 1);
    parts.push(`${JSON.stringify(key)}:${slow ? serializeSlow(value) : JSON.stringify(value)}`);
  }
  return escapeNonAscii(`{${parts.join(',')}}`);
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
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw overflow();
    return;
  }
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

function overflow(): PayloadError {
  return new PayloadError(
    'Payload has a number too large for a double (it would read as Infinity, which JSON cannot carry).',
  );
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
 * An exponent of three digits or more: besides a run of 16+ digits, the only way a number can overflow
 * a double (`1e400` reads as Infinity).
 */
const LARGE_EXPONENT = /[eE]\+?\d{3}/;
/** A float with an integral value, as Python writes it (`1.0`): JS reads it as 1 and would write `1`. */
function hasIntegralFloat(text: string): boolean {
  // A native search for ".0", then one look at the next character: far cheaper than a regex.
  for (let i = text.indexOf('.0'); i !== -1; i = text.indexOf('.0', i + 2))
    if (!isDigit(text.charCodeAt(i + 2))) return true;
  return false;
}
/** A key that may be an array index, which JS objects move ahead of the other keys. */
const INDEX_KEY = /[{,]"\d/;

/**
 * One scan for what is rare in a session and costly to rule out: a forbidden key's name, or a \u escape
 * that could spell one.
 */
function isSuspect(text: string): boolean {
  // Separate scans: `includes` is a native search, far faster than one regex alternation.
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
}

/** More than 32 brackets in all: the only way to nest deeper than 32. */
function mayNestTooDeep(text: string): boolean {
  let brackets = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++brackets > MAX_DEPTH) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++brackets > MAX_DEPTH) return true;
  return false;
}

/**
 * Whether writing what `text` reads as could give other text: a float with an integral value (`1.0`), a
 * key JS would move ahead of the others, or an integer JS cannot hold. Python's own text has no other
 * difference from ours. False positives (such text inside a string) only cost the slow path.
 */
export function mayNotRoundTrip(text: string): boolean {
  return hasIntegralFloat(text) || INDEX_KEY.test(text) || hasLongDigitRun(text);
}

/** One top-level value of an object's text: the text, and what it reads as. */
export interface RawEntry {
  readonly raw: string;
  readonly value: unknown;
}

/**
 * The top-level values of a JSON object's text, in the text's order (a JS object would move integer-like
 * keys first), each with its text (internal: the session store). Big integers as `bigIntegers` says.
 */
export function readEntries(text: string, bigIntegers: 'refuse' | 'bigint' | 'keep'): Map<string, RawEntry> {
  const entries = new Map<string, RawEntry>();
  new LosslessReader(text, bigIntegers, entries).read();
  return entries;
}

/**
 * Parses JSON text from a verified payload. Refuses (with `PayloadError`) what Python would accept but a
 * JS app cannot hold faithfully or safely: NaN/Infinity (also a number that overflows, `1e400`), integers
 * beyond 2^53 (unless `bigIntegers` says otherwise), nesting beyond 32, and `__proto__`/`constructor`
 * keys. Duplicate keys: the last wins, as in CPython.
 */
export function parseJson(text: string, options: JsonReadOptions = {}): JsonValue {
  const bigIntegers = options.bigIntegers ?? 'refuse';
  const longDigits = hasLongDigitRun(text);
  let value: unknown;
  if (longDigits && bigIntegers !== 'refuse') {
    value = new LosslessReader(text, bigIntegers, undefined).read();
  } else {
    if (longDigits) refuseUnsafeIntegers(text);
    try {
      value = JSON.parse(text);
    } catch {
      throw new PayloadError('Payload is not valid JSON.');
    }
    if (longDigits || isSuspect(text) || LARGE_EXPONENT.test(text) || mayNestTooDeep(text)) checkReadable(value, 0);
  }
  if (options.source) options.source.text = text;
  return value as JsonValue;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * The slow reader, for the rare text that `JSON.parse` cannot read faithfully: it keeps big integers
 * (as `BigInt`, or the whole top-level value as text), and can record each top-level value's text in
 * order. It applies every rule of `checkReadable` as it goes.
 */
class LosslessReader {
  #pos = 0;
  /** Set when a big integer was read, since the current top-level value began. */
  #big = false;
  constructor(
    readonly text: string,
    readonly bigIntegers: 'refuse' | 'bigint' | 'keep',
    readonly entries: Map<string, RawEntry> | undefined,
  ) {}

  read(): JsonValue {
    this.#space();
    let value: unknown;
    if (this.text.charCodeAt(this.#pos) === 0x7b) {
      value = this.#object(0, this.entries ?? new Map());
    } else {
      value = this.#value(0);
      if (this.#big && this.bigIntegers === 'keep') throw this.#unsafe();
    }
    this.#space();
    if (this.#pos !== this.text.length) throw this.#invalid();
    return value as JsonValue;
  }

  #invalid(): PayloadError {
    return new PayloadError('Payload is not valid JSON.');
  }

  #unsafe(): PayloadError {
    return new PayloadError('An integer beyond ±2^53 cannot be read without losing precision.');
  }

  #space(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.#pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.#pos++;
    }
  }

  #value(depth: number): unknown {
    this.#space();
    const c = this.text.charCodeAt(this.#pos);
    if (c === 0x7b) return this.#object(depth, undefined);
    if (c === 0x5b) return this.#array(depth);
    if (c === 0x22) return this.#string();
    if (c === 0x2d || isDigit(c)) return this.#number();
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.#pos)) {
        this.#pos += word.length;
        return literal;
      }
    }
    throw this.#invalid();
  }

  #expect(c: number): void {
    this.#space();
    if (this.text.charCodeAt(this.#pos) !== c) throw this.#invalid();
    this.#pos++;
  }

  /** Is the next character `c` (consumed if so)? */
  #next(c: number): boolean {
    this.#space();
    if (this.text.charCodeAt(this.#pos) !== c) return false;
    this.#pos++;
    return true;
  }

  /** An object; `entries` (the top level only) receives each value's text. */
  #object(depth: number, entries: Map<string, RawEntry> | undefined): Record<string, unknown> {
    if (depth >= MAX_DEPTH) throw new PayloadTooLarge(`Payload nests deeper than ${MAX_DEPTH} levels.`);
    this.#pos++;
    const object: Record<string, unknown> = {};
    if (this.#next(0x7d)) return object;
    do {
      this.#space();
      if (this.text.charCodeAt(this.#pos) !== 0x22) throw this.#invalid();
      const key = this.#string();
      if (FORBIDDEN_KEYS.has(key)) throw new PayloadError(`Payload has the forbidden key "${key}".`);
      this.#expect(0x3a);
      this.#space();
      const start = this.#pos;
      if (entries) this.#big = false;
      let value = this.#value(depth + 1);
      if (entries) {
        const raw = this.text.slice(start, this.#pos);
        if (this.#big && this.bigIntegers === 'keep') value = new RawJson(raw);
        // A duplicate key: the last value wins, in the first one's place, as in a dict.
        entries.set(key, { raw, value });
      }
      object[key] = value;
    } while (this.#next(0x2c));
    this.#expect(0x7d);
    return object;
  }

  #array(depth: number): unknown[] {
    if (depth >= MAX_DEPTH) throw new PayloadTooLarge(`Payload nests deeper than ${MAX_DEPTH} levels.`);
    this.#pos++;
    const array: unknown[] = [];
    if (this.#next(0x5d)) return array;
    do array.push(this.#value(depth + 1));
    while (this.#next(0x2c));
    this.#expect(0x5d);
    return array;
  }

  #string(): string {
    const { text } = this;
    const start = this.#pos;
    let i = start + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw this.#invalid();
      if (c === 0x22) break;
      i += c === 0x5c ? 2 : 1;
    }
    this.#pos = i + 1;
    try {
      // The native parser unescapes and refuses raw control characters, exactly as JSON.parse would.
      return JSON.parse(text.slice(start, this.#pos)) as string;
    } catch {
      throw this.#invalid();
    }
  }

  #number(): number | bigint {
    NUMBER.lastIndex = this.#pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.#invalid();
    const [token, fraction, exponent] = match;
    this.#pos += token.length;
    const value = Number(token);
    if (fraction === undefined && exponent === undefined && !Number.isSafeInteger(value)) {
      if (this.bigIntegers === 'refuse') throw this.#unsafe();
      this.#big = true;
      return BigInt(token);
    }
    if (!Number.isFinite(value)) throw overflow();
    return value;
  }
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

/**
 * Throws the same `TypeError`/`PayloadTooLarge` that writing `value` would, at the caller's line; and a
 * `TypeError` for a `BigInt` unless `bigints` (it would read back as a number, or not at all).
 */
export function assertSerializable(value: unknown, path = '$', bigints = false): void {
  validateWritable(value, path, 0, bigints);
}

/** True for keys that signed data may not carry (`__proto__`, `constructor`). */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

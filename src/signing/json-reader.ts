/**
 * The reader of signed JSON: `JSON.parse`, plus the refusals of what a cookie should never carry
 * (docs/security.md), each ruled out by a cheap scan of the text before the parsed value is walked; and
 * the lossless reader the session store uses to write loaded values back as they were.
 */
import { PayloadError, PayloadTooLarge } from './errors.js';
import { nodeBuffer } from './crypto/runtime.js';
import {
  isForbiddenKey,
  type JsonReadOptions,
  type JsonValue,
  MAX_DEPTH,
  prototypeIsPolluted,
  type RawEntry,
  RawJson,
} from './json-value.js';

const NodeBuffer = nodeBuffer?.Buffer;

const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function refuseUnsafeIntegers(text: string): void {
  for (const [token] of text.matchAll(STRING_OR_NUMBER)) {
    if (token.startsWith('"') || /[.eE]/.test(token)) continue;
    if (!Number.isSafeInteger(Number(token))) {
      throw new PayloadError('An integer beyond ±2^53 cannot be read without losing precision.');
    }
  }
}

function checkReadable(value: unknown, depth: number, inherited: boolean): void {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw overflow();
    return;
  }
  if (depth >= MAX_DEPTH) throw new PayloadTooLarge(`Payload nests deeper than ${MAX_DEPTH} levels.`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkReadable(value[i], depth + 1, inherited);
    return;
  }
  // `for…in` allocates no key array; keys of a polluted Object.prototype are skipped (json-value.ts).
  for (const key in value) {
    if (inherited && !Object.hasOwn(value, key)) continue;
    if (isForbiddenKey(key)) throw new PayloadError(`Payload has the forbidden key "${key}".`);
    checkReadable((value as Record<string, unknown>)[key], depth + 1, inherited);
  }
}

function overflow(): PayloadError {
  return new PayloadError(
    'Payload has a number too large for a double (it would read as Infinity, which JSON cannot carry).',
  );
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** JSON's whitespace. */
export const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The index after the string that opens at `at` (a `"`): the first quote not escaped by a backslash,
 * found by a native search; -1 if the text ends first.
 */
export function endOfString(text: string, at: number): number {
  for (let from = at + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

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
  return text.includes('__proto__') || text.includes('constructor') || hasAsciiEscape(text);
}

/**
 * A `\u` escape of an ASCII character (`\u0000`–`\u007f`), the only kind that can spell a letter of a
 * forbidden key. The escapes of non-ASCII text, which Django writes for every accented letter, cannot.
 */
function hasAsciiEscape(text: string): boolean {
  for (let i = text.indexOf('\\u'); i !== -1; i = text.indexOf('\\u', i + 2)) {
    // "\u00" then 0-7: a code below 0x80. Anything else after "\u" is a longer code or no escape at all.
    if (text.charCodeAt(i + 2) === 0x30 && text.charCodeAt(i + 3) === 0x30) {
      const c = text.charCodeAt(i + 4);
      if (c >= 0x30 && c <= 0x37) return true;
    }
  }
  return false;
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

/**
 * The top-level values of a JSON object's text with the slow reader (json-entries.ts takes it for text
 * with an integer beyond 2^53, or text it cannot cut).
 */
export function readEntriesLosslessly(text: string, bigIntegers: 'refuse' | 'bigint' | 'keep'): Map<string, RawEntry> {
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
    if (longDigits || isSuspect(text) || LARGE_EXPONENT.test(text) || mayNestTooDeep(text))
      checkReadable(value, 0, prototypeIsPolluted());
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
    while (isSpace(this.text.charCodeAt(this.#pos))) this.#pos++;
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
      if (isForbiddenKey(key)) throw new PayloadError(`Payload has the forbidden key "${key}".`);
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
    const start = this.#pos;
    const end = endOfString(this.text, start);
    if (end < 0) throw this.#invalid();
    this.#pos = end;
    try {
      // The native parser unescapes and refuses raw control characters, exactly as JSON.parse would.
      return JSON.parse(this.text.slice(start, end)) as string;
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

/**
 * The JSON values signed data carries, and what the writer (json-writer.ts) and the reader
 * (json-reader.ts) share: the nesting limit, the forbidden keys, and verbatim JSON text.
 */

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

/** One top-level value of an object's text: the text, and what it reads as (the lossless re-save). */
export interface RawEntry {
  readonly raw: string;
  readonly value: unknown;
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
const FORBIDDEN = ['__proto__', 'constructor'] as const;

/** True for keys that signed data may not carry (`__proto__`, `constructor`): two comparisons, cheap in the walks. */
export function isForbiddenKey(key: string): boolean {
  return key === FORBIDDEN[0] || key === FORBIDDEN[1];
}

/**
 * Whether `for…in` over a plain object would also list inherited keys: only if something made a
 * property of `Object.prototype` enumerable (prototype pollution). The walks over values list keys with
 * `for…in`, which unlike `Object.keys` allocates nothing, and skip inherited keys only where this is true.
 */
export function prototypeIsPolluted(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/**
 * The top-level entries of a JSON object's text, each with its own text: what the session store writes
 * back for a value the app did not change (its lossless re-save). The text has already been read and
 * checked once (json-reader.ts), so here it only has to be cut at its top-level commas: strings are
 * skipped with a native search for the closing quote, and each value is read by the native `JSON.parse`.
 * The slow reader is kept for the text that needs it (an integer beyond 2^53).
 */
import { endOfString, hasLongDigitRun, isSpace, readEntriesLosslessly } from './json-reader.js';
import type { RawEntry } from './json-value.js';

/**
 * The top-level values of a JSON object's text, in the text's order (a JS object would move integer-like
 * keys first), each with its text (internal: the session store). Big integers as `bigIntegers` says. A
 * duplicate key keeps its first place and its last value, as a Python dict does.
 */
export function readEntries(text: string, bigIntegers: 'refuse' | 'bigint' | 'keep'): Map<string, RawEntry> {
  if (!hasLongDigitRun(text)) {
    try {
      const entries = splitEntries(text);
      if (entries) return entries;
    } catch {
      // Not what the reader accepted: the slow reader says what is wrong with it.
    }
  }
  return readEntriesLosslessly(text, bigIntegers);
}

/** The index after the value that starts at `at`. */
function endOfValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === 0x22) return endOfString(text, at);
  if (first !== 0x7b && first !== 0x5b) {
    // A number or a literal: up to the next delimiter.
    let i = at;
    for (let c = first; i < text.length && c !== 0x2c && c !== 0x7d && c !== 0x5d && !isSpace(c);)
      c = text.charCodeAt(++i);
    return i;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = endOfString(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
}

/** Cuts an object's text into its entries; undefined for anything but one well-formed object. */
function splitEntries(text: string): Map<string, RawEntry> | undefined {
  const entries = new Map<string, RawEntry>();
  let i = 0;
  const skipSpace = () => {
    while (isSpace(text.charCodeAt(i))) i++;
  };
  skipSpace();
  if (text.charCodeAt(i++) !== 0x7b) return undefined;
  skipSpace();
  let more = text.charCodeAt(i) !== 0x7d;
  if (!more) i++;
  while (more) {
    if (text.charCodeAt(i) !== 0x22) return undefined;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return undefined;
    const quoted = text.slice(i, keyEnd);
    const key = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
    i = keyEnd;
    skipSpace();
    if (text.charCodeAt(i++) !== 0x3a) return undefined;
    skipSpace();
    const valueEnd = endOfValue(text, i);
    if (valueEnd < 0) return undefined;
    const raw = text.slice(i, valueEnd);
    entries.set(key, { raw, value: JSON.parse(raw) as unknown });
    i = valueEnd;
    skipSpace();
    const c = text.charCodeAt(i++);
    if (c !== 0x2c && c !== 0x7d) return undefined;
    more = c === 0x2c;
    skipSpace();
  }
  skipSpace();
  return i === text.length ? entries : undefined;
}

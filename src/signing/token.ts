/**
 * The shape of a signed string, checked before any cryptography (docs/design.md decision 5): the size cap,
 * the number of parts, each part's alphabet and canonical form. Django never writes anything this refuses.
 */
import { decodeBase64Url, isCanonicalBase64Url } from './base64url.js';
import { parseTimestamp } from './base62.js';
import { MalformedToken, TokenTooLarge } from './errors.js';

/** Tokens longer than this are refused before anything else; a browser drops larger cookies anyway. */
export const MAX_TOKEN_LENGTH = 4096;

/** A signed value split at its last separator: the signed message and the signature text. */
export interface SignedParts {
  message: string;
  signature: string;
}

/** Splits at the last separator, as Django's `rsplit(sep, 1)`. */
export function splitSigned(signed: string, sep: string): SignedParts {
  const at = signed.lastIndexOf(sep);
  if (at < 0) throw new MalformedToken(`No "${sep}" found in value`);
  return { message: signed.slice(0, at), signature: signed.slice(at + sep.length) };
}

/** Splits a timestamped message "value<sep>ts" and parses the timestamp strictly. */
export function splitTimestamp(message: string, sep: string): { value: string; timestamp: number } {
  const at = message.lastIndexOf(sep);
  if (at < 0) throw new MalformedToken('The value has no timestamp.');
  const timestamp = parseTimestamp(message.slice(at + sep.length));
  if (timestamp === undefined) throw new MalformedToken('The timestamp is not canonical base62.');
  return { value: message.slice(0, at), timestamp };
}

export function checkLength(signed: string, maxLength: number): void {
  if (signed.length > maxLength)
    throw new TokenTooLarge(`The value is ${signed.length} characters; at most ${maxLength} are read.`);
}

/** An object token split into its parts, each already checked and decoded. */
export interface ObjectToken {
  /** What the signature covers: everything before the last separator. */
  message: string;
  /** The payload bytes (base64url-decoded; still zlib-compressed when `compressed`). */
  payload: Uint8Array;
  /** The payload carried Django's "." compression mark. */
  compressed: boolean;
  /** The signing time in seconds (timestamped tokens), else undefined. */
  timestamp: number | undefined;
  /** The signature text, canonical base64url. */
  signature: string;
}

/**
 * Parses an object token in one pass: `payload<sep>sig` or `payload<sep>ts<sep>sig` split from the right
 * (`splitObjectToken`), a canonical base64url payload with an optional "." and a canonical timestamp and
 * signature. Each part is
 * scanned once; nothing later re-checks it.
 */
export function parseObjectToken(signed: string, sep: string, timestamped: boolean, maxLength: number): ObjectToken {
  checkLength(signed, maxLength);
  const parts = splitObjectToken(signed, sep, timestamped);
  if (!parts)
    throw new MalformedToken(
      `Expected ${timestamped ? 3 : 2} parts separated by "${sep}", found ${signed.split(sep).length}.`,
    );
  const compressed = parts.payload.charCodeAt(0) === 0x2e; // "."
  const payload = decodeBase64Url(compressed ? parts.payload.slice(1) : parts.payload);
  if (payload === undefined || payload.length === 0)
    throw new MalformedToken('The payload is not canonical base64url.');
  let timestamp: number | undefined;
  if (timestamped) {
    timestamp = parseTimestamp(parts.timestamp);
    if (timestamp === undefined) throw new MalformedToken('The timestamp is not canonical base62.');
  }
  const { signature } = parts;
  if (!isCanonicalBase64Url(signature)) throw new MalformedToken('The signature is not canonical base64url.');
  return {
    message: signed.slice(0, signed.length - signature.length - sep.length),
    payload,
    compressed,
    timestamp,
    signature,
  };
}

/** The text parts of an object token, split from the right; `timestamp` is empty when not timestamped. */
export interface ObjectTokenText {
  payload: string;
  timestamp: string;
  signature: string;
}

/**
 * Splits `payload<sep>sig` or `payload<sep>ts<sep>sig` at the last one or two separators, as Django's
 * `rsplit(sep, 1)` does, so with `sep: "."` the "." compression mark stays in the payload. Undefined when
 * a separator is missing.
 */
export function splitObjectToken(signed: string, sep: string, timestamped: boolean): ObjectTokenText | undefined {
  const signatureAt = signed.lastIndexOf(sep);
  const timestampAt = timestamped ? lastIndexBefore(signed, sep, signatureAt) : signatureAt;
  if (signatureAt < 0 || timestampAt < 0) return undefined;
  return {
    payload: signed.slice(0, timestampAt),
    timestamp: timestamped ? signed.slice(timestampAt + sep.length, signatureAt) : '',
    signature: signed.slice(signatureAt + sep.length),
  };
}

/** The last `sep` that ends at or before `end`, or -1. */
function lastIndexBefore(text: string, sep: string, end: number): number {
  const from = end - sep.length;
  return from < 0 ? -1 : text.lastIndexOf(sep, from);
}

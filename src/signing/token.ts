/**
 * The shape of a signed string, checked before any cryptography (DESIGN.md decision 5): the size cap,
 * the number of parts, each part's alphabet and canonical form. Django never writes anything this refuses.
 */
import { isCanonicalBase64Url } from './base64url.js';
import { parseTimestamp } from './base62.js';
import { MalformedToken, TokenTooLarge } from './errors.js';

/** Tokens longer than this are refused before anything else; a browser drops larger cookies anyway. */
export const MAX_TOKEN_LENGTH = 4096;

const PAYLOAD = /^\.?[A-Za-z0-9_-]+$/;

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
  if (signed.length > maxLength) throw new TokenTooLarge(`The value is ${signed.length} characters; at most ${maxLength} are read.`);
}

/**
 * Checks an object token: exactly `payload<sep>sig` or `payload<sep>ts<sep>sig`, a canonical base64url
 * payload with an optional "." and a canonical timestamp and signature.
 */
export function checkObjectToken(signed: string, sep: string, timestamped: boolean, maxLength: number): void {
  checkLength(signed, maxLength);
  const parts = signed.split(sep);
  if (parts.length !== (timestamped ? 3 : 2)) {
    throw new MalformedToken(`Expected ${timestamped ? 3 : 2} parts separated by "${sep}", found ${parts.length}.`);
  }
  const payload = parts[0]!;
  if (!PAYLOAD.test(payload) || !isCanonicalBase64Url(payload.startsWith('.') ? payload.slice(1) : payload)) {
    throw new MalformedToken('The payload is not canonical base64url.');
  }
  if (timestamped && parseTimestamp(parts[1]!) === undefined) {
    throw new MalformedToken('The timestamp is not canonical base62.');
  }
  if (!isCanonicalBase64Url(parts[parts.length - 1]!)) throw new MalformedToken('The signature is not canonical base64url.');
}

/**
 * Reads what a token says without a secret: its payload, signing time, compression and size. Nothing
 * here is verified: anyone can make a token that inspects to anything. Used by the CLI's `decode` and the
 * demo's cookie panel; never for decisions.
 */
import { decodeBase64Url } from './base64url.js';
import { parseTimestamp } from './base62.js';
import { inflateNode } from './crypto/node.js';
import { TokenError } from './errors.js';
import { asciiBytesToString, type JsonValue, parseJson } from './json.js';
import { MAX_INFLATED_BYTES } from './object-codec.js';
import { splitObjectToken } from './token.js';

export interface InspectedToken {
  /** Always false: inspection checks no signature. */
  verified: false;
  /** The decoded payload, or undefined if it does not decode (see `problem`). */
  payload: JsonValue | undefined;
  /** Signing time in seconds since the epoch, if the timestamp part is readable. */
  timestamp: number | undefined;
  /** Whether the payload is zlib-compressed (a leading "."). */
  compressed: boolean;
  /** Characters in the token. */
  length: number;
  /** Bytes of JSON the payload holds. */
  jsonBytes: number | undefined;
  /** Why the token does not decode, if it does not. */
  problem: string | undefined;
}

/** Splits `payload:timestamp:signature` from the right, as Django does, and decodes the payload, without any secret. Node only (zlib). */
export function inspectToken(token: string, sep = ':'): InspectedToken {
  const parts = splitObjectToken(token, sep, true);
  const result: InspectedToken = {
    verified: false,
    payload: undefined,
    timestamp: undefined,
    compressed: false,
    length: token.length,
    jsonBytes: undefined,
    problem: undefined,
  };
  if (!parts) return { ...result, problem: `expected 3 parts separated by "${sep}", found ${token.split(sep).length}` };
  const { payload } = parts;
  result.timestamp = parseTimestamp(parts.timestamp);
  result.compressed = payload.startsWith('.');
  const bytes = decodeBase64Url(result.compressed ? payload.slice(1) : payload);
  if (!bytes) return { ...result, problem: 'the payload is not canonical base64url' };
  try {
    const json = asciiBytesToString(result.compressed ? inflateNode(bytes, MAX_INFLATED_BYTES) : bytes);
    return { ...result, jsonBytes: json.length, payload: parseJson(json) };
  } catch (error) {
    if (error instanceof TokenError) return { ...result, problem: error.message };
    throw error;
  }
}

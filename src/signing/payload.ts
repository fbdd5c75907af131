/**
 * The object payload of a signed token: JSON → optional zlib → base64url, with "." marking compression
 * (Django's `sign_object`/`unsign_object`). Shared by the sync and async paths; only the zlib calls differ.
 */
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { MAX_INFLATED_BYTES, worthCompressing } from './compress.js';
import { MalformedToken, PayloadTooLarge } from './errors.js';
import { asciiBytesToString, asciiStringToBytes, type JsonValue, parseJson, toPythonJson } from './json.js';

/** Serialises a value to ASCII JSON bytes, refusing what could not be read back. */
export function serializePayload(value: unknown): Uint8Array {
  const json = toPythonJson(value);
  if (json.length > MAX_INFLATED_BYTES) {
    throw new PayloadTooLarge(`Serialized data is ${json.length} bytes; at most ${MAX_INFLATED_BYTES} can be read back.`);
  }
  return asciiStringToBytes(json);
}

/** The payload text for `data`, given its compressed form when compression was tried. */
export function encodePayload(data: Uint8Array, compressed: Uint8Array | undefined): string {
  return compressed && worthCompressing(data.length, compressed.length)
    ? `.${encodeBase64Url(compressed)}`
    : encodeBase64Url(data);
}

/** Splits payload text (already shape-checked, so canonical base64url) into its bytes and the "." flag. */
export function splitPayload(payload: string): { bytes: Uint8Array; compressed: boolean } {
  const compressed = payload.startsWith('.');
  const bytes = decodeBase64Url(compressed ? payload.slice(1) : payload);
  if (!bytes) throw new MalformedToken('Payload is not canonical base64url.');
  return { bytes, compressed };
}

export function parsePayloadBytes(bytes: Uint8Array): JsonValue {
  return parseJson(asciiBytesToString(bytes));
}

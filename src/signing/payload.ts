/**
 * The object payload of a signed token: JSON → optional zlib → base64url, with "." marking compression
 * (Django's `sign_object`/`unsign_object`). Shared by the sync and async paths; only the zlib calls differ.
 */
import { encodeBase64Url } from './base64url.js';
import { MAX_INFLATED_BYTES, worthCompressing } from './compress.js';
import { PayloadTooLarge } from './errors.js';
import { asciiBytesToString, asciiStringToBytes, type JsonReadOptions, type JsonValue, parseJson, toPythonJson } from './json.js';

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

export function parsePayloadBytes(bytes: Uint8Array, options?: JsonReadOptions): JsonValue {
  return parseJson(asciiBytesToString(bytes), options);
}

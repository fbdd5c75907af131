/**
 * The object payload of a signed token, in one place: value ⇄ Python-compatible JSON ⇄ ASCII bytes ⇄
 * optional zlib ⇄ base64url, with "." marking compression (Django's `sign_object`/`unsign_object`), and
 * the compression policy. Signing is passed in, so the same code serves every signer and both back ends.
 */
import { encodeBase64Url } from './base64url.js';
import { then, type SigningBackend } from './crypto/backend.js';
import { PayloadTooLarge } from './errors.js';
import {
  asciiBytesToString,
  asciiStringToBytes,
  type JsonReadOptions,
  type JsonValue,
  parseJson,
  toPythonJson,
} from './json.js';
import { MAX_TOKEN_LENGTH, type ObjectToken } from './token.js';

/** Decompressed payloads larger than this are refused (docs/design.md decision 5). */
export const MAX_INFLATED_BYTES = 64 * 1024;

/** Options of the object methods that read (`unsignObject`, `loads`). */
export interface ReadObjectOptions {
  /** Longer tokens are refused with `TokenTooLarge` before any work; 4096 by default. */
  maxLength?: number;
  /** How the JSON is read: big integers, and the session store's lossless re-save. @internal */
  json?: JsonReadOptions;
}

/** Options of the object methods that write (`signObject`, `dumps`). */
export interface WriteObjectOptions {
  /**
   * Compress with zlib when that saves at least 2 bytes, as Django does with `compress=True` (level 6).
   * `'fast'` trades a few bytes for speed: node:zlib at level 2, or the plain-JS compressor where only
   * Web APIs exist; a token that would then be too long to read back is compressed again as `true`
   * does, so `'fast'` never refuses what `true` accepts. Django reads every form.
   */
  compress?: boolean | 'fast';
  /**
   * With `compress`, try compression only from this many bytes of JSON (0, the default, is Django's rule).
   * zlib has a fixed cost per call larger than the rest of a small save; below a few hundred bytes it
   * saves a few bytes at best.
   */
  compressMinBytes?: number;
  /** A longer token is refused with `PayloadTooLarge`, as reading would refuse it; 4096 by default. */
  maxLength?: number;
}

/** Django's rule: use the compressed form only if `len(compressed) < len(data) - 1`. */
export function worthCompressing(original: number, compressed: number): boolean {
  return compressed < original - 1;
}

/** Serialises a value to ASCII JSON bytes, refusing what could not be read back. */
export function serializePayload(value: unknown): Uint8Array {
  const json = toPythonJson(value);
  if (json.length > MAX_INFLATED_BYTES) {
    throw new PayloadTooLarge(
      `Serialized data is ${json.length} bytes; at most ${MAX_INFLATED_BYTES} can be read back.`,
    );
  }
  return asciiStringToBytes(json);
}

/** The payload text for `data`, given its compressed form when compression was tried. */
export function encodePayload(data: Uint8Array, compressed: Uint8Array | undefined): string {
  return compressed && worthCompressing(data.length, compressed.length)
    ? `.${encodeBase64Url(compressed)}`
    : encodeBase64Url(data);
}

/** Never sign what reading would refuse: a token longer than the read cap. */
export function checkWritten(token: string, options: WriteObjectOptions): string {
  const maxLength = options.maxLength ?? MAX_TOKEN_LENGTH;
  if (token.length > maxLength)
    throw new PayloadTooLarge(
      `The signed token would be ${token.length} characters; at most ${maxLength} can be read back.`,
    );
  return token;
}

/**
 * Serialises, optionally compresses and signs `value` with `sign`. With `compress: 'fast'`, a token that
 * would be too long to read back is compressed again at Django's level, once, here for every back end.
 */
export function encodeObject(
  backend: SigningBackend,
  value: unknown,
  options: WriteObjectOptions,
  sign: (payload: string) => string | Promise<string>,
): string | Promise<string> {
  const data = serializePayload(value);
  const wants =
    (options.compress === true || options.compress === 'fast') && data.length >= (options.compressMinBytes ?? 0);
  if (!wants) {
    const token = sign(encodePayload(data, undefined));
    return typeof token === 'string' ? checkWritten(token, options) : token.then((t) => checkWritten(t, options));
  }
  const signCompressed = (compressed: Uint8Array) => sign(encodePayload(data, compressed));
  if (options.compress !== 'fast')
    return then(then(backend.deflate(data, 'default'), signCompressed), (token) => checkWritten(token, options));
  return then(then(backend.deflate(data, 'fast'), signCompressed), (token) => {
    if (token.length <= (options.maxLength ?? MAX_TOKEN_LENGTH)) return token;
    return then(then(backend.deflate(data, 'default'), signCompressed), (again) => checkWritten(again, options));
  });
}

/** The value a verified token carries: inflated if marked, then parsed as JSON. */
export function decodeObject(
  backend: SigningBackend,
  { payload, compressed }: ObjectToken,
  json?: JsonReadOptions,
): JsonValue {
  return parseJson(asciiBytesToString(compressed ? backend.inflate(payload, MAX_INFLATED_BYTES) : payload), json);
}

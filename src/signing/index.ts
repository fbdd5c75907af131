/**
 * `signed-cookie-session/signing`: a TypeScript implementation of Django's `django.core.signing`,
 * byte-compatible with it. Every operation has a sync form (node:crypto, node:zlib) and an async form
 * (prefixed "a") that also runs on Web Crypto and CompressionStream alone.
 */
export { b62Decode, b62Encode } from './base62.js';
export { decodeBase64Url, encodeBase64Url } from './base64url.js';
export { MAX_INFLATED_BYTES } from './object-codec.js';
export { type Duration, type Seconds } from './duration.js';
export { adumps, aloads, DEFAULT_DUMPS_SALT, dumps, type DumpsOptions, loads, type LoadsOptions } from './dumps.js';
export {
  BadSignature,
  ConfigError,
  FutureTimestamp,
  InvalidAlgorithm,
  MalformedToken,
  PayloadError,
  PayloadTooLarge,
  type RefusalReason,
  RuntimeUnsupported,
  SignatureExpired,
  SignedCookieError,
  TokenError,
  TokenTooLarge,
} from './errors.js';
export { type InspectedToken, inspectToken } from './inspect.js';
export {
  type JsonObject,
  type JsonPrimitive,
  type JsonReadOptions,
  type JsonValue,
  MAX_DEPTH,
  parseJson,
  toPythonJson,
} from './json.js';
export type { Algorithm, Secret } from './crypto/keys.js';
export type { CryptoBackend } from './crypto/backend.js';
export type { ReadObjectOptions, WriteObjectOptions } from './object-codec.js';
export { type NoOptions, type Signable, Signer, type SignerOptions, type Verified } from './signer.js';
export {
  MAX_CLOCK_SKEW,
  type SignTimestampOptions,
  TimestampSigner,
  type TimestampSignerOptions,
  type UnsignOptions,
  type VerifiedTimestamped,
} from './timestamp-signer.js';
export { MAX_TOKEN_LENGTH, type ObjectToken } from './token.js';

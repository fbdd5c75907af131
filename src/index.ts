/**
 * `signed-cookie-session`: Django's signed-cookie sessions for TypeScript. The session data lives in the
 * cookie, signed (not encrypted) with HMAC-SHA256, byte-compatible with Django's `signed_cookies` backend.
 */
export * from './session/index.js';
export {
  BadSignature,
  ConfigError,
  FutureTimestamp,
  MalformedToken,
  PayloadError,
  PayloadTooLarge,
  type RefusalReason,
  RuntimeUnsupported,
  SignatureExpired,
  SignedCookieError,
  TokenError,
  TokenTooLarge,
} from './signing/errors.js';
export type { CryptoBackend } from './signing/crypto/backend.js';
export { CookieTooLarge } from './http/errors.js';
export {
  SessionMiddleware,
  type SessionMiddlewareOptions,
  type SessionHeaders,
  type RequestSession,
  type Transport,
} from './http/session-middleware.js';
export type { CookieOptions, ResolvedCookieOptions, SameSite } from './http/cookie-options.js';
export { varyWithCookie } from './headers/vary.js';
export { privateNoStore } from './http/cache-control.js';
export type { JsonObject, JsonPrimitive, JsonValue } from './signing/json.js';
export type { Algorithm, Secret } from './signing/crypto/keys.js';

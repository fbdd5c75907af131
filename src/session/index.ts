export {
  AmbiguousToken,
  HeadersSentError,
  KeyError,
  NotImplementedError,
  RejectedToken,
  UnreadableValueError,
  ValidationUnavailable,
} from './errors.js';
export { type Duration, type ExpiryValue, type StoredExpiry } from './expiry.js';
export {
  type ExpiryOptions,
  SessionBase,
  type SessionBaseOptions,
  type SessionData,
  type SessionEntry,
  type SessionInternals,
  type SessionKey,
  type StoredData,
  type StoredKey,
  type StoredValue,
  TEST_COOKIE_NAME,
  TEST_COOKIE_VALUE,
} from './session-base.js';
export { SessionStore } from './session-store.js';
export { generateSecret, secretWarnings } from './secrets.js';
export {
  DEFAULT_MAX_AGE,
  MAX_COOKIE_AGE,
  MIN_SECRET_BYTES,
  SESSION_SALT,
  type SessionMeta,
  type SessionOptions,
  SessionSettings,
} from './settings.js';

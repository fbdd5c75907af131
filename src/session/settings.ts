/**
 * The store's configuration: camelCase forms of Django's settings, with Django's defaults, validated once.
 * There are no global settings; pass the same `SessionSettings` (or options object) to every store.
 */
import type { CryptoBackend } from '../signing/crypto/backend.js';
import { ConfigError, type RefusalReason, type TokenError } from '../signing/errors.js';
import { type Algorithm, checkSecret, type Secret, secretToBytes } from '../signing/crypto/keys.js';
import type { JsonValue } from '../signing/json.js';
import { MAX_CLOCK_SKEW, TimestampSigner } from '../signing/timestamp-signer.js';
import { checkTimeSettings, DJANGO_TIME } from './expiry.js';
import { secretWarnings } from './secrets.js';

/** Django's session salt: a cookie written by a Django site verifies here and the reverse. */
export const SESSION_SALT = 'django.contrib.sessions.backends.signed_cookies';
/** Django's `SESSION_COOKIE_AGE` default: two weeks, in seconds. */
export const DEFAULT_MAX_AGE = 1_209_600;
/** Django's `SessionBase.key_salt` for the signed-cookie store, used only by `encode`/`decode`. */
export const ENCODE_SALT = 'django.contrib.sessions.SessionStore';
/** Shortest secret a store accepts, in bytes (docs/design.md decision 6). */
export const MIN_SECRET_BYTES = 32;
/** Sessions with less JSON than this are not compressed (see `compressMinBytes`). */
export const DEFAULT_COMPRESS_MIN_BYTES = 512;
/** Browsers cap cookie lifetimes at 400 days (RFC 6265bis); so does `maxAge`. */
export const MAX_COOKIE_AGE = 400 * 86_400;
/** More fallback secrets than this cost an HMAC each on every refused cookie: a warning. */
export const MAX_FALLBACKS = 3;

/** What a verified session carries, for `validate`. */
export interface SessionMeta {
  /** When the cookie was signed, in seconds since the epoch. */
  signedAt: number;
  /** The cookie value itself (the signed token), e.g. to look it up in a denylist. */
  token: string;
}

export interface SessionOptions {
  /** Signs and verifies (Django's `SECRET_KEY`). At least 32 bytes. */
  secret: Secret;
  /** Verify but never sign: old secrets during a rotation (Django's `SECRET_KEY_FALLBACKS`). */
  fallbackSecrets?: readonly Secret[];
  /** Session lifetime in seconds when none is set per session (Django's `SESSION_COOKIE_AGE`, 1209600). */
  maxAge?: number;
  /** Sessions end with the browser unless set otherwise (Django's `SESSION_EXPIRE_AT_BROWSER_CLOSE`, false). */
  expireAtBrowserClose?: boolean;
  /** Signing salt; keep Django's default to share sessions with a Django site. */
  salt?: string;
  /** Also verify signatures of these algorithms, e.g. `['sha1']` for sessions Django ≤ 3.2 signed with sha1. */
  legacyAlgorithms?: readonly Algorithm[];
  /** Seconds a cookie's timestamp may lie in the future before it is refused (60). */
  maxClockSkew?: number;
  /** Called with the reason whenever a cookie is refused; the session then starts empty, as in Django. */
  onInvalid?: (reason: RefusalReason, error: TokenError) => void;
  /** Configuration warnings (weak secret, many fallbacks); `console.warn` by default. */
  onWarning?: (message: string) => void;
  /**
   * Accept or refuse a verified session, e.g. against a per-user "signed out everywhere at" time:
   * return false and the session starts empty (reason `rejected`). Signed cookies cannot be revoked
   * otherwise: a copied cookie stays valid until it expires. It may throw a `TokenError` to refuse with
   * that error's reason; a `ValidationUnavailable` (reason `unavailable`: no answer in time) keeps the
   * cookie, and the session is read-only for that request. It may return a promise on the async path
   * (`aload`, and every adapter, which then verifies the cookie before the handler runs); the sync `load`
   * refuses a promise with a `ConfigError` rather than accept a session it cannot wait for.
   */
  validate?: (data: Readonly<Record<string, JsonValue>>, meta: SessionMeta) => boolean | Promise<boolean>;
  /**
   * An absolute lifetime in seconds, however often the session is re-saved: the first save records
   * `_session_created`, and a session older than this, or without a valid creation time, starts empty.
   * Off by default: sessions a Django site creates carry no creation time.
   */
  absoluteMaxAge?: number;
  /** Back end of the async methods: `auto` (default), `node` or `web` (Web Crypto and CompressionStream). */
  crypto?: CryptoBackend;
  /**
   * Compress only sessions of at least this many bytes of JSON (512). Django compresses whenever that
   * saves 2 bytes; below a few hundred bytes that saves little and costs a zlib call per save and per load.
   * Django reads both forms; 0 writes exactly what Django would.
   */
  compressMinBytes?: number;
  /**
   * Integers beyond ±2^53 (ids, counters a Django site stored), which a JS number would round. `'keep'`
   * (default): the session loads, the value holding one is saved back exactly as it was, and reading it
   * throws `UnreadableValueError`. `'bigint'`: it reads as a `BigInt` (type your session data to match),
   * and a `BigInt` you store is written as an integer.
   */
  bigIntegers?: 'keep' | 'bigint';
  /**
   * Django's `USE_TZ` (true, the default since Django 5.0): an absolute `setExpiry` date is stored with
   * an offset (`+00:00`). False: as a naive date, the wall clock of `timeZone`, as such a Django site
   * writes and expects it (an aware date there is a 500 on every request).
   */
  useTz?: boolean;
  /** Django's `TIME_ZONE`, an IANA name ("America/Chicago", Django's default): the zone of naive dates. */
  timeZone?: string;
  /**
   * Django main's rule (ticket #27775): a session's own expiry (`setExpiry`) replaces `maxAge` when the
   * cookie is read, so a session may outlive `maxAge`. Off by default: a cookie is refused once either
   * limit has passed, which is what every released Django (that checks only `maxAge`) and main refuse.
   */
  ownExpiryReplacesMaxAge?: boolean;
  /** The clock, in ms since the epoch (`Date.now`). */
  now?: () => number;
}

function checkSessionSecret(secret: unknown, what: string): asserts secret is Secret {
  checkSecret(secret, what);
  const length = secretToBytes(secret).length;
  if (length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `${what} is ${length} bytes; a session secret needs at least ${MIN_SECRET_BYTES} (generate one with: npx signed-cookie-session secret, or generateSecret() in code).`,
    );
  }
}

function checkSeconds(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ConfigError(`${what} must be a finite number of seconds.`);
  return value;
}

function checkLifetime(value: unknown, what: string): number {
  const seconds = checkSeconds(value, what);
  if (seconds <= 0 || seconds > MAX_COOKIE_AGE)
    throw new ConfigError(
      `${what} must be more than 0 and at most 400 days (${MAX_COOKIE_AGE} seconds), got ${seconds}.`,
    );
  return seconds;
}

/** Validated, resolved session options, holding the one signer every store built from them shares. */
export class SessionSettings {
  readonly maxAge: number;
  readonly expireAtBrowserClose: boolean;
  readonly salt: string;
  readonly signer: TimestampSigner;
  /** Signs `encode`/`decode` data (Django's DB-backend format) with `ENCODE_SALT`. */
  readonly encodeSigner: TimestampSigner;
  readonly onInvalid: ((reason: RefusalReason, error: TokenError) => void) | undefined;
  readonly onWarning: (message: string) => void;
  readonly validate: SessionOptions['validate'];
  readonly absoluteMaxAge: number | undefined;
  readonly compressMinBytes: number;
  /** Seconds a cookie's timestamp may lie in the future. */
  readonly maxClockSkew: number;
  readonly bigIntegers: 'keep' | 'bigint';
  readonly useTz: boolean;
  readonly timeZone: string;
  readonly ownExpiryReplacesMaxAge: boolean;
  readonly now: () => number;

  constructor(options: SessionOptions) {
    if (typeof options !== 'object' || options === null)
      throw new ConfigError('Session options are required, with at least a secret.');
    checkSessionSecret(options.secret, 'The session secret');
    const fallbacks = options.fallbackSecrets ?? [];
    fallbacks.forEach((s, i) => checkSessionSecret(s, `Fallback secret ${i}`));
    this.onWarning = options.onWarning ?? ((message) => console.warn(`signed-cookie-session: ${message}`));
    const warnings = [
      ...secretWarnings(options.secret, 'The session secret'),
      ...fallbacks.flatMap((s, i) => secretWarnings(s, `Fallback secret ${i}`)),
      ...(fallbacks.length > MAX_FALLBACKS
        ? [
            `${fallbacks.length} fallback secrets: each costs an HMAC on every refused cookie; drop old ones once maxAge has passed.`,
          ]
        : []),
    ];
    for (const warning of warnings) this.onWarning(warning);
    this.maxAge = checkLifetime(options.maxAge === undefined ? DEFAULT_MAX_AGE : options.maxAge, 'maxAge');
    this.absoluteMaxAge =
      options.absoluteMaxAge === undefined ? undefined : checkSeconds(options.absoluteMaxAge, 'absoluteMaxAge');
    if (this.absoluteMaxAge !== undefined && this.absoluteMaxAge <= 0)
      throw new ConfigError('absoluteMaxAge must be more than 0 seconds.');
    this.validate = options.validate;
    this.compressMinBytes = checkSeconds(options.compressMinBytes ?? DEFAULT_COMPRESS_MIN_BYTES, 'compressMinBytes');
    const bigIntegers = options.bigIntegers ?? 'keep';
    if (bigIntegers !== 'keep' && bigIntegers !== 'bigint')
      throw new ConfigError(`bigIntegers must be 'keep' or 'bigint', got ${String(bigIntegers)}.`);
    this.bigIntegers = bigIntegers;
    ({ useTz: this.useTz, timeZone: this.timeZone } = checkTimeSettings(
      options.useTz ?? DJANGO_TIME.useTz,
      options.timeZone ?? DJANGO_TIME.timeZone,
    ));
    if (options.ownExpiryReplacesMaxAge !== undefined && typeof options.ownExpiryReplacesMaxAge !== 'boolean')
      throw new ConfigError('ownExpiryReplacesMaxAge must be true or false.');
    this.ownExpiryReplacesMaxAge = options.ownExpiryReplacesMaxAge ?? false;
    this.expireAtBrowserClose = options.expireAtBrowserClose ?? false;
    this.salt = options.salt || SESSION_SALT;
    this.onInvalid = options.onInvalid;
    this.now = options.now ?? Date.now;
    this.maxClockSkew = checkSeconds(options.maxClockSkew ?? MAX_CLOCK_SKEW, 'maxClockSkew');
    const signerOptions = {
      key: options.secret,
      fallbackKeys: options.fallbackSecrets ?? [],
      legacyAlgorithms: options.legacyAlgorithms ?? [],
      maxClockSkew: this.maxClockSkew,
      crypto: options.crypto ?? 'auto',
      now: this.now,
    };
    this.signer = new TimestampSigner({ ...signerOptions, salt: this.salt });
    this.encodeSigner = new TimestampSigner({ ...signerOptions, salt: ENCODE_SALT });
  }

  private static readonly resolved = new WeakMap<SessionOptions, SessionSettings>();

  /** The settings for an options object, validated once per object. */
  static from(options: SessionOptions | SessionSettings): SessionSettings {
    if (options instanceof SessionSettings) return options;
    let settings = SessionSettings.resolved.get(options);
    if (!settings) {
      settings = new SessionSettings(options);
      SessionSettings.resolved.set(options, settings);
    }
    return settings;
  }
}

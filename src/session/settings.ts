/**
 * The store's configuration: camelCase forms of Django's settings, with Django's defaults, validated once.
 * There are no global settings; pass the same `SessionSettings` (or options object) to every store.
 */
import type { CryptoBackend } from '../signing/backend.js';
import { ConfigError, type RefusalReason, type TokenError } from '../signing/errors.js';
import { type Algorithm, checkSecret, type Secret, secretToBytes } from '../signing/keys.js';
import { MAX_CLOCK_SKEW, TimestampSigner } from '../signing/timestamp-signer.js';

/** Django's session salt: a cookie written by a Django site verifies here and the reverse. */
export const SESSION_SALT = 'django.contrib.sessions.backends.signed_cookies';
/** Django's `SESSION_COOKIE_AGE` default: two weeks, in seconds. */
export const DEFAULT_MAX_AGE = 1_209_600;
/** Django's `SessionBase.key_salt` for the signed-cookie store, used only by `encode`/`decode`. */
export const ENCODE_SALT = 'django.contrib.sessions.SessionStore';
/** Shortest secret a store accepts, in bytes (DESIGN.md decision 6). */
export const MIN_SECRET_BYTES = 32;

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
  /** Back end of the async methods: `auto` (default), `node` or `web` (Web Crypto and CompressionStream). */
  crypto?: CryptoBackend;
  /** The clock, in ms since the epoch (`Date.now`). */
  now?: () => number;
}

function checkSessionSecret(secret: unknown, what: string): asserts secret is Secret {
  checkSecret(secret, what);
  const length = secretToBytes(secret).length;
  if (length < MIN_SECRET_BYTES) {
    throw new ConfigError(`${what} is ${length} bytes; a session secret needs at least ${MIN_SECRET_BYTES} (generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))").`);
  }
}

function checkSeconds(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(`${what} must be a finite number of seconds.`);
  return value;
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
  readonly now: () => number;

  constructor(options: SessionOptions) {
    if (typeof options !== 'object' || options === null) throw new ConfigError('Session options are required, with at least a secret.');
    checkSessionSecret(options.secret, 'The session secret');
    (options.fallbackSecrets ?? []).forEach((s, i) => checkSessionSecret(s, `Fallback secret ${i}`));
    this.maxAge = checkSeconds(options.maxAge ?? DEFAULT_MAX_AGE, 'maxAge');
    this.expireAtBrowserClose = options.expireAtBrowserClose ?? false;
    this.salt = options.salt || SESSION_SALT;
    this.onInvalid = options.onInvalid;
    this.now = options.now ?? Date.now;
    const signerOptions = {
      key: options.secret,
      fallbackKeys: options.fallbackSecrets ?? [],
      legacyAlgorithms: options.legacyAlgorithms ?? [],
      maxClockSkew: checkSeconds(options.maxClockSkew ?? MAX_CLOCK_SKEW, 'maxClockSkew'),
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

/**
 * Django's `Signer`: `value<sep>base64url(HMAC(derived_key, value))`, with fallback keys for rotation,
 * and its object form (`signObject`/`unsignObject`, the codec in object-codec.ts). Each operation is
 * written once over a back end (crypto/backend.ts): the sync forms run on node's, the async forms ("a"
 * prefix) on the one picked when the signer is built; only the HMAC and zlib steps can be async.
 */
import {
  asPromise,
  chooseBackend,
  type CryptoBackend,
  type SigningBackend,
  synchronously,
  syncBackend,
} from './crypto/backend.js';
import { type DerivedKey, derivedKey } from './crypto/derived-key.js';
import { type Algorithm, checkAlgorithm, checkSecret, type Secret, SIGNATURE_LENGTH } from './crypto/keys.js';
import { BadSignature, ConfigError, MalformedToken, redact } from './errors.js';
import type { JsonValue } from './json.js';
import { decodeObject, encodeObject, type ReadObjectOptions, type WriteObjectOptions } from './object-codec.js';
import { MAX_TOKEN_LENGTH, type ObjectToken, parseObjectToken, splitSigned, splitTimestamp } from './token.js';

export interface SignerOptions {
  /** The secret (Django's `key`, defaulting there to `SECRET_KEY`). Required: there are no global settings. */
  key: Secret;
  /** Older secrets that still verify but never sign (Django's `fallback_keys`, `SECRET_KEY_FALLBACKS`). */
  fallbackKeys?: readonly Secret[];
  /** Namespaces signatures. Empty or omitted: Django's class default (`django.core.signing.Signer`). */
  salt?: string;
  /** Separator between value and signature; `:` by default. Must not consist only of `A-z0-9-_=`. */
  sep?: string;
  /** HMAC hash: `sha256` by default. */
  algorithm?: Algorithm;
  /**
   * Algorithms that may still verify (never sign), e.g. `['sha1']` to read what Django ≤ 3.2 signed with
   * `DEFAULT_HASHING_ALGORITHM = 'sha1'`. Empty by default: Django 4.0+ refuses sha1 too.
   */
  legacyAlgorithms?: readonly Algorithm[];
  /** Back end of the async methods: `auto` (node:crypto where it exists, else Web Crypto), `node` or `web`. */
  crypto?: CryptoBackend;
}

/** What a successful verification found. */
export interface Verified {
  /** The signed value. */
  value: string;
  /** True when a fallback key or a legacy algorithm verified it: the value should be re-signed. */
  rotated: boolean;
}

/** A verified value with its signing time, when the signer puts one in (`TimestampSigner`). */
export interface VerifiedTimestamped<T> {
  value: T;
  /** When it was signed, in whole seconds since the epoch. */
  timestamp: number;
  /** True when a fallback key or legacy algorithm verified it. */
  rotated: boolean;
}

/** A value a signer coerces to text, as Python's `str()` would. */
export type Signable = string | number | boolean;

/** No options beyond the common ones: what a plain `Signer` takes. */
export type NoOptions = Record<never, never>;

// Django's check is `^[A-z0-9-_=]*$`; the range A-z also covers [ \ ] ^ _ and backtick, refused there too.
const UNSAFE_SEP = /^[A-z0-9\-_=]*$/;

export function toText(value: Signable): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

interface Candidate {
  key: DerivedKey;
  rotated: boolean;
}

/**
 * @typeParam SignOptions what `sign` and `signObject` take beyond the common options (the timestamp).
 * @typeParam CheckOptions what `unsign` and `unsignObject` take beyond the common options (`maxAge`).
 */
export class Signer<SignOptions extends object = NoOptions, CheckOptions extends object = NoOptions> {
  readonly salt: string;
  readonly sep: string;
  readonly algorithm: Algorithm;
  readonly #backend: SigningBackend;
  readonly #signingKey: DerivedKey;
  readonly #candidatesByLength = new Map<number, Candidate[]>();

  constructor(options: SignerOptions) {
    const { key, fallbackKeys = [], sep = ':', legacyAlgorithms = [], crypto = 'auto' } = options;
    checkSecret(key, 'The signing key');
    fallbackKeys.forEach((k, i) => checkSecret(k, `Fallback key ${i}`));
    if (UNSAFE_SEP.test(sep)) {
      throw new ConfigError(`Unsafe Signer separator: '${sep}' (cannot be empty or consist of only A-z0-9-_=)`);
    }
    if (crypto !== 'auto' && crypto !== 'node' && crypto !== 'web')
      throw new ConfigError(`Unknown crypto back end '${String(crypto)}'.`);
    this.sep = sep;
    this.salt = options.salt || this.defaultSalt();
    this.algorithm = checkAlgorithm(options.algorithm ?? 'sha256');
    this.#backend = chooseBackend(crypto);
    const algorithms = [this.algorithm, ...legacyAlgorithms.map(checkAlgorithm).filter((a) => a !== this.algorithm)];
    this.#signingKey = derivedKey(this.algorithm, this.salt, key);
    // Django 3.2 tries sha256 then sha1 with the one key; 4.1+ tries the key then each fallback.
    [key, ...fallbackKeys].forEach((secret, i) =>
      algorithms.forEach((algorithm, j) => {
        const length = SIGNATURE_LENGTH[algorithm];
        const list = this.#candidatesByLength.get(length) ?? [];
        list.push({ key: derivedKey(algorithm, this.salt, secret), rotated: i > 0 || j > 0 });
        this.#candidatesByLength.set(length, list);
      }),
    );
  }

  /** Django's default salt: the class's module and name. */
  protected defaultSalt(): string {
    return 'django.core.signing.Signer';
  }

  /** Whether tokens carry a timestamp part; the token shape depends on it. */
  protected get timestamped(): boolean {
    return false;
  }

  /** The signature of `value` under the current key (base64url, no padding). */
  signature(value: Signable): string {
    return syncBackend.sign(this.#signingKey, toText(value));
  }

  async asignature(value: Signable): Promise<string> {
    return this.#backend.sign(this.#signingKey, toText(value));
  }

  /** `value<sep>signature`. */
  sign(value: Signable, options?: SignOptions): string {
    return synchronously(this.signWith(syncBackend, toText(value), options));
  }

  async asign(value: Signable, options?: SignOptions): Promise<string> {
    return this.signWith(this.#backend, toText(value), options);
  }

  /** Returns the value if the signature verifies under the key or a fallback; throws `BadSignature` otherwise. */
  unsign(signed: string, options?: CheckOptions): string {
    return synchronously(this.readSigned(syncBackend, signed, options)).value;
  }

  async aunsign(signed: string, options?: CheckOptions): Promise<string> {
    return (await this.readSigned(this.#backend, signed, options)).value;
  }

  /** Like `unsign`, and also tells whether a fallback key or legacy algorithm was needed (no other check). */
  verify(signed: string): Verified {
    const { message, signature } = splitSigned(String(signed), this.sep);
    return { value: message, rotated: synchronously(this.#verifyParts(syncBackend, message, signature)) };
  }

  async averify(signed: string): Promise<Verified> {
    const { message, signature } = splitSigned(String(signed), this.sep);
    return { value: message, rotated: await this.#verifyParts(this.#backend, message, signature) };
  }

  /** Serialises (Python-compatible JSON), optionally compresses, and signs an object (Django's `sign_object`). */
  signObject(
    value: unknown,
    options: WriteObjectOptions & SignOptions = {} as WriteObjectOptions & SignOptions,
  ): string {
    return synchronously(
      encodeObject(syncBackend, value, options, (payload) => this.signWith(syncBackend, payload, options)),
    );
  }

  asignObject(
    value: unknown,
    options: WriteObjectOptions & SignOptions = {} as WriteObjectOptions & SignOptions,
  ): Promise<string> {
    const backend = this.#backend;
    try {
      return asPromise(encodeObject(backend, value, options, (payload) => this.signWith(backend, payload, options)));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Verifies and decodes what `signObject` produced (Django's `unsign_object`). */
  unsignObject(
    signed: string,
    options: ReadObjectOptions & CheckOptions = {} as ReadObjectOptions & CheckOptions,
  ): JsonValue {
    return synchronously(this.readObject(syncBackend, signed, options)).value;
  }

  async aunsignObject(
    signed: string,
    options: ReadObjectOptions & CheckOptions = {} as ReadObjectOptions & CheckOptions,
  ): Promise<JsonValue> {
    return (await this.readObject(this.#backend, signed, options)).value;
  }

  /**
   * The async back end this signer was built with.
   * @internal
   */
  protected get backend(): SigningBackend {
    return this.#backend;
  }

  /**
   * Signs text (Django's `sign`); `TimestampSigner` puts the timestamp in first.
   * @internal
   */
  protected signWith(
    backend: SigningBackend,
    text: string,
    _options: SignOptions | undefined,
  ): string | Promise<string> {
    const signature = backend.sign(this.#signingKey, text);
    return typeof signature === 'string'
      ? `${text}${this.sep}${signature}`
      : signature.then((mac) => `${text}${this.sep}${mac}`);
  }

  /**
   * What `unsign` checks after the signature (Django's `TimestampSigner.unsign`: the age); nothing here.
   * @internal
   */
  protected checkAge(_timestamp: number, _options: CheckOptions | undefined): void {}

  /**
   * A signed string: split from the right (as Django), the signature verified, then the timestamp if any.
   * @internal
   */
  protected readSigned(
    backend: SigningBackend,
    signed: string,
    options: CheckOptions | undefined,
  ): VerifiedTimestamped<string> | Promise<VerifiedTimestamped<string>> {
    const { message, signature } = splitSigned(String(signed), this.sep);
    const rotated = this.#verifyParts(backend, message, signature);
    // No closure unless the HMAC step was async: the sync path is the hot one.
    return rotated instanceof Promise
      ? rotated.then((r) => this.#signedValue(message, options, r))
      : this.#signedValue(message, options, rotated);
  }

  #signedValue(message: string, options: CheckOptions | undefined, rotated: boolean): VerifiedTimestamped<string> {
    if (!this.timestamped) return { value: message, timestamp: NaN, rotated };
    const { value, timestamp } = splitTimestamp(message, this.sep);
    this.checkAge(timestamp, options);
    return { value, timestamp, rotated };
  }

  /**
   * The object pipeline, once: parse the shape, verify the signature, check the age, decode.
   * @internal
   */
  protected readObject(
    backend: SigningBackend,
    signed: string,
    options: ReadObjectOptions & CheckOptions,
  ): VerifiedTimestamped<JsonValue> | Promise<VerifiedTimestamped<JsonValue>> {
    const token = parseObjectToken(String(signed), this.sep, this.timestamped, options.maxLength ?? MAX_TOKEN_LENGTH);
    const rotated = this.#verifyParts(backend, token.message, token.signature);
    return rotated instanceof Promise
      ? rotated.then((r) => this.#objectValue(backend, token, options, r))
      : this.#objectValue(backend, token, options, rotated);
  }

  #objectValue(
    backend: SigningBackend,
    token: ObjectToken,
    options: ReadObjectOptions & CheckOptions,
    rotated: boolean,
  ): VerifiedTimestamped<JsonValue> {
    const timestamp = token.timestamp ?? NaN;
    if (this.timestamped) this.checkAge(timestamp, options);
    return { value: decodeObject(backend, token, options.json), timestamp, rotated };
  }

  /** Tries each key whose algorithm makes signatures of this length; resolves `rotated` or throws `BadSignature`. */
  #verifyParts(backend: SigningBackend, message: string, signature: string, from = 0): boolean | Promise<boolean> {
    // A signature's length names its algorithm, so candidates of other lengths cannot match: skip their HMACs.
    const candidates = this.#candidatesByLength.get(signature.length) ?? [];
    for (let i = from; i < candidates.length; i++) {
      const { key, rotated } = candidates[i]!;
      const verified = backend.verify(key, message, signature);
      if (verified instanceof Promise)
        return verified.then((ok) => (ok ? rotated : this.#verifyParts(backend, message, signature, i + 1)));
      if (verified) return rotated;
    }
    throw signature === ''
      ? new MalformedToken('The signature is empty.')
      : new BadSignature(`Signature "${redact(signature)}" does not match`);
  }
}

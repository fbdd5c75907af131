/**
 * Django's `Signer`: `value<sep>base64url(HMAC(derived_key, value))`, with fallback keys for rotation.
 */
import { DEFAULT_LEVEL, deflateSync, deflateWeb, FAST_LEVEL, inflateSync, inflateWeb } from './compress.js';
import { deflateFast } from './deflate.js';
import { BadSignature, ConfigError, MalformedToken, PayloadTooLarge, redact } from './errors.js';
import { signNode, signWeb, verifyNode, verifyWeb } from './hmac.js';
import type { JsonValue } from './json.js';
import { type DerivedKey, derivedKey } from './derived-key.js';
import { type Algorithm, checkAlgorithm, checkSecret, type Secret, SIGNATURE_LENGTH } from './keys.js';
import { encodePayload, parsePayloadBytes, serializePayload } from './payload.js';
import type { CryptoBackend } from './backend.js';
import { usesNode } from './runtime.js';
import { MAX_TOKEN_LENGTH, type ObjectToken, parseObjectToken, splitSigned } from './token.js';

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

/** Options of the object methods that read (`unsignObject`, `loads`). */
export interface ReadObjectOptions {
  /** Longer tokens are refused with `TokenTooLarge` before any work; 4096 by default. */
  maxLength?: number;
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

/** What a successful verification found. */
export interface Verified {
  /** The signed value. */
  value: string;
  /** True when a fallback key or a legacy algorithm verified it: the value should be re-signed. */
  rotated: boolean;
}

/** A value a signer coerces to text, as Python's `str()` would. */
export type Signable = string | number | boolean;

// Django's check is `^[A-z0-9-_=]*$`; the range A-z also covers [ \ ] ^ _ and backtick, refused there too.
const UNSAFE_SEP = /^[A-z0-9\-_=]*$/;

function wantsCompression(data: Uint8Array, options: WriteObjectOptions): boolean {
  return (options.compress === true || options.compress === 'fast') && data.length >= (options.compressMinBytes ?? 0);
}

/** The longest token reading accepts, which writing must not exceed. */
function readCap(options: WriteObjectOptions): number {
  return options.maxLength ?? MAX_TOKEN_LENGTH;
}

function fitsReadCap(token: string, options: WriteObjectOptions): boolean {
  return token.length <= readCap(options);
}

/** Never sign what reading would refuse: a token longer than the read cap. */
export function checkWritten(token: string, options: WriteObjectOptions): string {
  const maxLength = readCap(options);
  if (token.length > maxLength) throw new PayloadTooLarge(`The signed token would be ${token.length} characters; at most ${maxLength} can be read back.`, token.length);
  return token;
}

export function toText(value: Signable): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

interface Candidate {
  key: DerivedKey;
  rotated: boolean;
}

export class Signer {
  readonly salt: string;
  readonly sep: string;
  readonly algorithm: Algorithm;
  protected readonly backend: CryptoBackend;
  readonly #signingKey: DerivedKey;
  readonly #candidatesByLength = new Map<number, Candidate[]>();

  constructor(options: SignerOptions) {
    const { key, fallbackKeys = [], sep = ':', legacyAlgorithms = [], crypto = 'auto' } = options;
    checkSecret(key, 'The signing key');
    fallbackKeys.forEach((k, i) => checkSecret(k, `Fallback key ${i}`));
    if (UNSAFE_SEP.test(sep)) {
      throw new ConfigError(`Unsafe Signer separator: '${sep}' (cannot be empty or consist of only A-z0-9-_=)`);
    }
    if (crypto !== 'auto' && crypto !== 'node' && crypto !== 'web') throw new ConfigError(`Unknown crypto back end '${String(crypto)}'.`);
    this.sep = sep;
    this.salt = options.salt || this.defaultSalt();
    this.algorithm = checkAlgorithm(options.algorithm ?? 'sha256');
    this.backend = crypto;
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

  /** The signature of `value` under the current key (base64url, no padding). */
  signature(value: Signable): string {
    return signNode(this.#signingKey, toText(value));
  }

  async asignature(value: Signable): Promise<string> {
    return usesNode(this.backend) ? signNode(this.#signingKey, toText(value)) : signWeb(this.#signingKey, toText(value));
  }

  /** `value<sep>signature`. */
  sign(value: Signable): string {
    const text = toText(value);
    return `${text}${this.sep}${this.signature(text)}`;
  }

  async asign(value: Signable): Promise<string> {
    const text = toText(value);
    return `${text}${this.sep}${await this.asignature(text)}`;
  }

  /** Returns the value if the signature verifies under the key or a fallback; throws `BadSignature` otherwise. */
  unsign(signed: string): string {
    return this.verify(signed).value;
  }

  async aunsign(signed: string): Promise<string> {
    return (await this.averify(signed)).value;
  }

  /** Like `unsign`, and also tells whether a fallback key or legacy algorithm was needed. */
  verify(signed: string): Verified {
    const { message, signature } = splitSigned(String(signed), this.sep);
    return { value: message, rotated: this.verifyParts(message, signature) };
  }

  async averify(signed: string): Promise<Verified> {
    const { message, signature } = splitSigned(String(signed), this.sep);
    return { value: message, rotated: await this.averifyParts(message, signature) };
  }

  /** Verifies a message against its signature text; returns whether a fallback or legacy key was needed. */
  protected verifyParts(message: string, signature: string): boolean {
    for (const { key, rotated } of this.#candidatesFor(signature)) {
      if (verifyNode(key, message, signature)) return rotated;
    }
    throw this.#mismatch(signature);
  }

  protected async averifyParts(message: string, signature: string): Promise<boolean> {
    const node = usesNode(this.backend);
    for (const { key, rotated } of this.#candidatesFor(signature)) {
      if (node ? verifyNode(key, message, signature) : await verifyWeb(key, message, signature)) return rotated;
    }
    throw this.#mismatch(signature);
  }

  /** Serialises (Python-compatible JSON), optionally compresses, and signs an object (Django's `sign_object`). */
  signObject(value: unknown, options: WriteObjectOptions = {}): string {
    const data = serializePayload(value);
    if (!wantsCompression(data, options)) return checkWritten(this.signPayload(encodePayload(data, undefined), options), options);
    const fast = options.compress === 'fast';
    const token = this.signPayload(encodePayload(data, deflateSync(data, fast ? FAST_LEVEL : DEFAULT_LEVEL)), options);
    if (!fast || fitsReadCap(token, options)) return checkWritten(token, options);
    return checkWritten(this.signPayload(encodePayload(data, deflateSync(data, DEFAULT_LEVEL)), options), options);
  }

  async asignObject(value: unknown, options: WriteObjectOptions = {}): Promise<string> {
    // On node:crypto the async form is the sync one: calling it directly saves a promise per step.
    if (usesNode(this.backend)) return this.signObject(value, options);
    const data = serializePayload(value);
    if (!wantsCompression(data, options)) return checkWritten(await this.asignPayload(encodePayload(data, undefined), options), options);
    if (options.compress === 'fast') {
      const token = await this.asignPayload(encodePayload(data, deflateFast(data)), options);
      if (fitsReadCap(token, options)) return checkWritten(token, options);
    }
    const compressed = await deflateWeb(data);
    return checkWritten(await this.asignPayload(encodePayload(data, compressed), options), options);
  }

  /** Signs an encoded object payload; subclasses pass their write options on (the timestamp). */
  protected signPayload(payload: string, _options: WriteObjectOptions): string {
    return this.sign(payload);
  }

  protected asignPayload(payload: string, _options: WriteObjectOptions): Promise<string> {
    return this.asign(payload);
  }

  /** Verifies and decodes what `signObject` produced (Django's `unsign_object`). */
  unsignObject(signed: string, options: ReadObjectOptions = {}): JsonValue {
    const token = this.parseToken(signed, options);
    this.verifyParts(token.message, token.signature);
    return this.decodeSync(token);
  }

  async aunsignObject(signed: string, options: ReadObjectOptions = {}): Promise<JsonValue> {
    if (usesNode(this.backend)) return this.unsignObject(signed, options);
    const token = this.parseToken(signed, options);
    await this.averifyParts(token.message, token.signature);
    return this.decodeWeb(token);
  }

  /** Whether tokens carry a timestamp part; the object token shape depends on it. */
  protected get timestamped(): boolean {
    return false;
  }

  /** The shape check of every object read, before any cryptography. */
  protected parseToken(signed: string, options: ReadObjectOptions): ObjectToken {
    return parseObjectToken(String(signed), this.sep, this.timestamped, options.maxLength ?? MAX_TOKEN_LENGTH);
  }

  protected decodeSync({ payload, compressed }: ObjectToken): JsonValue {
    return parsePayloadBytes(compressed ? inflateSync(payload) : payload);
  }

  /** The Web-only decoding (the node:crypto back end decodes with `decodeSync`). */
  protected decodeWeb({ payload, compressed }: ObjectToken): JsonValue {
    return parsePayloadBytes(compressed ? inflateWeb(payload) : payload);
  }

  #candidatesFor(signature: string): readonly Candidate[] {
    // A signature's length names its algorithm, so candidates of other lengths cannot match: skip their HMACs.
    return this.#candidatesByLength.get(signature.length) ?? [];
  }

  #mismatch(signature: string): BadSignature {
    return signature === '' ? new MalformedToken('The signature is empty.') : new BadSignature(`Signature "${redact(signature)}" does not match`);
  }
}

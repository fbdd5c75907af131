/**
 * Django's `TimestampSigner`: `value<sep>base62(seconds)<sep>signature`, with `maxAge` checked on unsign.
 * Beyond Django, a timestamp more than `maxClockSkew` seconds in the future is refused. As in Django it
 * changes only what signing adds (the timestamp) and what unsigning checks (the age); every operation is
 * `Signer`'s.
 */
import { b62Encode } from './base62.js';
import { asPromise, type SigningBackend, synchronously, syncBackend } from './crypto/backend.js';
import { type Seconds, toSeconds } from './duration.js';
import { FutureTimestamp, SignatureExpired } from './errors.js';
import type { JsonValue } from './json.js';
import type { ReadObjectOptions } from './object-codec.js';
import { Signer, type SignerOptions, type VerifiedTimestamped } from './signer.js';

export type { VerifiedTimestamped } from './signer.js';

/** Timestamps further ahead than this many seconds are refused: 60 by default. */
export const MAX_CLOCK_SKEW = 60;

export interface TimestampSignerOptions extends SignerOptions {
  /** The clock, in milliseconds since the epoch (`Date.now` by default). Tests freeze it. */
  now?: () => number;
  /** Seconds (or a `Duration`) a timestamp may lie in the future (clock skew between servers) before it is refused. */
  maxClockSkew?: Seconds;
}

export interface UnsignOptions {
  /**
   * Maximum age in seconds, or a `Duration` such as `{ hours: 1 }` (Django's `max_age` takes a `timedelta`);
   * older signatures raise `SignatureExpired`. Omitted: no age limit. Anything else is a `TypeError`.
   */
  maxAge?: Seconds;
}

export interface SignTimestampOptions {
  /** Sign as of this time (whole seconds since the epoch) instead of now: re-issuing keeps the original time. */
  timestamp?: number;
}

export class TimestampSigner extends Signer<SignTimestampOptions, UnsignOptions> {
  readonly #now: () => number;
  readonly #maxClockSkew: number;

  constructor(options: TimestampSignerOptions) {
    super(options);
    this.#now = options.now ?? Date.now;
    this.#maxClockSkew = toSeconds(options.maxClockSkew ?? MAX_CLOCK_SKEW, 'maxClockSkew');
  }

  protected override defaultSalt(): string {
    return 'django.core.signing.TimestampSigner';
  }

  protected override get timestamped(): boolean {
    return true;
  }

  /** The current time as Django writes it: whole seconds (floored), base 62. */
  timestamp(): string {
    return b62Encode(Math.floor(this.#now() / 1000));
  }

  /** Verifies signature and age; returns the value with its timestamp and whether it needs re-signing. */
  verifyTimestamped(signed: string, options: UnsignOptions = {}): VerifiedTimestamped<string> {
    return synchronously(this.readSigned(syncBackend, signed, options));
  }

  async averifyTimestamped(signed: string, options: UnsignOptions = {}): Promise<VerifiedTimestamped<string>> {
    return this.readSigned(this.backend, signed, options);
  }

  /** `unsignObject` with the signing time and the rotation flag. */
  verifyObject(signed: string, options: ReadObjectOptions & UnsignOptions = {}): VerifiedTimestamped<JsonValue> {
    return synchronously(this.readObject(syncBackend, signed, options));
  }

  averifyObject(
    signed: string,
    options: ReadObjectOptions & UnsignOptions = {},
  ): Promise<VerifiedTimestamped<JsonValue>> {
    try {
      return asPromise(this.readObject(this.backend, signed, options));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * Puts the timestamp before the signature.
   * @internal
   */
  protected override signWith(
    backend: SigningBackend,
    text: string,
    options: SignTimestampOptions | undefined,
  ): string | Promise<string> {
    const stamp = options?.timestamp === undefined ? this.timestamp() : b62Encode(options.timestamp);
    return super.signWith(backend, `${text}${this.sep}${stamp}`, options);
  }

  /**
   * Refuses a timestamp older than `maxAge` or too far in the future.
   * @internal
   */
  protected override checkAge(timestamp: number, options: UnsignOptions | undefined): void {
    const maxAge = options?.maxAge === undefined ? undefined : toSeconds(options.maxAge, 'maxAge');
    const now = this.#now() / 1000;
    // Django compares a float clock with the integer timestamp: age == maxAge passes, a millisecond more does not.
    const age = now - timestamp;
    if (maxAge !== undefined && age > maxAge) throw new SignatureExpired(`Signature age ${age} > ${maxAge} seconds`);
    if (-age > this.#maxClockSkew) throw new FutureTimestamp(`Signature timestamp is ${-age} seconds in the future`);
  }
}

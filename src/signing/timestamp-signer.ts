/**
 * Django's `TimestampSigner`: `value<sep>base62(seconds)<sep>signature`, with `maxAge` checked on unsign.
 * Beyond Django, a timestamp more than `maxClockSkew` seconds in the future is refused.
 */
import { b62Encode } from './base62.js';
import { FutureTimestamp, SignatureExpired } from './errors.js';
import type { JsonValue } from './json.js';
import { type ReadObjectOptions, type Signable, Signer, type SignerOptions, toText, type WriteObjectOptions } from './signer.js';
import { splitTimestamp } from './token.js';
import { usesNode } from './runtime.js';

/** Timestamps further ahead than this many seconds are refused: 60 by default. */
export const MAX_CLOCK_SKEW = 60;

export interface TimestampSignerOptions extends SignerOptions {
  /** The clock, in milliseconds since the epoch (`Date.now` by default). Tests freeze it. */
  now?: () => number;
  /** Seconds a timestamp may lie in the future (clock skew between servers) before it is refused. */
  maxClockSkew?: number;
}

export interface UnsignOptions {
  /** Maximum age in seconds; older signatures raise `SignatureExpired`. Omitted: no age limit. */
  maxAge?: number;
}

/** A verified timestamped value. */
export interface VerifiedTimestamped<T> {
  value: T;
  /** When it was signed, in whole seconds since the epoch. */
  timestamp: number;
  /** True when a fallback key or legacy algorithm verified it. */
  rotated: boolean;
}

export interface SignTimestampOptions {
  /** Sign as of this time (whole seconds since the epoch) instead of now: re-issuing keeps the original time. */
  timestamp?: number;
}

export class TimestampSigner extends Signer {
  readonly #now: () => number;
  readonly #maxClockSkew: number;

  constructor(options: TimestampSignerOptions) {
    super(options);
    this.#now = options.now ?? Date.now;
    this.#maxClockSkew = options.maxClockSkew ?? MAX_CLOCK_SKEW;
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

  override sign(value: Signable, options: SignTimestampOptions = {}): string {
    return super.sign(`${toText(value)}${this.sep}${this.#stamp(options)}`);
  }

  override async asign(value: Signable, options: SignTimestampOptions = {}): Promise<string> {
    return super.asign(`${toText(value)}${this.sep}${this.#stamp(options)}`);
  }

  override unsign(signed: string, options: UnsignOptions = {}): string {
    return this.verifyTimestamped(signed, options).value;
  }

  override async aunsign(signed: string, options: UnsignOptions = {}): Promise<string> {
    return (await this.averifyTimestamped(signed, options)).value;
  }

  /** Verifies signature and age; returns the value with its timestamp and whether it needs re-signing. */
  verifyTimestamped(signed: string, options: UnsignOptions = {}): VerifiedTimestamped<string> {
    return this.#checkTime(this.verify(signed), options);
  }

  async averifyTimestamped(signed: string, options: UnsignOptions = {}): Promise<VerifiedTimestamped<string>> {
    return this.#checkTime(await this.averify(signed), options);
  }

  override signObject(value: unknown, options: WriteObjectOptions & SignTimestampOptions = {}): string {
    return super.signObject(value, options);
  }

  override asignObject(value: unknown, options: WriteObjectOptions & SignTimestampOptions = {}): Promise<string> {
    return super.asignObject(value, options);
  }

  protected override signPayload(payload: string, options: WriteObjectOptions & SignTimestampOptions): string {
    return this.sign(payload, options);
  }

  protected override asignPayload(payload: string, options: WriteObjectOptions & SignTimestampOptions): Promise<string> {
    return this.asign(payload, options);
  }

  override unsignObject(signed: string, options: ReadObjectOptions & UnsignOptions = {}): JsonValue {
    return this.verifyObject(signed, options).value;
  }

  override async aunsignObject(signed: string, options: ReadObjectOptions & UnsignOptions = {}): Promise<JsonValue> {
    return (await this.averifyObject(signed, options)).value;
  }

  /** `unsignObject` with the signing time and the rotation flag. */
  verifyObject(signed: string, options: ReadObjectOptions & UnsignOptions = {}): VerifiedTimestamped<JsonValue> {
    const token = this.parseToken(signed, options);
    const rotated = this.verifyParts(token.message, token.signature);
    const timestamp = this.#checkAge(token.timestamp!, options);
    return { value: this.decodeSync(token, options.json), timestamp, rotated };
  }

  async averifyObject(signed: string, options: ReadObjectOptions & UnsignOptions = {}): Promise<VerifiedTimestamped<JsonValue>> {
    // On node:crypto the async form is the sync one: calling it directly saves a promise per step.
    if (usesNode(this.backend)) return this.verifyObject(signed, options);
    const token = this.parseToken(signed, options);
    const rotated = await this.averifyParts(token.message, token.signature);
    const timestamp = this.#checkAge(token.timestamp!, options);
    return { value: this.decodeWeb(token, options.json), timestamp, rotated };
  }

  #stamp(options: SignTimestampOptions): string {
    return options.timestamp === undefined ? this.timestamp() : b62Encode(options.timestamp);
  }

  #checkTime({ value: message, rotated }: { value: string; rotated: boolean }, options: UnsignOptions): VerifiedTimestamped<string> {
    const { value, timestamp } = splitTimestamp(message, this.sep);
    return { value, timestamp: this.#checkAge(timestamp, options), rotated };
  }

  /** Refuses a timestamp older than `maxAge` or too far in the future; returns it. */
  #checkAge(timestamp: number, { maxAge }: UnsignOptions): number {
    const now = this.#now() / 1000;
    // Django compares a float clock with the integer timestamp: age == maxAge passes, a millisecond more does not.
    const age = now - timestamp;
    if (maxAge !== undefined && age > maxAge) throw new SignatureExpired(`Signature age ${age} > ${maxAge} seconds`);
    if (-age > this.#maxClockSkew) throw new FutureTimestamp(`Signature timestamp is ${-age} seconds in the future`);
    return timestamp;
  }
}

/**
 * Why a token was refused. Every read-path error carries one, so an app can log or count refusals
 * without parsing messages; none of them ever contains the secret, a derived key or the expected MAC.
 */
export type RefusalReason =
  | 'malformed'
  | 'too-large'
  | 'bad-signature'
  | 'expired'
  | 'future-timestamp'
  | 'payload'
  | 'payload-too-large'
  | 'ambiguous'
  | 'rejected';

/** Base of every error raised while reading a signed value. */
export class TokenError extends Error {
  readonly reason: RefusalReason;
  constructor(message: string, reason: RefusalReason) {
    super(message);
    this.name = new.target.name;
    this.reason = reason;
  }
}

/**
 * The signature does not verify under any configured key (Django's `BadSignature`).
 * Everything a forger can produce without a key is a `BadSignature` or one of its subclasses.
 */
export class BadSignature extends TokenError {
  constructor(message: string, reason: RefusalReason = 'bad-signature') {
    super(message, reason);
  }
}

/** The value is not shaped like a token at all: wrong parts, alphabet or encoding. Checked before any HMAC. */
export class MalformedToken extends BadSignature {
  constructor(message: string, reason: RefusalReason = 'malformed') {
    super(message, reason);
  }
}

/** The value is longer than the configured cap (4096 by default). Checked before anything else. */
export class TokenTooLarge extends MalformedToken {
  constructor(message: string) {
    super(message, 'too-large');
  }
}

/** The signature is valid but older than `maxAge` (Django's `SignatureExpired`). */
export class SignatureExpired extends BadSignature {
  constructor(message: string, reason: RefusalReason = 'expired') {
    super(message, reason);
  }
}

/** The signature is valid but its timestamp lies further in the future than the allowed clock skew. */
export class FutureTimestamp extends SignatureExpired {
  constructor(message: string) {
    super(message, 'future-timestamp');
  }
}

/** The signature is valid but the payload cannot be decoded: base64, zlib or JSON, or a forbidden shape. */
export class PayloadError extends TokenError {
  constructor(message: string, reason: RefusalReason = 'payload') {
    super(message, reason);
  }
}

/** A payload (read or about to be written) exceeds the size or nesting cap. */
export class PayloadTooLarge extends PayloadError {
  /** When writing: the length the signed token would have had. */
  readonly tokenLength: number | undefined;
  constructor(message: string, tokenLength?: number) {
    super(message, 'payload-too-large');
    this.tokenLength = tokenLength;
  }
}

/** The request carried several different valid session cookies: none is trusted (docs/security.md #47). */
export class AmbiguousToken extends TokenError {
  constructor(message: string) {
    super(message, 'ambiguous');
  }
}

/** A verified session refused by the app's `validate` hook (revoked). */
export class RejectedToken extends TokenError {
  constructor(message: string) {
    super(message, 'rejected');
  }
}

/** An algorithm name that is not one of sha1, sha256, sha384, sha512. */
export class InvalidAlgorithm extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAlgorithm';
  }
}

/** A configuration mistake, raised when a signer, store or middleware is created, never per request. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A sync method was called on a runtime without node:crypto / node:zlib (Workers, browsers). */
export class RuntimeUnsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeUnsupported';
  }
}

/** Shortens a received signature for messages: enough to correlate, never the whole value. */
export function redact(value: string): string {
  return value.length > 8 ? `${value.slice(0, 8)}…` : value;
}

/** The session layer's errors: Python's `KeyError`, the refusals only a session can make, and misuse. */
import { SignedCookieError, TokenError } from '../signing/errors.js';

/** Python's `KeyError`: the key is not in the session (`remove`, `pop` without a default, `deleteTestCookie`). */
export class KeyError extends SignedCookieError {
  readonly key: string;
  constructor(key: string) {
    super(`'${key}'`);
    this.name = 'KeyError';
    this.key = key;
  }
}

/** A `SessionBase` method that a storage back end must provide was called on the bare base class. */
export class NotImplementedError extends SignedCookieError {
  constructor(message: string) {
    super(message);
    this.name = 'NotImplementedError';
  }
}

/**
 * The session was changed after its cookie was written into the response (the head was already sent, or
 * the response already returned): the change would be lost, so it is refused instead.
 */
export class HeadersSentError extends SignedCookieError {
  constructor() {
    super(
      'The session cookie was already written into the response; this change to the session would be lost. Change the session before the response starts (before res.write, res.flushHeaders or returning the Response).',
    );
    this.name = 'HeadersSentError';
  }
}

/** The request carried several different valid session cookies: none is trusted (docs/security.md #47). */
export class AmbiguousToken extends TokenError {
  constructor(message: string) {
    super(message, 'ambiguous');
    this.name = 'AmbiguousToken';
  }
}

/** A verified session refused by the app's `validate` hook (revoked). */
export class RejectedToken extends TokenError {
  constructor(message: string) {
    super(message, 'rejected');
    this.name = 'RejectedToken';
  }
}

/**
 * The `validate` hook could not get an answer in time (a revocation store down or slow): the session is
 * refused for this request, but its cookie is kept, so it works again once the store answers.
 */
export class ValidationUnavailable extends TokenError {
  constructor(message: string, cause?: unknown) {
    super(message, 'unavailable');
    this.name = 'ValidationUnavailable';
    if (cause !== undefined) this.cause = cause;
  }
}

/**
 * A session value cannot be read without loss: it holds an integer beyond ±2^53, which a JS number would
 * round. The value is kept as its JSON text and saved back unchanged; set it to replace it, or read such
 * integers as `BigInt` with the `bigIntegers: 'bigint'` option.
 */
export class UnreadableValueError extends SignedCookieError {
  readonly key: string;
  constructor(key: string) {
    super(
      `The session value "${key}" holds an integer beyond ±2^53, which a JS number would round. It is kept and saved back exactly as it was; to read it, use the bigIntegers: 'bigint' option (it reads as a BigInt).`,
    );
    this.name = 'UnreadableValueError';
    this.key = key;
  }
}

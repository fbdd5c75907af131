/**
 * The CSRF state of one request, as Django keeps it in `request.META["CSRF_COOKIE"]` and
 * `CSRF_COOKIE_NEEDS_UPDATE`: the secret in use, whether the response must send it, and the check.
 */
import { type SerializeOptions, serialize } from 'cookie';
import type { SessionBase } from '../session/session-base.js';
import type { JsonValue } from '../signing/json.js';
import { checkCsrf, type CsrfSecret, type CsrfVerdict } from './csrf-check.js';
import type { ResolvedCsrfOptions } from './csrf-options.js';
import type { CsrfRequest } from './csrf-request.js';
import {
  CSRF_TOKEN_LENGTH,
  maskCipherSecret,
  newCsrfSecret,
  tokenFormatProblem,
  unmaskCipherToken,
} from './csrf-token.js';
import { CSRF_SESSION_KEY } from './session-keys.js';

type AnySession = SessionBase<Record<string, JsonValue>>;

/** Django's `_get_secret` for a value read from the cookie (format checked) or the session (not). */
export function secretFrom(value: unknown, checkFormat: boolean): CsrfSecret {
  if (typeof value !== 'string') return { secret: undefined };
  if (checkFormat) {
    const problem = tokenFormatProblem(value);
    if (problem) return { secret: undefined, problem: `CSRF cookie ${problem}.` };
  }
  // Django before 4.0 (and 4.x with CSRF_COOKIE_MASKED) stored the masked form.
  return { secret: value.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(value) : value };
}

/** The CSRF cookie to write: see `RequestCsrf.commitCookie`. */
export interface CsrfCookie {
  name: string;
  value: string;
  attributes: SerializeOptions;
}

export class RequestCsrf {
  readonly #options: ResolvedCsrfOptions;
  /** The secret the request carried in its cookie (cookie mode); the session is read afresh instead. */
  readonly #fromCookie: CsrfSecret;
  readonly #session: AnySession | undefined;
  #secret: string | undefined;
  #needsUpdate = false;

  /** @internal Made by `Csrf.open`. */
  constructor(options: ResolvedCsrfOptions, found: CsrfSecret, session: AnySession | undefined) {
    this.#options = options;
    this.#fromCookie = found;
    this.#session = session;
    // Django's process_request: a malformed secret is replaced; a good one is kept (unmasked).
    if (found.secret !== undefined) this.#secret = found.secret;
    else if (found.problem !== undefined) this.#renew();
  }

  /**
   * Django's `get_token(request)`: a freshly masked token for a form or a header, creating the secret if
   * the request had none. The response then sends the secret (cookie mode) or keeps it in the session.
   */
  token(): string {
    if (this.#secret === undefined) this.#renew();
    else this.#markUpdated();
    return maskCipherSecret(this.#secret!);
  }

  /** Django's `rotate_token(request)`: a new secret, as at login. Earlier tokens stop matching. */
  rotate(): void {
    this.#renew();
  }

  /** The unmasked secret now in use (the cookie's value), if any. */
  get secret(): string | undefined {
    return this.#secret;
  }

  /** Django's `CsrfViewMiddleware.process_view` verdict for this request. */
  check(request: CsrfRequest): CsrfVerdict {
    const found =
      this.#session && this.#options.useSessions
        ? secretFrom(this.#session.get(CSRF_SESSION_KEY), false)
        : this.#fromCookie;
    return checkCsrf(request, found, this.#options);
  }

  /**
   * Django's `process_response`: the `Set-Cookie` header for the CSRF cookie when the secret was used or
   * changed (send it with `Vary: Cookie`), else undefined. With `useSessions`, the session already holds
   * the secret and this is always undefined.
   */
  commit(now: number = Date.now()): string | undefined {
    const cookie = this.commitCookie(now);
    return cookie && serialize(cookie.name, cookie.value, cookie.attributes);
  }

  /**
   * What `commit` writes, as a name, a value and the `cookie` package's attributes: for a framework that
   * sets cookies through its own API (Next.js's `cookies().set()`). The value is `[A-Za-z0-9]` only, so
   * no framework's encoding changes it.
   */
  commitCookie(now: number = Date.now()): CsrfCookie | undefined {
    if (!this.#needsUpdate || this.#options.useSessions) return undefined;
    this.#needsUpdate = false;
    const o = this.#options;
    return {
      name: o.cookieName,
      value: this.#secret!,
      attributes: {
        ...(o.cookieAge === null
          ? {}
          : { maxAge: Math.trunc(o.cookieAge), expires: new Date(Math.floor(now / 1000 + o.cookieAge) * 1000) }),
        domain: o.cookieDomain,
        path: o.cookiePath,
        secure: o.cookieSecure,
        httpOnly: o.cookieHttpOnly,
        sameSite:
          o.cookieSameSite === false ? undefined : (o.cookieSameSite.toLowerCase() as 'lax' | 'strict' | 'none'),
      },
    };
  }

  #renew(): void {
    this.#secret = newCsrfSecret();
    this.#markUpdated();
  }

  /** With `useSessions` the session is written at once (Django does it at response time; same result). */
  #markUpdated(): void {
    this.#needsUpdate = true;
    if (this.#options.useSessions && this.#session && this.#session.get(CSRF_SESSION_KEY) !== this.#secret) {
      this.#session.set(CSRF_SESSION_KEY, this.#secret!);
    }
  }
}

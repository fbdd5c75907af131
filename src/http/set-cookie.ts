/**
 * The session `Set-Cookie` header, serialised by the `cookie` package. The value is the raw token: every
 * character is a cookie-octet, and percent-encoding `:` would make it unreadable to Django.
 */
import { serialize } from 'cookie';
import { CookieTooLarge } from './errors.js';
import { MAX_COOKIE_AGE } from '../session/settings.js';
import type { ResolvedCookieOptions } from './cookie-options.js';

/**
 * Browsers keep a cookie whose name and value together hold at most 4096 bytes; the attributes do not
 * count, and each attribute value's limit is checked with the options (src/headers/cookie-attributes.ts).
 */
export const MAX_COOKIE_BYTES = 4096;

const identity = (value: string): string => value;

/** The attributes every session cookie and its deletion share. */
function attributes(options: ResolvedCookieOptions) {
  return {
    encode: identity,
    domain: options.domain,
    path: options.path,
    secure: options.secure,
    httpOnly: options.httpOnly,
    sameSite: options.sameSite === false ? undefined : (options.sameSite.toLowerCase() as 'lax' | 'strict' | 'none'),
    partitioned: options.partitioned,
  };
}

/**
 * Writes the session cookie of one middleware. Everything after the value depends only on the options,
 * `Max-Age` and the `Expires` second, so `cookie` serialises it once per second (and per lifetime) and
 * each response only joins name, value and that tail: the value is always a token this library signed
 * (base64url, ":" and base62), so it needs no per-response validation or encoding.
 */
export class SessionCookieWriter {
  readonly #options: ResolvedCookieOptions;
  readonly #prefix: string;
  readonly #deletion: string;
  #tail = { maxAge: NaN, expires: NaN, text: '' };
  #browserSessionTail: string | undefined;

  constructor(options: ResolvedCookieOptions) {
    this.#options = options;
    this.#prefix = `${options.cookieName}=`;
    // The deletion: empty value, `Max-Age=0`, epoch `Expires`, and the same Path, Domain, Secure, SameSite and Partitioned.
    this.#deletion = serialize(options.cookieName, '', { ...attributes(options), maxAge: 0, expires: new Date(0) });
  }

  /**
   * `Set-Cookie` for a session; no Max-Age/Expires for a browser-session cookie (`maxAge` undefined).
   * Max-Age as Django writes it (`int(age)`), capped at the 400 days browsers keep a cookie. Throws
   * `CookieTooLarge` when name and value would pass 4096 bytes (both are ASCII: one byte a character).
   */
  write(value: string, maxAge: number | undefined, now: number): string {
    const { cookieName } = this.#options;
    if (cookieName.length + value.length > MAX_COOKIE_BYTES)
      throw new CookieTooLarge(cookieName, cookieName.length + value.length, MAX_COOKIE_BYTES);
    return `${this.#prefix}${value}${this.#tailFor(maxAge, now)}`;
  }

  /** The header that deletes the cookie. */
  deletion(): string {
    return this.#deletion;
  }

  #tailFor(maxAge: number | undefined, now: number): string {
    if (maxAge === undefined) return (this.#browserSessionTail ??= this.#serializeTail({}));
    const age = Math.min(maxAge, MAX_COOKIE_AGE);
    const wholeAge = Math.trunc(age);
    const expires = Math.floor(now / 1000 + age);
    const tail = this.#tail;
    if (tail.maxAge === wholeAge && tail.expires === expires) return tail.text;
    const text = this.#serializeTail({ maxAge: wholeAge, expires: new Date(expires * 1000) });
    this.#tail = { maxAge: wholeAge, expires, text };
    return text;
  }

  /** What `cookie` writes after the value, for a placeholder value. */
  #serializeTail(lifetime: { maxAge?: number; expires?: Date }): string {
    const { cookieName } = this.#options;
    return serialize(cookieName, 'v', { ...attributes(this.#options), ...lifetime }).slice(cookieName.length + 2);
  }
}

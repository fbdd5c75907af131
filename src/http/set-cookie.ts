/**
 * The session `Set-Cookie` header, serialised by the `cookie` package. The value is the raw token: every
 * character is a cookie-octet, and percent-encoding `:` would make it unreadable to Django.
 */
import { serialize } from 'cookie';
import { CookieTooLarge } from './errors.js';
import { MAX_COOKIE_AGE } from '../session/settings.js';
import type { ResolvedCookieOptions } from './cookie-options.js';

/** Browsers keep cookies up to 4096 bytes of name, value and attributes. */
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

/** Max-Age as Django writes it (`int(age)`), capped at the 400 days browsers keep a cookie. */
function lifetime(maxAge: number, now: number): { maxAge: number; expires: Date } {
  const age = Math.min(maxAge, MAX_COOKIE_AGE);
  return { maxAge: Math.trunc(age), expires: new Date(Math.floor(now / 1000 + age) * 1000) };
}

/** `Set-Cookie` for a session; no Max-Age/Expires for a browser-session cookie (`maxAge` undefined). */
export function sessionCookie(options: ResolvedCookieOptions, value: string, maxAge: number | undefined, now: number): string {
  const header = serialize(options.cookieName, value, {
    ...attributes(options),
    ...(maxAge === undefined ? {} : lifetime(maxAge, now)),
  });
  if (header.length > MAX_COOKIE_BYTES) throw new CookieTooLarge(options.cookieName, header.length, MAX_COOKIE_BYTES);
  return header;
}

/** The deletion: empty value, `Max-Age=0`, epoch `Expires`, and the same Path, Domain, Secure, SameSite and Partitioned. */
export function deletionCookie(options: ResolvedCookieOptions): string {
  return serialize(options.cookieName, '', { ...attributes(options), maxAge: 0, expires: new Date(0) });
}

/**
 * CSRF settings: camelCase forms of Django's `CSRF_*` settings, with Django's defaults except `secure`
 * (on, as for the session cookie here). Checked once, when `Csrf` is made, by the session cookie's rules
 * (src/headers/cookie-attributes.ts).
 */
import { checkCookieAttributes, type SameSite } from '../headers/cookie-attributes.js';
import { ConfigError } from '../signing/errors.js';

export type { SameSite } from '../headers/cookie-attributes.js';

export interface CsrfOptions {
  /** Django's `CSRF_USE_SESSIONS`: keep the secret in the session (`_csrftoken`) instead of a cookie. */
  useSessions?: boolean;
  /** Django's `CSRF_COOKIE_NAME`: `csrftoken`. */
  cookieName?: string;
  /** Django's `CSRF_COOKIE_AGE` in seconds: 31449600 (a year); null for a browser-session cookie. */
  cookieAge?: number | null;
  /** Django's `CSRF_COOKIE_DOMAIN`: none (host-only). Also widens the Referer check, as in Django. */
  cookieDomain?: string;
  /** Django's `CSRF_COOKIE_PATH`: `/`. */
  cookiePath?: string;
  /** Django's `CSRF_COOKIE_SECURE`; true here by default (Django: false), like the session cookie. */
  cookieSecure?: boolean;
  /** Django's `CSRF_COOKIE_HTTPONLY`: false (pages read the token from the cookie). */
  cookieHttpOnly?: boolean;
  /** Django's `CSRF_COOKIE_SAMESITE`: `Lax`. */
  cookieSameSite?: SameSite;
  /** The header a token may come in, Django's `CSRF_HEADER_NAME` (`HTTP_X_CSRFTOKEN`): `X-CSRFToken`. */
  headerName?: string;
  /** Django's `CSRF_TRUSTED_ORIGINS`: origins such as `https://example.com` or `https://*.example.com`. */
  trustedOrigins?: readonly string[];
  /**
   * Django's `ALLOWED_HOSTS`, for the same-origin check: a request whose Host is not allowed is same-origin
   * with nothing. Unset, any Host is taken as the site's own (the server should be reachable by its names only).
   */
  allowedHosts?: readonly string[];
  /** Django's `SESSION_COOKIE_DOMAIN`, which the Referer check uses instead of `cookieDomain` with `useSessions`. */
  sessionCookieDomain?: string;
  /** Trust `X-Forwarded-Proto` (its first value) to tell whether the request came over HTTPS (Django's `SECURE_PROXY_SSL_HEADER`). */
  trustProxy?: boolean;
}

export interface ResolvedCsrfOptions {
  useSessions: boolean;
  cookieName: string;
  cookieAge: number | null;
  cookieDomain: string | undefined;
  cookiePath: string;
  cookieSecure: boolean;
  cookieHttpOnly: boolean;
  cookieSameSite: SameSite;
  headerName: string;
  trustedOrigins: readonly string[];
  allowedHosts: readonly string[] | undefined;
  sessionCookieDomain: string | undefined;
  trustProxy: boolean;
}

/** Django's `CSRF_COOKIE_AGE` default. */
export const CSRF_COOKIE_AGE = 31_449_600;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function resolveCsrfOptions(options: CsrfOptions = {}): ResolvedCsrfOptions {
  const cookie = {
    name: options.cookieName ?? 'csrftoken',
    domain: options.cookieDomain,
    path: options.cookiePath ?? '/',
    secure: options.cookieSecure ?? true,
    httpOnly: options.cookieHttpOnly ?? false,
    sameSite: options.cookieSameSite ?? 'Lax',
  };
  const problem = checkCookieAttributes(cookie, 'CSRF');
  if (problem) throw new ConfigError(problem);
  const cookieAge = options.cookieAge === undefined ? CSRF_COOKIE_AGE : options.cookieAge;
  if (cookieAge !== null && (!Number.isFinite(cookieAge) || cookieAge <= 0))
    throw new ConfigError('cookieAge must be a positive number of seconds, or null.');
  const headerName = options.headerName ?? 'X-CSRFToken';
  if (!TOKEN.test(headerName)) throw new ConfigError(`Invalid header name ${JSON.stringify(headerName)}.`);
  const trustedOrigins = options.trustedOrigins ?? [];
  for (const origin of trustedOrigins) {
    // Django's check 4_0.E001: every trusted origin names its scheme.
    if (typeof origin !== 'string' || !origin.includes('://'))
      throw new ConfigError(
        `Trusted origin ${JSON.stringify(origin)} must start with a scheme, e.g. "https://example.com" (Django's 4_0.E001).`,
      );
  }
  return {
    useSessions: options.useSessions ?? false,
    cookieName: cookie.name,
    cookieAge,
    cookieDomain: cookie.domain,
    cookiePath: cookie.path,
    cookieSecure: cookie.secure,
    cookieHttpOnly: cookie.httpOnly,
    cookieSameSite: cookie.sameSite,
    headerName,
    trustedOrigins,
    allowedHosts: options.allowedHosts,
    sessionCookieDomain: options.sessionCookieDomain,
    trustProxy: options.trustProxy ?? false,
  };
}

/**
 * Session cookie attributes: Django's defaults (`sessionid`, `Path=/`, `HttpOnly`, `SameSite=Lax`) except
 * `Secure`, on by default (docs/design.md decision 10). Checked when the middleware is made, never per request.
 */
import { checkCookieAttributes, type SameSite } from '../headers/cookie-attributes.js';
import { ConfigError } from '../signing/errors.js';

export type { SameSite } from '../headers/cookie-attributes.js';

export interface CookieOptions {
  /** Django's `SESSION_COOKIE_NAME`: `sessionid`. */
  cookieName?: string;
  /** Django's `SESSION_COOKIE_DOMAIN`: none (host-only). */
  domain?: string;
  /** Django's `SESSION_COOKIE_PATH`: `/`. */
  path?: string;
  /** Django's `SESSION_COOKIE_SECURE`; true here by default (Django: false). */
  secure?: boolean;
  /** Django's `SESSION_COOKIE_HTTPONLY`: true. */
  httpOnly?: boolean;
  /** Django's `SESSION_COOKIE_SAMESITE`: `Lax`; false omits the attribute. */
  sameSite?: SameSite;
  /** CHIPS `Partitioned`; requires `secure`. */
  partitioned?: boolean;
  /** Django's `SESSION_SAVE_EVERY_REQUEST`: re-sign on every response (sliding expiry). */
  saveEveryRequest?: boolean;
}

export type ResolvedCookieOptions = Required<Omit<CookieOptions, 'domain'>> & { domain: string | undefined };

export function resolveCookieOptions(options: CookieOptions): ResolvedCookieOptions {
  const resolved: ResolvedCookieOptions = {
    cookieName: options.cookieName ?? 'sessionid',
    domain: options.domain,
    path: options.path ?? '/',
    secure: options.secure ?? true,
    httpOnly: options.httpOnly ?? true,
    sameSite: options.sameSite ?? 'Lax',
    partitioned: options.partitioned ?? false,
    saveEveryRequest: options.saveEveryRequest ?? false,
  };
  const problem = checkCookieAttributes({ ...resolved, name: resolved.cookieName }, 'session');
  if (problem) throw new ConfigError(problem);
  return resolved;
}

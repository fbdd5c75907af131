/**
 * Session cookie attributes: Django's defaults (`sessionid`, `Path=/`, `HttpOnly`, `SameSite=Lax`) except
 * `Secure`, on by default (docs/design.md decision 10). Checked when the middleware is made, never per request.
 */
import { ConfigError } from '../signing/errors.js';
import { MAX_ATTRIBUTE_BYTES } from './set-cookie.js';

export type SameSite = 'Lax' | 'Strict' | 'None' | false;

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

// RFC 6265 token characters for the name; attribute values may not hold ; , or control characters.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ATTRIBUTE_VALUE = /^[\x21-\x2b\x2d-\x3a\x3c-\x7e]+$/;

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
  const { cookieName: name, domain, path, secure, sameSite } = resolved;
  if (!COOKIE_NAME.test(name))
    throw new ConfigError(
      `Invalid cookie name ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only.`,
    );
  if (domain !== undefined && !ATTRIBUTE_VALUE.test(domain))
    throw new ConfigError(`Invalid cookie domain ${JSON.stringify(domain)}.`);
  if (!path.startsWith('/') || !ATTRIBUTE_VALUE.test(path))
    throw new ConfigError(
      `Invalid cookie path ${JSON.stringify(path)}: it must start with "/" and hold no ";", "," or spaces.`,
    );
  for (const [what, value] of [
    ['domain', domain],
    ['path', path],
  ] as const) {
    if (value !== undefined && value.length > MAX_ATTRIBUTE_BYTES)
      throw new ConfigError(
        `The cookie ${what} is ${value.length} bytes; browsers ignore attribute values over ${MAX_ATTRIBUTE_BYTES}.`,
      );
  }
  if (sameSite !== false && !['Lax', 'Strict', 'None'].includes(sameSite))
    throw new ConfigError('sameSite must be "Lax", "Strict", "None" or false.');
  const lower = name.toLowerCase();
  if ((lower.startsWith('__secure-') || lower.startsWith('__host-')) && !secure) {
    throw new ConfigError(
      `Cookies with names starting with "${name.slice(0, name.indexOf('-') + 1)}" must set secure: true.`,
    );
  }
  if (lower.startsWith('__host-') && path !== '/')
    throw new ConfigError('Cookies with names starting with "__Host-" must set path: "/".');
  if (lower.startsWith('__host-') && domain !== undefined)
    throw new ConfigError('Cookies with names starting with "__Host-" must not set a domain.');
  if (resolved.partitioned && !secure) throw new ConfigError('A partitioned cookie must set secure: true.');
  if (sameSite === 'None' && !secure)
    throw new ConfigError('sameSite: "None" requires secure: true; browsers refuse it otherwise.');
  return resolved;
}

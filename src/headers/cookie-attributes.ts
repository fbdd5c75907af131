/**
 * The cookie attributes a browser would refuse or mangle, checked once when a cookie's options are made:
 * the session cookie's (src/http) and Django's CSRF cookie's (src/django) by the same rules. Returns the
 * problem as a sentence for the caller's `ConfigError` (this layer sits below the error types).
 */

/** The `SameSite` attribute; false leaves it out. */
export type SameSite = 'Lax' | 'Strict' | 'None' | false;

/** The attributes checked, as a cookie's resolved options hold them. */
export interface CookieAttributes {
  name: string;
  domain: string | undefined;
  path: string;
  secure: boolean;
  sameSite: SameSite;
  partitioned?: boolean;
}

/** Browsers ignore an attribute value over this many bytes (RFC 6265bis §5.6, as Chromium and Firefox do). */
export const MAX_ATTRIBUTE_BYTES = 1024;

// RFC 6265 token characters for the name; attribute values may not hold ; , or control characters.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ATTRIBUTE_VALUE = /^[\x21-\x2b\x2d-\x3a\x3c-\x7e]+$/;

/** Why these attributes would not reach the browser as written, naming the cookie by `label`; or undefined. */
export function checkCookieAttributes(cookie: CookieAttributes, label: string): string | undefined {
  const { name, domain, path, secure, sameSite } = cookie;
  if (!COOKIE_NAME.test(name))
    return `Invalid ${label} cookie name ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only.`;
  if (domain !== undefined && !ATTRIBUTE_VALUE.test(domain))
    return `Invalid ${label} cookie domain ${JSON.stringify(domain)}.`;
  if (!path.startsWith('/') || !ATTRIBUTE_VALUE.test(path))
    return `Invalid ${label} cookie path ${JSON.stringify(path)}: it must start with "/" and hold no ";", "," or spaces.`;
  // The characters allowed above are ASCII: one byte each.
  for (const [what, value] of [
    ['domain', domain],
    ['path', path],
  ] as const) {
    if (value !== undefined && value.length > MAX_ATTRIBUTE_BYTES)
      return `The ${label} cookie ${what} is ${value.length} bytes; browsers ignore attribute values over ${MAX_ATTRIBUTE_BYTES}.`;
  }
  if (sameSite !== false && !['Lax', 'Strict', 'None'].includes(sameSite))
    return `The ${label} cookie's SameSite must be "Lax", "Strict", "None" or false.`;
  const lower = name.toLowerCase();
  if ((lower.startsWith('__secure-') || lower.startsWith('__host-')) && !secure)
    return `A ${label} cookie named "${name}" must be Secure: browsers refuse names starting with "${name.slice(0, name.indexOf('-') + 1)}" otherwise.`;
  if (lower.startsWith('__host-') && path !== '/') return `A ${label} cookie named "${name}" needs path "/".`;
  if (lower.startsWith('__host-') && domain !== undefined)
    return `A ${label} cookie named "${name}" must not set a domain.`;
  if (cookie.partitioned && !secure) return `A partitioned ${label} cookie must be Secure.`;
  if (sameSite === 'None' && !secure)
    return `A ${label} cookie with SameSite=None must be Secure; browsers refuse it otherwise.`;
  return undefined;
}

/**
 * The few pieces of Python's `urllib.parse.urlsplit` and `django.utils.http` that Django's CSRF checks
 * use, with their quirks: the scheme is lowercased, the netloc is not, and a netloc with one unbalanced
 * bracket is an error (Python's "Invalid IPv6 URL"), which the checks treat as a refusal.
 */

/** `urlsplit(url).scheme` and `.netloc`, or undefined where Python raises `ValueError`. */
export function splitUrl(url: string): { scheme: string; netloc: string } | undefined {
  // Python removes tabs and newlines anywhere, and C0 controls and spaces at the start.
  let rest = url.replace(/[\t\r\n]/g, '');
  let start = 0;
  while (start < rest.length && rest.charCodeAt(start) <= 0x20) start++;
  rest = rest.slice(start);
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const after = rest.slice(2);
    const end = after.search(/[/?#]/);
    netloc = end === -1 ? after : after.slice(0, end);
    if (netloc.includes('[') !== netloc.includes(']')) return undefined;
  }
  return { scheme, netloc };
}

/**
 * Django's `is_same_domain(host, pattern)`: an exact match, or for a pattern starting with "." the domain
 * itself and every subdomain. The pattern is lowercased, the host is not.
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const lower = pattern.toLowerCase();
  return (lower.startsWith('.') && (host.endsWith(lower) || host === lower.slice(1))) || lower === host;
}

const HOST = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/;

/** Django's `split_domain_port`: the lowercased domain (trailing dot dropped) and port, or empty strings. */
export function splitDomainPort(host: string): [domain: string, port: string] {
  const lower = host.toLowerCase();
  if (!HOST.test(lower)) return ['', ''];
  if (lower.endsWith(']')) return [lower, ''];
  const colon = lower.lastIndexOf(':');
  const [domain, port] = colon === -1 ? [lower, ''] : [lower.slice(0, colon), lower.slice(colon + 1)];
  return [domain.endsWith('.') ? domain.slice(0, -1) : domain, port];
}

/** Django's `validate_host` against `ALLOWED_HOSTS` ("*", ".example.com" or an exact name). */
export function isAllowedHost(host: string, allowedHosts: readonly string[]): boolean {
  const [domain] = splitDomainPort(host);
  return domain !== '' && allowedHosts.some((pattern) => pattern === '*' || isSameDomain(domain, pattern));
}

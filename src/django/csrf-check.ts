/**
 * Django's `CsrfViewMiddleware.process_view` for one request (4.0+): unsafe methods must come from a
 * trusted origin (the `Origin` header, or on HTTPS without it the `Referer`) and carry a token, masked or
 * not, that matches the secret. The reasons are Django's own messages.
 */
import { constantTimeEqual } from './constant-time.js';
import type { ResolvedCsrfOptions } from './csrf-options.js';
import { type CsrfRequest, SAFE_METHODS } from './csrf-request.js';
import { CSRF_TOKEN_LENGTH, tokenFormatProblem, unmaskCipherToken } from './csrf-token.js';
import { isAllowedHost, isSameDomain, splitUrl } from './url-parts.js';

/** The verdict: accepted, or refused with Django's reason (what its 403 page and log say). */
export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

/** Where the secret came from: a value, none, or a cookie Django would refuse (with its reason). */
export type CsrfSecret = { secret: string } | { secret: undefined; problem?: string };

const REASON_NO_REFERER = 'Referer checking failed - no Referer.';
const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.';
const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.';
const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.';
const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.';
const reasonBadOrigin = (origin: string) => `Origin checking failed - ${origin} does not match any trusted origins.`;
const reasonBadReferer = (referer: string) =>
  `Referer checking failed - ${referer} does not match any trusted origins.`;

/** Django's `get_host()`: the Host, or undefined where Django raises `DisallowedHost`. */
function goodHost(request: CsrfRequest, options: ResolvedCsrfOptions): string | undefined {
  const { host } = request;
  if (host === undefined || host === '') return undefined;
  if (options.allowedHosts !== undefined && !isAllowedHost(host, options.allowedHosts)) return undefined;
  return host;
}

function originVerified(request: CsrfRequest, origin: string, options: ResolvedCsrfOptions): boolean {
  const host = goodHost(request, options);
  if (host !== undefined && origin === `${request.secure ? 'https' : 'http'}://${host}`) return true;
  const { trustedOrigins } = options;
  if (trustedOrigins.some((trusted) => !trusted.includes('*') && trusted === origin)) return true;
  const parsed = splitUrl(origin);
  if (!parsed) return false;
  return trustedOrigins.some((trusted) => {
    if (!trusted.includes('*')) return false;
    const pattern = splitUrl(trusted);
    return (
      pattern !== undefined &&
      pattern.scheme === parsed.scheme &&
      isSameDomain(parsed.netloc, pattern.netloc.replace(/^\*+/, ''))
    );
  });
}

/** Python's `SplitResult.geturl()` is close enough to the header itself for the message. */
function refererProblem(request: CsrfRequest, options: ResolvedCsrfOptions): string | undefined {
  if (request.referer === undefined) return REASON_NO_REFERER;
  const referer = splitUrl(request.referer);
  if (!referer || referer.scheme === '' || referer.netloc === '') return REASON_MALFORMED_REFERER;
  if (referer.scheme !== 'https') return REASON_INSECURE_REFERER;
  const trustedHosts = options.trustedOrigins.map((origin) => (splitUrl(origin)?.netloc ?? '').replace(/^\*+/, ''));
  if (trustedHosts.some((host) => isSameDomain(referer.netloc, host))) return undefined;
  const domain = options.useSessions ? options.sessionCookieDomain : options.cookieDomain;
  let good: string;
  if (domain === undefined) {
    const host = goodHost(request, options);
    if (host === undefined) return reasonBadReferer(request.referer);
    good = host;
  } else {
    good = request.port === '443' || request.port === '80' ? domain : `${domain}:${request.port}`;
  }
  return isSameDomain(referer.netloc, good) ? undefined : reasonBadReferer(request.referer);
}

function badTokenMessage(reason: string, source: 'POST' | string): string {
  // Django names the header as `HttpHeaders.parse_header_name` prints it: "X-Csrftoken".
  const where =
    source === 'POST'
      ? 'POST'
      : `the '${source.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())}' HTTP header`;
  return `CSRF token from ${where} ${reason}.`;
}

function tokenProblem(request: CsrfRequest, found: CsrfSecret, options: ResolvedCsrfOptions): string | undefined {
  if (found.secret === undefined) return found.problem ?? REASON_NO_CSRF_COOKIE;
  let token = request.method === 'POST' ? (request.formToken ?? '') : '';
  let source = 'POST';
  if (token === '') {
    if (request.headerToken === undefined) return REASON_CSRF_TOKEN_MISSING;
    token = request.headerToken;
    source = options.headerName;
  }
  const problem = tokenFormatProblem(token);
  if (problem) return badTokenMessage(problem, source);
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(token) : token;
  return constantTimeEqual(candidate, found.secret) ? undefined : badTokenMessage('incorrect', source);
}

/** Django's `process_view` verdict for a request, given the secret it carried. */
export function checkCsrf(request: CsrfRequest, found: CsrfSecret, options: ResolvedCsrfOptions): CsrfVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  let reason: string | undefined;
  if (request.origin !== undefined) {
    if (!originVerified(request, request.origin, options)) reason = reasonBadOrigin(request.origin);
  } else if (request.secure) {
    reason = refererProblem(request, options);
  }
  reason ??= tokenProblem(request, found, options);
  return reason === undefined ? { ok: true } : { ok: false, reason };
}

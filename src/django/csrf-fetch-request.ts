/**
 * CSRF glue for Fetch API requests and responses (the fetch and Hono adapters): the request's facts, and
 * the CSRF cookie added to a response (a copy when the response's headers are immutable).
 */
import { varyWithCookie } from '../headers/vary.js';
import type { Csrf } from './csrf.js';
import type { CsrfRequest } from './csrf-request.js';
import { formTokenOf } from './csrf-request.js';

/** The CSRF facts of a Fetch request; the Host is the URL's (what runtimes build it from). */
export function fetchCsrfRequest(request: Request, csrf: Csrf, formToken?: string): CsrfRequest {
  const url = new URL(request.url);
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const secure = url.protocol === 'https:' || (csrf.options.trustProxy && forwarded === 'https');
  return {
    method: request.method.toUpperCase(),
    secure,
    host: request.headers.get('host') ?? url.host,
    port: url.port || (url.protocol === 'https:' ? '443' : '80'),
    origin: request.headers.get('origin') ?? undefined,
    referer: request.headers.get('referer') ?? undefined,
    headerToken: request.headers.get(csrf.options.headerName) ?? undefined,
    formToken,
  };
}

/** The form token of a Fetch request, read from a clone so the handler can still read the body. */
export async function fetchFormToken(request: Request): Promise<string | undefined> {
  const type = request.headers.get('content-type') ?? undefined;
  if (request.method !== 'POST' || !type?.toLowerCase().startsWith('application/x-www-form-urlencoded'))
    return undefined;
  return formTokenOf(type, await request.clone().text());
}

/** The response with the CSRF cookie appended, and `Vary: Cookie`. */
export function withCsrfCookie(response: Response, cookie: string | undefined): Response {
  if (!cookie) return response;
  const apply = (headers: Headers) => {
    headers.append('set-cookie', cookie);
    headers.set('vary', varyWithCookie(headers.get('vary') ?? undefined));
  };
  try {
    apply(response.headers);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  const copy = new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  apply(copy.headers);
  return copy;
}

/** Django's 403 for a refused request. */
export function forbiddenResponse(reason: string): Response {
  return new Response(`Forbidden (${reason})`, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

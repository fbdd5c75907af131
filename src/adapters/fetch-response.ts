/**
 * Session headers on a Fetch API `Response` (fetch and Hono adapters). A handler may return an immutable
 * Response (`Response.redirect()`, a `fetch()` result), so the headers go on a copy; `Set-Cookie` lines
 * are appended, never folded into one.
 */
import { privateNoStore } from '../http/cache-control.js';
import type { RequestSession, SessionHeaders, SessionMiddleware } from '../http/session-middleware.js';
import { varyWithCookie } from '../http/vary.js';

export function withSessionHeaders(response: Response, { setCookie, vary, noStore }: SessionHeaders): Response {
  if (!setCookie && !vary && !noStore) return response;
  const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
  if (setCookie) copy.headers.append('set-cookie', setCookie);
  if (vary) copy.headers.set('vary', varyWithCookie(copy.headers.get('vary') ?? undefined));
  if (noStore) copy.headers.set('cache-control', privateNoStore(copy.headers.get('cache-control') ?? undefined));
  return copy;
}

/** Opens the session of a Fetch request, verifying it at once (async). */
export function openFetchSession<Data extends object>(middleware: SessionMiddleware<Data>, request: Request): Promise<RequestSession<Data>> {
  const url = new URL(request.url);
  middleware.checkTransport({ encrypted: url.protocol === 'https:', host: url.host, forwardedProto: request.headers.get('x-forwarded-proto') ?? undefined });
  return middleware.aopen(request.headers.get('cookie') ?? undefined);
}

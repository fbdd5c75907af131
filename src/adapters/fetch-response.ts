/**
 * Session headers on a Fetch API `Response` (fetch and Hono adapters). A handler may return an immutable
 * Response (`Response.redirect()`, a `fetch()` result), so the headers go on a copy; `Set-Cookie` lines
 * are appended, never folded into one.
 */
import type { SessionHeaders } from '../http/session-middleware.js';
import { varyWithCookie } from '../http/vary.js';

export function withSessionHeaders(response: Response, { setCookie, vary }: SessionHeaders): Response {
  if (!setCookie && !vary) return response;
  const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
  if (setCookie) copy.headers.append('set-cookie', setCookie);
  if (vary) copy.headers.set('vary', varyWithCookie(copy.headers.get('vary') ?? undefined));
  return copy;
}

/**
 * Session headers on a Fetch API `Response` (fetch and Hono adapters). A handler may return an immutable
 * Response (`Response.redirect()`, a `fetch()` result), so the headers go on a copy; `Set-Cookie` lines
 * are appended, never folded into one.
 */
import { applySessionHeaders, type HeaderOperations } from '../http/apply-session-headers.js';
import type { RequestSession, SessionHeaders, SessionMiddleware } from '../http/session-middleware.js';

export function withSessionHeaders(response: Response, headers: SessionHeaders): Response {
  if (!headers.setCookie && !headers.vary && !headers.noStore) return response;
  try {
    // In place when the headers are mutable: a copy would turn the body into a stream (slower to serve).
    apply(response.headers, headers);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  const copy = new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  apply(copy.headers, headers);
  return copy;
}

/** A Fetch `Headers` object's operations, one object for every response. */
const fetchHeaders: HeaderOperations<Headers> = {
  get: (target, name) => target.get(name) ?? undefined,
  set: (target, name, value) => target.set(name, value),
  appendSetCookie: (target, cookie) => target.append('set-cookie', cookie),
};

function apply(target: Headers, headers: SessionHeaders): void {
  applySessionHeaders(fetchHeaders, target, headers);
}

/** Opens the session of a Fetch request, verifying it at once (async). */
export function openFetchSession<Data extends object>(
  middleware: SessionMiddleware<Data>,
  request: Request,
): Promise<RequestSession<Data>> {
  middleware.checkTransport(() => {
    const url = new URL(request.url);
    return {
      encrypted: url.protocol === 'https:',
      host: url.host,
      forwardedProto: request.headers.get('x-forwarded-proto') ?? undefined,
    };
  });
  return middleware.aopen(request.headers.get('cookie') ?? undefined);
}

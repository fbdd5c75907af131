/**
 * CSRF for a fetch handler: `withCsrf(async (request, csrf, ...args) => …, options)`. Unsafe requests are
 * checked before the handler; the token of a urlencoded form is read from a clone of the request. With
 * `useSessions`, wrap it in the fetch adapter's `withSession`: the session is the first extra argument.
 */
import { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { fetchCsrfRequest, fetchFormToken, forbiddenResponse, withCsrfCookie } from './csrf-fetch-request.js';
import type { CsrfOptions } from './csrf-options.js';
import { SAFE_METHODS } from './csrf-request.js';
import type { RequestCsrf } from './request-csrf.js';

export function withCsrf<Args extends unknown[]>(
  handler: (request: Request, csrf: RequestCsrf, ...args: Args) => Response | Promise<Response>,
  options?: CsrfOptions | Csrf,
): (request: Request, ...args: Args) => Promise<Response> {
  const csrf = Csrf.from(options);
  return async (request, ...args) => {
    const session = args[0] instanceof SessionBase ? (args[0] as SessionBase<object>) : undefined;
    const state = await csrf.open(request.headers.get('cookie') ?? undefined, session);
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      const verdict = state.check(fetchCsrfRequest(request, csrf, await fetchFormToken(request)));
      if (!verdict.ok) return withCsrfCookie(forbiddenResponse(verdict.reason), state.commit());
    }
    const response = await handler(request, state, ...args);
    return withCsrfCookie(response, state.commit());
  };
}

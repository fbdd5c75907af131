/**
 * CSRF for a fetch handler: `withCsrf(async (request, csrf, ...args) => …, options)`. Unsafe requests are
 * checked before the handler; the token of a urlencoded form is read from a clone of the request. With
 * `useSessions`, wrap it in the fetch adapter's `withSession`: the session is the first extra argument.
 * Also a Next.js Route Handler, as it is (inside `session.route` with `useSessions`).
 */
import { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { guardFetchRequest, withCsrfCookie } from './csrf-fetch-request.js';
import type { CsrfOptions } from './csrf-options.js';
import type { RequestCsrf } from './request-csrf.js';

export function withCsrf<Req extends Request, Args extends unknown[]>(
  handler: (request: Req, csrf: RequestCsrf, ...args: Args) => Response | Promise<Response>,
  options?: CsrfOptions | Csrf,
): (request: Req, ...args: Args) => Promise<Response> {
  const csrf = Csrf.from(options);
  return async (request, ...args) => {
    const session = args[0] instanceof SessionBase ? (args[0] as SessionBase<object>) : undefined;
    const { state, refused } = await guardFetchRequest(csrf, request, session);
    if (refused) return refused;
    return withCsrfCookie(await handler(request, state, ...args), state.commit());
  };
}

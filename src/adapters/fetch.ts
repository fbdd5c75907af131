/**
 * `signed-cookie-session/fetch`: sessions for any `(Request) => Response` handler: Next.js route handlers,
 * Bun.serve, Deno.serve, Cloudflare Workers. Async throughout, on Web Crypto where node:crypto is absent.
 *
 * The cookie is verified before the handler runs (without marking the session accessed), so the handler
 * may use the sync accessors (`session.get`) on any runtime; saving uses the async API.
 */
import { middlewareFor, type SessionSource } from '../http/per-request-options.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export type { OptionsFromEnv, SessionSource } from '../http/per-request-options.js';
export { CookieTooLarge } from '../http/errors.js';

export type FetchSessionHandler<Data extends object, Args extends unknown[]> = (
  request: Request,
  session: SessionStore<Data>,
  ...args: Args
) => Response | Promise<Response>;

/**
 * Wraps a fetch handler: `withSession(async (request, session) => …, { secret })`. Extra arguments (a
 * Next.js context, a Workers env) are passed through. What the handler throws propagates; a
 * `CookieTooLarge` gives a 500 with nothing saved, reported to `onError` (`console.error` by default).
 *
 * On Workers, where the secrets come in `env`, pass a function of the first extra argument:
 * `withSession(handler, (env: Env) => ({ secret: env.SESSION_SECRET }))`; the middleware is made once per
 * distinct settings, not per request.
 */
export function withSession<Data extends object = SessionData, Args extends unknown[] = []>(
  handler: FetchSessionHandler<Data, Args>,
  options: SessionSource<Data, Args[0]>,
  onError: (error: unknown) => void = (error) => console.error(error),
): (request: Request, ...args: Args) => Promise<Response> {
  const middlewareOf = middlewareFor<Data, Args[0]>(options);
  return async (request, ...args) => {
    const middleware = middlewareOf(args[0]);
    const state = await openFetchSession(middleware, request);
    const response = await handler(request, state.session, ...args);
    try {
      return withSessionHeaders(response, await middleware.acommit(state, response.status));
    } catch (error) {
      onError(error);
      return new Response('Internal Server Error', { status: 500 });
    }
  };
}

/**
 * `signed-cookie-session/hono`: Hono 4 middleware; the session is `c.get('session')`, typed with your data.
 * Async, so it runs wherever Hono runs (Node, Bun, Deno, Workers). Errors, a `CookieTooLarge` included,
 * go to Hono's `onError`.
 */
import type { MiddlewareHandler } from 'hono';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/** The Hono environment this middleware adds: `new Hono<SessionEnv<MyData>>()`. */
export type SessionEnv<Data extends object = SessionData> = { Variables: { session: SessionStore<Data> } };

/** `app.use(session({ secret }))`. */
export function session<Data extends object = SessionData>(options: SessionMiddlewareOptions | SessionMiddleware<Data>): MiddlewareHandler<SessionEnv<Data>> {
  const middleware = SessionMiddleware.from(options);
  return async (c, next) => {
    const state = await openFetchSession(middleware, c.req.raw);
    c.set('session', state.session);
    await next();
    const response = withSessionHeaders(c.res, await middleware.acommit(state, c.res.status));
    if (response !== c.res) {
      // Assigning undefined first stops Hono from merging the old headers (and Set-Cookie lines) back in.
      c.res = undefined;
      c.res = response;
    }
  };
}

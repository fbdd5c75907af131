/**
 * `signed-cookie-session/h3`: h3 v2 middleware (the server of Nuxt, TanStack Start and SolidStart) that
 * puts a Django-compatible signed-cookie session on `event.context.session`. Async throughout, so it runs
 * wherever h3 runs (Node, Bun, Deno, Workers); the cookie is verified before the handler, so the sync
 * accessors work there too.
 *
 * The handler's value becomes a `Response` here (h3's `toResponse`, as h3's own `onResponse` does) so the
 * status is final when the session is committed. What the handler throws goes on to h3's error handling
 * with nothing saved; a `CookieTooLarge` from the commit takes the same path (a 500, nothing sent).
 */
import { type H3Event, type Middleware, toResponse } from 'h3';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

declare module 'h3' {
  interface H3EventContext {
    /** The signed-cookie session; `getSession<Data>(event)` gives a typed view. */
    session?: SessionStore;
  }
}

/** `app.use(session({ secret }))` on an `H3` app (in Nuxt: a server middleware, `defineEventHandler` not needed). */
export function session<Data extends object = SessionData>(
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
): Middleware {
  const middleware = SessionMiddleware.from(options);
  return async (event, next) => {
    const state = await openFetchSession(middleware, event.req);
    event.context.session = state.session as unknown as SessionStore;
    const value = await next();
    // The app's onResponse hook runs once, on the final response, not here too.
    const config = event.app?.config ? { ...event.app.config, onResponse: undefined } : undefined;
    const response = await toResponse(value, event, config);
    return withSessionHeaders(response, await middleware.acommit(state, response.status));
  };
}

/** The session of an event that went through `session()`, typed with your data. */
export function getSession<Data extends object = SessionData>(event: H3Event): SessionStore<Data> {
  const store = event.context.session as SessionStore<Data> | undefined;
  if (!store) throw new Error('No session on this event: add app.use(session({ secret })) before this handler.');
  return store;
}

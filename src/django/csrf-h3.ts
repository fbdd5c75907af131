/**
 * CSRF middleware for h3 v2 (Nuxt, TanStack Start, SolidStart), after the session middleware:
 * `app.use(h3Csrf(options))`. The state is `event.context.csrf` (or `getH3Csrf(event)`); a refused
 * request gets Django's 403. The form token is read from a clone of the request, so the handler can still
 * read the body. The cookie goes on the handler's `Response`, or on `event.res` for a plain value (which
 * h3 merges into the response it makes of it).
 */
import type { H3Event, Middleware } from 'h3';
import { varyWithCookie } from '../headers/vary.js';
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { guardFetchRequest, withCsrfCookie } from './csrf-fetch-request.js';
import type { CsrfOptions } from './csrf-options.js';
import type { RequestCsrf } from './request-csrf.js';

type Context = { csrf?: RequestCsrf; session?: SessionBase<object> };

/** `app.use(h3Csrf(options))` on an `H3` app, after the session middleware (`event.context.session`). */
export function h3Csrf(options?: CsrfOptions | Csrf): Middleware {
  const csrf = Csrf.from(options);
  return async (event, next) => {
    const context = event.context as Context;
    const { state, refused } = await guardFetchRequest(csrf, event.req, context.session);
    context.csrf = state;
    if (refused) return refused;
    const value = await next();
    const cookie = state.commit();
    if (!cookie) return value;
    if (value instanceof Response) return withCsrfCookie(value, cookie);
    event.res.headers.append('set-cookie', cookie);
    event.res.headers.set('vary', varyWithCookie(event.res.headers.get('vary') ?? undefined));
    return value;
  };
}

/** The CSRF state of an event that went through `h3Csrf()`. */
export function getH3Csrf(event: H3Event): RequestCsrf {
  const state = (event.context as Context).csrf;
  if (!state) throw new Error('No CSRF state on this event: add app.use(h3Csrf()) before this handler.');
  return state;
}

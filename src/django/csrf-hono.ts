/**
 * CSRF middleware for Hono 4, after the session middleware: `app.use(csrf(options))`. The state is
 * `c.get('csrf')`; a refused request gets Django's 403. Hono caches the parsed body, so the handler can
 * still read the form.
 */
import type { MiddlewareHandler } from 'hono';
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { guardFetchRequest, withCsrfCookie } from './csrf-fetch-request.js';
import type { CsrfOptions } from './csrf-options.js';
import type { RequestCsrf } from './request-csrf.js';

/** The Hono environment this middleware adds: `new Hono<CsrfEnv>()` (merge with `SessionEnv`). */
export type CsrfEnv = { Variables: { csrf: RequestCsrf } };

export function honoCsrf(options?: CsrfOptions | Csrf): MiddlewareHandler<CsrfEnv> {
  const csrf = Csrf.from(options);
  return async (c, next) => {
    const session = (c.get as (key: string) => unknown)('session') as SessionBase<object> | undefined;
    const { state, refused } = await guardFetchRequest(csrf, c.req.raw, session);
    c.set('csrf', state);
    if (refused) return refused;
    await next();
    const response = withCsrfCookie(c.res, state.commit());
    if (response !== c.res) {
      c.res = undefined;
      c.res = response;
    }
  };
}

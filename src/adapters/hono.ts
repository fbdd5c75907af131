/**
 * `signed-cookie-session/hono`: Hono 4 middleware; the session is `c.get('session')`, typed with your data.
 * Async, so it runs wherever Hono runs (Node, Bun, Deno, Workers). Errors, a `CookieTooLarge` included,
 * go to Hono's `onError`.
 */
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { middlewareFor, type SessionSource } from '../http/per-request-options.js';
import type { RequestSession, SessionMiddleware } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';
import { nodeTransport } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';
export type { OptionsFromEnv, SessionSource } from '../http/per-request-options.js';

/** The Hono environment this middleware adds: `new Hono<SessionEnv<MyData>>()`. */
export type SessionEnv<Data extends object = SessionData> = { Variables: { session: SessionStore<Data> } };

/**
 * `app.use(session({ secret }))`. On Workers, where the secrets come in `c.env`, pass a function of it:
 * `session((env: Bindings) => ({ secret: env.SESSION_SECRET }))`; the middleware is made once per distinct
 * settings, not per request.
 */
export function session<Data extends object = SessionData, Env = unknown>(
  options: SessionSource<Data, Env>,
): MiddlewareHandler<SessionEnv<Data>> {
  const middlewareOf = middlewareFor<Data, Env>(options);
  return async (c, next) => {
    const middleware = middlewareOf(c.env as Env);
    const state = await openHonoSession(middleware, c.env, c.req.raw);
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

/**
 * On @hono/node-server, `c.env.incoming` is node's own request (documented as `HttpBindings`): its Cookie
 * header is read there, because `c.req.raw.headers` makes a Fetch `Headers` object from every request
 * header first. Elsewhere (Bun, Deno, Workers, `app.request()`), the Fetch request.
 */
function openHonoSession<Data extends object>(
  middleware: SessionMiddleware<Data>,
  env: unknown,
  request: Request,
): Promise<RequestSession<Data>> {
  const incoming = (env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming;
  if (!incoming || !Array.isArray(incoming.rawHeaders) || typeof incoming.headers !== 'object')
    return openFetchSession(middleware, request);
  const req = incoming as IncomingMessage;
  middleware.checkTransport(nodeTransport, req);
  return middleware.aopen(req.headers.cookie);
}

/**
 * `signed-cookie-session/koa`: Koa 2 and 3 middleware that puts a Django-compatible signed-cookie session
 * on `ctx.session`. The session is opened before the downstream middleware runs and committed after it
 * returns, when `ctx.status` is final; the session headers are written through Koa's response API, so
 * Koa's own cookies (`ctx.cookies`) and headers stay. What the downstream throws goes on to Koa's error
 * handling with nothing saved (Koa replaces every header of an error response anyway); a `CookieTooLarge`
 * thrown by the commit takes the same path, before anything is sent.
 *
 * This module is also the worked example of an adapter in the README: open, attach, run, commit, apply.
 */
import type { DefaultContext, DefaultState, Middleware, ParameterizedContext } from 'koa';
import { applySessionHeaders, type HeaderOperations } from '../http/apply-session-headers.js';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { commitOnce, commitOnWriteHead, openNodeSession } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

declare module 'koa' {
  interface DefaultContext {
    /** The signed-cookie session; `getSession<Data>(ctx)` gives a typed view. */
    session: SessionStore;
  }
}

/** `app.use(session({ secret }))`. */
export function session<Data extends object = SessionData>(
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
): Middleware<DefaultState, DefaultContext> {
  const middleware = SessionMiddleware.from(options);
  return async (ctx, next) => {
    // 1. Open: the Cookie header in, a lazily verified session out (verified now when a validate hook is set).
    const state = await openNodeSession(middleware, ctx.req);
    // 2. Attach it where the framework's handlers look.
    ctx.session = state.session as unknown as SessionStore;
    // A handler that writes ctx.res itself (ctx.respond = false: streams, proxies) commits when its head is written.
    commitOnWriteHead(middleware, state, ctx.res);
    // 3. Run the app; a throw skips the commit (nothing is saved) and reaches Koa's error handling.
    await next();
    // 4. Commit with the final status, 5. apply the three header rules through the framework's response API.
    const headers = commitOnce(middleware, state, ctx.status);
    if (headers) applySessionHeaders(koaHeaders, ctx, headers);
  };
}

/** Koa's response API: `append` keeps the app's own cookies, each on its own line. */
const koaHeaders: HeaderOperations<ParameterizedContext> = {
  get: (ctx, name) => headerText(ctx.response.get(name)),
  set: (ctx, name, value) => ctx.set(name, value),
  appendSetCookie: (ctx, cookie) => ctx.append('Set-Cookie', cookie),
};

function headerText(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === '' ? undefined : String(value);
}

/** The session of a request that went through `session()`, typed with your data. */
export function getSession<Data extends object = SessionData>(ctx: { session?: unknown }): SessionStore<Data> {
  const store = ctx.session as SessionStore<Data> | undefined;
  if (!store) throw new Error('No session on this context: add app.use(session({ secret })) before this middleware.');
  return store;
}

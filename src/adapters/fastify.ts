/**
 * `signed-cookie-session/fastify`: a Fastify 5 plugin that puts a Django-compatible signed-cookie session
 * on `request.session`. The session is opened in `onRequest` and committed in `onSend`, when the status
 * is final; a `CookieTooLarge` thrown there becomes Fastify's 500 with nothing saved.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import { privateNoStore } from '../http/cache-control.js';
import { varyWithCookie } from '../http/vary.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { openNodeSession } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-cookie session; `getSession<Data>(request)` gives a typed view. */
    session: SessionStore;
  }
}

const STATE = Symbol('signed-cookie-session');
type WithState = FastifyRequest & { [STATE]?: RequestSession<SessionData> };

/** The plugin: `app.register(session, { secret })`. Registered without encapsulation, like fastify-plugin. */
export function session(app: FastifyInstance, options: SessionMiddlewareOptions | SessionMiddleware, done: (error?: Error) => void): void {
  const middleware = SessionMiddleware.from(options);
  app.decorateRequest('session', null as unknown as SessionStore);
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, next: (error?: Error) => void) => {
    const attach = (state: RequestSession<SessionData>): void => {
      (request as WithState)[STATE] = state;
      request.session = state.session;
      next();
    };
    let opened: RequestSession<SessionData> | Promise<RequestSession<SessionData>>;
    try {
      opened = openNodeSession(middleware, request.raw);
    } catch (error) {
      return next(error as Error);
    }
    if (opened instanceof Promise) opened.then(attach, next);
    else attach(opened);
  });
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, next: (error: Error | null, payload?: unknown) => void) => {
    const state = (request as WithState)[STATE];
    if (!state) return next(null, payload);
    (request as WithState)[STATE] = undefined; // an error reply re-enters onSend: commit once
    try {
      const { setCookie, vary, noStore } = middleware.commit(state, reply.statusCode);
      if (setCookie) reply.header('set-cookie', setCookie); // Fastify appends set-cookie, never folds it
      if (vary) reply.header('vary', varyWithCookie(reply.getHeader('vary')?.toString()));
      if (noStore) reply.header('cache-control', privateNoStore(reply.getHeader('cache-control')?.toString()));
      next(null, payload);
    } catch (error) {
      next(error as Error);
    }
  });
  done();
}

// Skip Fastify's encapsulation so the hooks apply to every route (what fastify-plugin does).
(session as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
(session as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')] = 'signed-cookie-session';

/** The session of a request, typed with your data. */
export function getSession<Data extends object = SessionData>(request: FastifyRequest): SessionStore<Data> {
  return request.session as unknown as SessionStore<Data>;
}

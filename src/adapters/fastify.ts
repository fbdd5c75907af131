/**
 * `signed-cookie-session/fastify`: a Fastify 5 plugin that puts a Django-compatible signed-cookie session
 * on `request.session`. The session is opened in `onRequest` and committed in `onSend`, when the status
 * is final; a `CookieTooLarge` thrown there becomes Fastify's 500 with nothing saved. A hijacked reply, or
 * one written through `reply.raw`, commits when its head is written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import { applySessionHeaders, type HeaderOperations } from '../http/apply-session-headers.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { commitOnce, commitOnWriteHead, withNodeSession } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-cookie session; `getSession<Data>(request)` gives a typed view. */
    session: SessionStore;
  }
}

const STATE = Symbol('signed-cookie-session');
type WithState = FastifyRequest & { [STATE]?: RequestSession<SessionData> | null };

/** Fastify appends each `set-cookie` it is given, never folds them; other headers it replaces. One object for every reply. */
const fastifyHeaders: HeaderOperations<FastifyReply> = {
  get: (reply, name) => reply.getHeader(name)?.toString(),
  set: (reply, name, value) => void reply.header(name, value),
  appendSetCookie: (reply, cookie) => void reply.header('set-cookie', cookie),
};

/** The plugin: `app.register(session, { secret })`. Registered without encapsulation, like fastify-plugin. */
export function session(
  app: FastifyInstance,
  options: SessionMiddlewareOptions | SessionMiddleware,
  done: (error?: Error) => void,
): void {
  const middleware = SessionMiddleware.from(options);
  app.decorateRequest('session', null as unknown as SessionStore);
  // Declared up front, as Fastify asks, so that every request object keeps one shape.
  app.decorateRequest(STATE, null);
  const attach = (request: FastifyRequest, reply: FastifyReply, state: RequestSession<SessionData>): void => {
    (request as WithState)[STATE] = state;
    request.session = state.session;
    // reply.hijack() and writes to reply.raw skip onSend: the head, when written, commits instead.
    commitOnWriteHead(middleware, state, reply.raw);
  };
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, next: (error?: Error) => void) => {
    // Not returned: a hook that returns a promise is taken for an async one, and `next` would run twice.
    withNodeSession(
      middleware,
      request.raw,
      (state) => {
        attach(request, reply, state);
        next();
      },
      (error) => next(error as Error),
    );
  });
  app.addHook(
    'onSend',
    (
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      next: (error: Error | null, payload?: unknown) => void,
    ) => {
      const state = (request as WithState)[STATE];
      if (!state) return next(null, payload);
      try {
        const headers = commitOnce(middleware, state, reply.statusCode);
        if (headers) applySessionHeaders(fastifyHeaders, reply, headers);
        next(null, payload);
      } catch (error) {
        next(error as Error);
      }
    },
  );
  done();
}

// Skip Fastify's encapsulation so the hooks apply to every route (what fastify-plugin does).
(session as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
(session as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')] = 'signed-cookie-session';

/** The session of a request, typed with your data. */
export function getSession<Data extends object = SessionData>(request: FastifyRequest): SessionStore<Data> {
  return request.session as unknown as SessionStore<Data>;
}

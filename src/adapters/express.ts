/**
 * `signed-cookie-session/express`: middleware for Express 5 and 4 that puts a Django-compatible
 * signed-cookie session on `req.session`. Express's request and response are node's, so this is the
 * node adapter's hook as middleware; errors (a `CookieTooLarge` included) go to Express's error handling.
 *
 * Types: this module does not depend on @types/express. Read the session with `getSession<Data>(req)`
 * for a typed view, or declare `session` on Express's `Request` yourself (see the README).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { commitOnWriteHead, openNodeSession } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/** Express middleware: `app.use(session({ secret }))`. */
export function session<Data extends object = SessionData>(
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const middleware = SessionMiddleware.from(options);
  const attach = (req: IncomingMessage, res: ServerResponse, state: RequestSession<Data>): void => {
    commitOnWriteHead(middleware, state, res);
    (req as IncomingMessage & { session: SessionStore<Data> }).session = state.session;
  };
  return (req, res, next) => {
    let opened: RequestSession<Data> | Promise<RequestSession<Data>>;
    try {
      opened = openNodeSession(middleware, req);
    } catch (error) {
      return next(error);
    }
    if (!(opened instanceof Promise)) {
      attach(req, res, opened);
      return next();
    }
    opened.then((state) => {
      attach(req, res, state);
      next();
    }, next);
  };
}

/** The session of a request that went through `session()`, typed with your data. */
export function getSession<Data extends object = SessionData>(req: IncomingMessage): SessionStore<Data> {
  const store = (req as IncomingMessage & { session?: SessionStore<Data> }).session;
  if (!store) throw new Error('No session on this request: add app.use(session({ secret })) before this route.');
  return store;
}

/**
 * `signed-cookie-session/node`: sessions for a plain node:http `(req, res)` handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { commitOnWriteHead, openNodeSession } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/** The request a wrapped handler receives: node's, with `session`. */
export type SessionRequest<Data extends object = SessionData> = IncomingMessage & { session: SessionStore<Data> };

export type SessionHandler<Data extends object> = (req: SessionRequest<Data>, res: ServerResponse) => void | Promise<void>;

/**
 * Wraps a node:http handler so that `req.session` is a Django-compatible signed-cookie session.
 * What the handler throws (a `CookieTooLarge` included) becomes a 500 with nothing saved, and goes to
 * `onError` (`console.error` by default); the server never crashes on it.
 */
export function withSession<Data extends object = SessionData>(
  handler: SessionHandler<Data>,
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
  onError: (error: unknown) => void = (error) => console.error(error),
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const middleware = SessionMiddleware.from(options);
  return async (req, res) => {
    const state = openNodeSession(middleware, req);
    commitOnWriteHead(middleware, state, res);
    try {
      await handler(Object.assign(req, { session: state.session }), res);
    } catch (error) {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end('Internal Server Error');
      } else {
        res.destroy();
      }
      onError(error);
    }
  };
}

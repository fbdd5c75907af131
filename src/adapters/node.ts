/**
 * `signed-cookie-session/node`: sessions for a plain node:http `(req, res)` handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { commitOnWriteHead, withNodeSession } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/** The request a wrapped handler receives: node's, with `session`. */
export type SessionRequest<Data extends object = SessionData> = IncomingMessage & { session: SessionStore<Data> };

export type SessionHandler<Data extends object> = (
  req: SessionRequest<Data>,
  res: ServerResponse,
) => void | Promise<void>;

/**
 * Wraps a node:http handler so that `req.session` is a Django-compatible signed-cookie session.
 * What the handler throws or rejects with (a `CookieTooLarge` included) becomes a 500 with nothing
 * saved, and goes to `onError` (`console.error` by default); the server never crashes on it. The wrapped
 * handler returns a promise only when `handler` does, settled once it has finished (never rejected).
 */
export function withSession<Data extends object = SessionData>(
  handler: SessionHandler<Data>,
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
  onError: (error: unknown) => void = (error) => console.error(error),
): (req: IncomingMessage, res: ServerResponse) => Promise<void> | undefined {
  const middleware = SessionMiddleware.from(options);
  const fail = (res: ServerResponse, error: unknown): undefined => {
    if (!res.headersSent) {
      res.statusCode = 500;
      res.end('Internal Server Error');
    } else {
      res.destroy();
    }
    onError(error);
    return undefined;
  };
  const run = (req: IncomingMessage, res: ServerResponse, state: RequestSession<Data>): Promise<void> | undefined => {
    let result: void | Promise<void>;
    try {
      commitOnWriteHead(middleware, state, res);
      const request = req as SessionRequest<Data>;
      request.session = state.session;
      result = handler(request, res);
    } catch (error) {
      return fail(res, error);
    }
    // A sync handler (the common case) ends here: no promise, no microtask. An async one is awaited.
    if (result === undefined || typeof (result as { then?: unknown }).then !== 'function') return undefined;
    return Promise.resolve(result).then(
      () => undefined,
      (error: unknown) => fail(res, error),
    );
  };
  return (req, res) =>
    withNodeSession(
      middleware,
      req,
      (state) => run(req, res, state),
      (error) => fail(res, error),
    );
}

/**
 * `signed-cookie-session/express`: middleware for Express 5 and 4 that puts a Django-compatible
 * signed-cookie session on `req.session`. Express's request and response are node's, so this is the
 * node adapter's hook as middleware; errors (a `CookieTooLarge` included) go to Express's error handling.
 *
 * Types: importing this module types `req.session` on Express's `Request` (4 and 5), through the
 * global `Express.Request` interface that @types/express merges in, so no dependency on @types/express.
 * Declare the session data once for the whole app, and every route sees it:
 * `declare module 'signed-cookie-session/express' { interface Register { data: MyData } }`.
 * `getSession<Data>(req)` gives another typed view where one route needs it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { commitOnWriteHead, withNodeSession } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/**
 * Where an app declares its session data, once:
 * `declare module 'signed-cookie-session/express' { interface Register { data: MyData } }`.
 * Empty, `req.session` holds any JSON (`SessionData`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the app's declaration merging
export interface Register {}

/** The session data the app declared in `Register`, or `SessionData`. */
export type RegisteredData = Register extends { data: infer Data extends object } ? Data : SessionData;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own augmentation point
  namespace Express {
    interface Request {
      /** The signed-cookie session of `session()`, typed with the data declared in `Register`. */
      session: SessionStore<RegisteredData>;
    }
  }
}

/** Express middleware: `app.use(session({ secret }))`. */
export function session<Data extends object = RegisteredData>(
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const middleware = SessionMiddleware.from(options);
  const attach = (req: IncomingMessage, res: ServerResponse, state: RequestSession<Data>): void => {
    commitOnWriteHead(middleware, state, res);
    (req as IncomingMessage & { session: SessionStore<Data> }).session = state.session;
  };
  return (req, res, next) => {
    withNodeSession(
      middleware,
      req,
      (state) => {
        attach(req, res, state);
        next();
      },
      next,
    );
  };
}

/** The session of a request that went through `session()`, typed with your data. */
export function getSession<Data extends object = RegisteredData>(req: IncomingMessage): SessionStore<Data> {
  const store = (req as IncomingMessage & { session?: SessionStore<Data> }).session;
  if (!store) throw new Error('No session on this request: add app.use(session({ secret })) before this route.');
  return store;
}

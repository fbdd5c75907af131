/**
 * CSRF middleware for Express 5 and 4, after the session middleware and a body parser
 * (`express.urlencoded()` for form posts): `app.use(csrf(options))`. The request's CSRF state is
 * `req.csrf` (`req.csrf.token()` for a form); a refused request gets Django's 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { forbidden, guardNodeRequest } from './csrf-node.js';
import type { CsrfOptions } from './csrf-options.js';
import { formTokenOf } from './csrf-request.js';
import type { RequestCsrf } from './request-csrf.js';

type ExpressRequest = IncomingMessage & { body?: unknown; session?: SessionBase<object>; csrf?: RequestCsrf };

export function csrfMiddleware(
  options?: CsrfOptions | Csrf,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const csrf = Csrf.from(options);
  return (req, res, next) => {
    const request = req as ExpressRequest;
    const body = () => formTokenOf(req.headers['content-type'], request.body as Parameters<typeof formTokenOf>[1]);
    guardNodeRequest(csrf, req, res, request.session, body).then(({ state, refusal }) => {
      request.csrf = state;
      if (refusal !== undefined) return forbidden(res, refusal);
      next();
    }, next);
  };
}

/** The CSRF state of a request that went through `csrfMiddleware()`. */
export function getCsrf(req: IncomingMessage): RequestCsrf {
  const state = (req as ExpressRequest).csrf;
  if (!state) throw new Error('No CSRF state on this request: add app.use(csrfMiddleware()) before this route.');
  return state;
}

/**
 * CSRF for a plain node:http handler: `withCsrf(handler, options)`. Unsafe requests are checked before the
 * handler runs; a urlencoded body is read for its token (the stream is then spent, so the parsed form is
 * handed to the handler as `req.form`). A refused request gets Django's 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { forbidden, guardNodeRequest, isFormPost, readNodeForm, tokenOfForm } from './csrf-node.js';
import type { CsrfOptions } from './csrf-options.js';
import type { RequestCsrf } from './request-csrf.js';

/** A node request after `withCsrf`: its CSRF state, and the parsed form if its body was urlencoded. */
export type CsrfNodeRequest = IncomingMessage & { csrf: RequestCsrf; form?: URLSearchParams };

/** Wraps a handler (inside `withSession` when `useSessions` is on: the session is `req.session`). */
export function withCsrf(
  handler: (req: CsrfNodeRequest, res: ServerResponse) => void | Promise<void>,
  options?: CsrfOptions | Csrf,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const csrf = Csrf.from(options);
  return async (req, res) => {
    const request = req as CsrfNodeRequest;
    let tooLarge = false;
    const { state, refusal } = await guardNodeRequest(
      csrf,
      req,
      res,
      (req as { session?: SessionBase<object> }).session,
      async () => {
        if (!isFormPost(req)) return undefined;
        const form = await readNodeForm(req);
        tooLarge = form === undefined;
        request.form = form;
        return form && tokenOfForm(form);
      },
    );
    request.csrf = state;
    if (tooLarge) {
      res.statusCode = 413;
      return void res.end('Request body too large');
    }
    if (refusal !== undefined) return forbidden(res, refusal);
    await handler(request, res);
  };
}

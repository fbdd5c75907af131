/**
 * CSRF for a plain node:http handler: `withCsrf(handler, options)`. Unsafe requests are checked before the
 * handler runs; a urlencoded body is read for its token (the stream is then spent, so the parsed form is
 * handed to the handler as `req.form`). A refused request gets Django's 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { forbidden, nodeCsrfRequest, openNodeCsrf } from './csrf-node.js';
import type { CsrfOptions } from './csrf-options.js';
import { CSRF_FORM_FIELD, SAFE_METHODS } from './csrf-request.js';
import type { RequestCsrf } from './request-csrf.js';

/** A node request after `withCsrf`: its CSRF state, and the parsed form if its body was urlencoded. */
export type CsrfNodeRequest = IncomingMessage & { csrf: RequestCsrf; form?: URLSearchParams };

/** Form bodies beyond this are refused (413) rather than buffered: Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`. */
const MAX_FORM_BYTES = 2_621_440;

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Wraps a handler (inside `withSession` when `useSessions` is on: the session is `req.session`). */
export function withCsrf(
  handler: (req: CsrfNodeRequest, res: ServerResponse) => void | Promise<void>,
  options?: CsrfOptions | Csrf,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const csrf = Csrf.from(options);
  return async (req, res) => {
    const request = req as CsrfNodeRequest;
    request.csrf = await openNodeCsrf(csrf, req, res, (req as { session?: SessionBase<object> }).session);
    if (!SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) {
      let formToken: string | undefined;
      if (
        req.method === 'POST' &&
        req.headers['content-type']?.toLowerCase().startsWith('application/x-www-form-urlencoded')
      ) {
        const form = await readForm(req);
        if (!form) {
          res.statusCode = 413;
          return void res.end('Request body too large');
        }
        request.form = form;
        formToken = form.getAll(CSRF_FORM_FIELD).at(-1);
      }
      const verdict = request.csrf.check(nodeCsrfRequest(req, csrf, formToken));
      if (!verdict.ok) return forbidden(res, verdict.reason);
    }
    await handler(request, res);
  };
}

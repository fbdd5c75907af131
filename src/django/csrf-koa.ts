/**
 * CSRF middleware for Koa 2 and 3, after the session middleware: `app.use(koaCsrf(options))`. The state
 * is `ctx.state.csrf` (or `getKoaCsrf(ctx)`); a refused request gets Django's 403 through Koa's response.
 * The token of a urlencoded form is read from `ctx.request.body` when a body parser ran first; otherwise
 * the form is read here and left in `ctx.request.body` (which body parsers then leave alone).
 */
import type { Middleware } from 'koa';
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { guardNodeRequest, isFormPost, readNodeForm, tokenOfForm } from './csrf-node.js';
import type { CsrfOptions } from './csrf-options.js';
import { formTokenOf } from './csrf-request.js';
import type { RequestCsrf } from './request-csrf.js';

/** `app.use(koaCsrf(options))`, after the session middleware (with `useSessions`, it reads `ctx.session`). */
export function koaCsrf(options?: CsrfOptions | Csrf): Middleware {
  const csrf = Csrf.from(options);
  return async (ctx, next) => {
    const request = ctx.request as { body?: unknown };
    let tooLarge = false;
    const formToken = async () => {
      if (request.body !== undefined)
        return formTokenOf(ctx.get('content-type'), request.body as Parameters<typeof formTokenOf>[1]);
      if (!isFormPost(ctx.req)) return undefined;
      const form = await readNodeForm(ctx.req);
      tooLarge = form === undefined;
      if (form) request.body = Object.fromEntries(form);
      return form && tokenOfForm(form);
    };
    // The cookie goes into the head when Koa (or a handler with ctx.respond = false) writes it.
    const session = (ctx as { session?: SessionBase<object> }).session;
    const { state, refusal } = await guardNodeRequest(csrf, ctx.req, ctx.res, session, formToken);
    (ctx.state as { csrf?: RequestCsrf }).csrf = state;
    if (tooLarge) {
      ctx.status = 413;
      ctx.body = 'Request body too large';
    } else if (refusal !== undefined) {
      ctx.status = 403;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Forbidden (${refusal})`;
    } else {
      await next();
    }
  };
}

/** The CSRF state of a request that went through `koaCsrf()`. */
export function getKoaCsrf(ctx: { state?: unknown }): RequestCsrf {
  const state = (ctx.state as { csrf?: RequestCsrf } | undefined)?.csrf;
  if (!state) throw new Error('No CSRF state on this context: add app.use(koaCsrf()) before this middleware.');
  return state;
}

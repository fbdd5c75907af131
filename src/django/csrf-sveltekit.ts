/**
 * CSRF for SvelteKit, a `handle` hook after the session's: `export const handle = sequence(session(…),
 * svelteKitCsrf(options))`. The state is `event.locals.csrf` (or `getSvelteKitCsrf(event)`); a refused
 * request gets Django's 403 before any load, action or endpoint runs; the cookie goes on the response
 * `resolve` returns. On adapter-node the request's facts come from node's request (`event.platform.req`):
 * adapter-node makes `event.request.url` https unless told otherwise, which says nothing of the request.
 *
 * SvelteKit's own origin check (`kit.csrf`) refuses cross-origin form posts before this hook runs: a form
 * Django renders for a SvelteKit route needs Django's origin in `kit.csrf.trustedOrigins` (or the check
 * off, `checkOrigin: false`, this hook then being the check).
 */
import type { IncomingMessage } from 'node:http';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { guardFetchRequest, withCsrfCookie } from './csrf-fetch-request.js';
import { nodeCsrfRequest } from './csrf-node.js';
import type { CsrfOptions } from './csrf-options.js';
import type { RequestCsrf } from './request-csrf.js';

type Locals = { csrf?: RequestCsrf; session?: SessionBase<object> };

/** A `handle` for `sequence(session(…), svelteKitCsrf(options))` (with `useSessions`, it reads `event.locals.session`). */
export function svelteKitCsrf(options?: CsrfOptions | Csrf): Handle {
  const csrf = Csrf.from(options);
  return async ({ event, resolve }) => {
    const locals = event.locals as Locals;
    const req = (event.platform as { req?: IncomingMessage } | undefined)?.req;
    const node = req && typeof req.headers === 'object' && req.socket ? req : undefined;
    const { state, refused } = await guardFetchRequest(
      csrf,
      event.request,
      locals.session,
      node && ((formToken) => nodeCsrfRequest(node, csrf, formToken)),
    );
    locals.csrf = state;
    if (refused) return refused;
    return withCsrfCookie(await resolve(event), state.commit());
  };
}

/** The CSRF state of a request that went through `svelteKitCsrf()`. */
export function getSvelteKitCsrf(event: Pick<RequestEvent, 'locals'>): RequestCsrf {
  const state = (event.locals as Locals).csrf;
  if (!state) throw new Error("No CSRF state on event.locals: add svelteKitCsrf() to the app's handle hook.");
  return state;
}

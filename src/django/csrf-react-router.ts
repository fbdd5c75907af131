/**
 * CSRF for React Router 7 (and Remix) loaders and actions, with the `Request` they get:
 * `const csrf = await reactRouterCsrf(request, protection)`. In an action (an unsafe method) the request
 * is checked first and a refusal is thrown as Django's 403 `Response`, which React Router answers with;
 * in a loader `csrf.token()` mints a token for a form, and `csrfHeaders(csrf)` carries the cookie on what
 * the loader returns (`data(value, { headers: csrfHeaders(csrf) })`). With `useSessions`, pass the
 * session (`sessionFrom(context)` from signed-cookie-session/react-router).
 */
import type { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { guardFetchRequest } from './csrf-fetch-request.js';
import type { CsrfOptions } from './csrf-options.js';
import type { RequestCsrf } from './request-csrf.js';

/** The request's CSRF state, checked when its method is unsafe; a refusal is thrown as Django's 403 `Response`. */
export async function reactRouterCsrf<Data extends object>(
  request: Request,
  options?: CsrfOptions | Csrf,
  session?: SessionBase<Data>,
): Promise<RequestCsrf> {
  const { state, refused } = await guardFetchRequest(Csrf.from(options), request, session);
  if (refused) throw refused;
  return state;
}

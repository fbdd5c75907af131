/**
 * `signed-cookie-session/sveltekit`: a SvelteKit `handle` hook that puts a Django-compatible signed-cookie
 * session on `event.locals.session`. Async, so it runs on every adapter (node, Workers, Vercel, …).
 *
 * The cookie is written as a `Set-Cookie` line appended to the response `resolve` returns, after SvelteKit
 * has added its own headers and cookies there, never through `event.cookies.set`: SvelteKit serialises
 * those with `encodeURIComponent`, which turns the token's `:` into `%3A`, and Django does not decode it.
 * (`event.setHeaders` refuses `set-cookie` outright.) Nothing in SvelteKit rewrites the response after the
 * hook, so the token arrives byte for byte as it was signed.
 *
 * Load, action and render errors are rendered by SvelteKit inside `resolve`, so the response's status
 * decides (nothing saved on ≥ 500). A `CookieTooLarge` from the commit is thrown from the hook, which
 * SvelteKit answers with its 500 error page, nothing saved.
 */
import type { Handle } from '@sveltejs/kit';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/**
 * `export const handle = session({ secret })` in `src/hooks.server.ts` (compose with others through
 * `sequence`). Type the session in `src/app.d.ts`:
 * `interface Locals { session: import('signed-cookie-session').SessionStore<MyData> }`.
 */
export function session<Data extends object = SessionData>(options: SessionMiddlewareOptions | SessionMiddleware<Data>): Handle {
  const middleware = SessionMiddleware.from(options);
  return async ({ event, resolve }) => {
    const state = await openFetchSession(middleware, event.request);
    (event.locals as { session?: SessionStore<Data> }).session = state.session;
    const response = await resolve(event);
    return withSessionHeaders(response, await middleware.acommit(state, response.status));
  };
}

/** The session of a request that went through `session()`, typed with your data. */
export function getSession<Data extends object = SessionData>(event: { locals: object }): SessionStore<Data> {
  const store = (event.locals as { session?: SessionStore<Data> }).session;
  if (!store) throw new Error('No session on event.locals: export const handle = session({ secret }) from src/hooks.server.ts.');
  return store;
}

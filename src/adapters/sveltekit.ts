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
import type { IncomingMessage } from 'node:http';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';
import { nodeTransport } from './node-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/**
 * `export const handle = session({ secret })` in the app's `hooks.server.ts` (compose with others through
 * `sequence`). Type the session in its `app.d.ts`:
 * `interface Locals { session: import('signed-cookie-session').SessionStore<MyData> }`.
 */
export function session<Data extends object = SessionData>(
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
): Handle {
  const middleware = SessionMiddleware.from(options);
  return async ({ event, resolve }) => {
    const state = await openSvelteKitSession(middleware, event);
    (event.locals as unknown as { session?: SessionStore<Data> }).session = state.session;
    const response = await resolve(event);
    return withSessionHeaders(response, await middleware.acommit(state, response.status));
  };
}

/**
 * adapter-node assumes https unless told otherwise (ORIGIN, PROTOCOL_HEADER), so `event.request.url` does
 * not say how the request came; its `event.platform.req` is node's request, whose socket does, for the
 * Secure-over-HTTP warning. Elsewhere, the Fetch request.
 */
function openSvelteKitSession<Data extends object>(
  middleware: SessionMiddleware<Data>,
  event: RequestEvent,
): Promise<RequestSession<Data>> {
  const req = (event.platform as { req?: Partial<IncomingMessage> } | undefined)?.req;
  if (!req || typeof req.headers !== 'object' || !req.socket) return openFetchSession(middleware, event.request);
  middleware.checkTransport(() => nodeTransport(req as IncomingMessage));
  return middleware.aopen(event.request.headers.get('cookie') ?? undefined);
}

/** The session of a request that went through `session()`, typed with your data. */
export function getSession<Data extends object = SessionData>(event: { locals: object }): SessionStore<Data> {
  const store = (event.locals as { session?: SessionStore<Data> }).session;
  if (!store)
    throw new Error(
      "No session on event.locals: export const handle = session({ secret }) from the app's hooks.server.ts.",
    );
  return store;
}

/**
 * CSRF for the Next.js App Router: `export const csrf = nextCsrf(options, { cookies, headers })`, given
 * `cookies` and `headers` from `next/headers` (so that this module loads no framework).
 *
 * - `csrf.route(handler)` wraps a Route Handler: as `withFetchCsrf`, a refusal is Django's 403.
 * - `csrf.action(fn)` wraps a Server Action: the token is the `csrfmiddlewaretoken` field of the
 *   action's `FormData`; a refusal throws `CsrfRefused` (a Server Action has no response of its own).
 * - `csrf.token()` mints a token in a Server Component from the csrftoken cookie the browser sent (a
 *   Server Component cannot set a cookie, so one must exist: set by Django, a Route Handler or an action).
 *
 * Next.js 16 already refuses a Server Action whose `Origin` host differs from `X-Forwarded-Host` or
 * `Host` (or `serverActions.allowedOrigins`), but lets one with no `Origin` through, ignores the scheme,
 * checks no token and no `Referer`, and checks nothing for Route Handlers. This adds Django's check.
 */
import { SessionBase } from '../session/session-base.js';
import { Csrf } from './csrf.js';
import { withCsrf } from './csrf-fetch.js';
import type { CsrfOptions } from './csrf-options.js';
import { CSRF_FORM_FIELD, type CsrfRequest } from './csrf-request.js';
import { CsrfRefused } from './errors.js';
import type { RequestCsrf } from './request-csrf.js';

/** The cookie attributes Next.js's `cookies().set(name, value, attributes)` takes. */
export interface NextCookieAttributes {
  maxAge?: number;
  expires?: Date;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
}

/** What the glue uses of `next/headers`: pass its `cookies` and `headers`. */
export interface NextHeadersApi {
  headers(): Promise<{ get(name: string): string | null }>;
  cookies(): Promise<{ set(name: string, value: string, attributes?: NextCookieAttributes): unknown }>;
}

/** Django's CSRF protection for one Next.js app. */
export interface NextCsrf {
  /** The protection these wrappers share. */
  readonly csrf: Csrf;
  /** Wraps a Route Handler (inside `session.route` with `useSessions`: the session comes after `csrf`). */
  route<Req extends Request, Args extends unknown[]>(
    handler: (request: Req, csrf: RequestCsrf, ...args: Args) => Response | Promise<Response>,
  ): (request: Req, ...args: Args) => Promise<Response>;
  /** Wraps a Server Action (inside `session.action` with `useSessions`); refused, it throws `CsrfRefused`. */
  action<Args extends unknown[], Result>(
    fn: (csrf: RequestCsrf, ...args: Args) => Result | Promise<Result>,
  ): (...args: Args) => Promise<Result>;
  /** A masked token for a form a Server Component renders, over the secret in the request's cookie. */
  token<Data extends object>(session?: SessionBase<Data>): Promise<string>;
}

type RequestHeaders = Awaited<ReturnType<NextHeadersApi['headers']>>;

/** A Server Action's request, as `headers()` shows it: Next.js sets `X-Forwarded-Proto` from the socket when absent. */
function actionCsrfRequest(headers: RequestHeaders, csrf: Csrf, formToken: string | undefined): CsrfRequest {
  const secure = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
  const host = headers.get('host') ?? undefined;
  const port = headers.get('x-forwarded-port') ?? /:(\d+)$/.exec(host ?? '')?.[1] ?? (secure ? '443' : '80');
  return {
    method: 'POST',
    secure,
    host,
    port,
    origin: headers.get('origin') ?? undefined,
    referer: headers.get('referer') ?? undefined,
    headerToken: headers.get(csrf.options.headerName) ?? undefined,
    formToken,
  };
}

/** Django's CSRF protection for a Next.js app: `nextCsrf(options, { cookies, headers })` from `next/headers`. */
export function nextCsrf(options: CsrfOptions | Csrf | undefined, next: NextHeadersApi): NextCsrf {
  const csrf = Csrf.from(options);
  return {
    csrf,
    route: (handler) => withCsrf(handler, csrf),
    action:
      (fn) =>
      async (...args) => {
        const headers = await next.headers();
        const session = args[0] instanceof SessionBase ? (args[0] as SessionBase<object>) : undefined;
        const form = args.find((arg): arg is FormData => arg instanceof FormData);
        const field = form?.getAll(CSRF_FORM_FIELD).at(-1);
        const formToken = typeof field === 'string' ? field : undefined;
        const { state, refusal } = await csrf.guard(
          headers.get('cookie') ?? undefined,
          'POST',
          () => actionCsrfRequest(headers, csrf, formToken),
          session,
        );
        if (refusal !== undefined) throw new CsrfRefused(refusal);
        try {
          return await fn(state, ...args);
        } finally {
          const cookie = state.commitCookie();
          if (cookie) {
            const { maxAge, expires, domain, path, secure, httpOnly, sameSite } = cookie.attributes;
            const attributes = { maxAge, expires, domain, path, secure, httpOnly };
            (await next.cookies()).set(cookie.name, cookie.value, {
              ...attributes,
              sameSite: typeof sameSite === 'string' ? (sameSite.toLowerCase() as 'lax') : undefined,
            });
          }
        }
      },
    token: async (session) => {
      const headers = await next.headers();
      const state = await csrf.open(headers.get('cookie') ?? undefined, session);
      if (state.secret === undefined || state.commitCookie() !== undefined)
        throw new Error(
          `No usable ${csrf.options.useSessions ? 'CSRF secret in the session' : `${csrf.options.cookieName} cookie`} on this request, and a Server Component cannot set one: mint the first token in a Route Handler (route()) or a Server Action (action()), or on a Django page.`,
        );
      return state.token();
    },
  };
}

/**
 * `signed-cookie-session/react-router`: Django-compatible signed-cookie sessions for React Router 7 (and
 * Remix, its predecessor), two ways:
 *
 * - `createCookieSessionStorage`, React Router's own `SessionStorage` (`getSession`, `commitSession`,
 *   `destroySession`) over our store: an app switches by changing the import. The `Session` objects are
 *   React Router's (`createSession`), so `get`, `set`, `unset` and flash messages behave exactly as there;
 *   what is stored is the session data, signed as Django's `signed_cookies` backend signs it.
 * - `sessionMiddleware`, a route middleware (`future.v8_middleware`) running Django's `SessionMiddleware`:
 *   the session is read with `sessionFrom(context)`, and the cookie is written, re-issued or deleted, with
 *   `Vary: Cookie` and no-store, by Django's rules, without calling `commitSession`.
 */
import {
  createContext,
  createSession,
  type MiddlewareFunction,
  type RouterContext,
  type Session,
  type SessionStorage,
} from 'react-router';
import { ConfigError } from '../signing/errors.js';
import type { Secret } from '../signing/crypto/keys.js';
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
import type { SameSite } from '../http/cookie-options.js';
import type { SessionData } from '../session/session-base.js';
import { SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';

/** React Router's cookie options (`createCookie`), as `createCookieSessionStorage({ cookie })` takes them. */
export interface ReactRouterCookieOptions {
  /** The cookie name; React Router's default, `__session`. */
  name?: string;
  /** The first signs, all verify (React Router's rotation, Django's `SECRET_KEY` and fallbacks). At least 32 bytes each. */
  secrets?: readonly Secret[];
  /** Lifetime in seconds; without it, a cookie that ends with the browser (as React Router writes it). */
  maxAge?: number;
  domain?: string;
  path?: string;
  /** On by default here (React Router: off); browsers accept Secure cookies from http://localhost. */
  secure?: boolean;
  /** On by default here (React Router: off). */
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict' | 'none' | 'Lax' | 'Strict' | 'None' | boolean;
  partitioned?: boolean;
}

/** Our options, with the cookie described as React Router describes it (`cookie.secrets` instead of `secret`). */
export type CookieSessionStorageOptions = Omit<SessionMiddlewareOptions, 'secret'> & {
  secret?: Secret;
  cookie?: ReactRouterCookieOptions;
};

/** The options `commitSession`/`destroySession` accept: a lifetime for this commit. */
export interface CommitOptions {
  maxAge?: number;
  expires?: Date;
}

/**
 * React Router's `createCookieSessionStorage`, signing as Django does. Takes React Router's `{ cookie }`
 * (an options object, not a `createCookie()` cookie: its secrets cannot be read back) or our options.
 */
export function createCookieSessionStorage<Data = SessionData, FlashData = Data>(
  options: CookieSessionStorageOptions | SessionMiddleware = {},
): SessionStorage<Data, FlashData> {
  const middleware = options instanceof SessionMiddleware ? options : new SessionMiddleware(middlewareOptions(options));
  return {
    async getSession(cookieHeader) {
      const { session } = await middleware.aopen(cookieHeader ?? undefined);
      return createSession(Object.fromEntries(await session.aitems()) as Data, '') as Session<Data, FlashData>;
    },
    async commitSession(session, commitOptions) {
      const store = new SessionStore(null, middleware.settings);
      const lifetime = checkCommitOptions(commitOptions);
      await store.aupdate(session.data as SessionData);
      if (lifetime !== undefined) await store.asetExpiry(lifetime);
      // A fresh store: saved when it holds data, deleted (the request had a cookie to drop) when it holds none.
      const { setCookie } = await middleware.acommit({ session: store, cookiePresent: store.isEmpty() }, 200);
      return setCookie!;
    },
    async destroySession(_session, commitOptions) {
      checkCommitOptions(commitOptions);
      const { setCookie } = await middleware.acommit(
        { session: new SessionStore(null, middleware.settings), cookiePresent: true },
        200,
      );
      return setCookie!;
    },
  };
}

function middlewareOptions({ cookie, ...options }: CookieSessionStorageOptions): SessionMiddlewareOptions {
  if (cookie && typeof (cookie as { parse?: unknown }).parse === 'function') {
    throw new ConfigError(
      'Pass the cookie options ({ name, secrets, maxAge, … }), not a createCookie() cookie: its secrets cannot be read back.',
    );
  }
  const [secret, ...fallbackSecrets] = cookie?.secrets ?? [];
  const merged: CookieSessionStorageOptions = {
    ...(cookie && {
      cookieName: cookie.name ?? '__session',
      maxAge: cookie.maxAge,
      expireAtBrowserClose: cookie.maxAge === undefined,
      domain: cookie.domain,
      path: cookie.path,
      secure: cookie.secure,
      httpOnly: cookie.httpOnly,
      sameSite: sameSiteOf(cookie.sameSite),
      partitioned: cookie.partitioned,
    }),
    ...(secret !== undefined && { secret, fallbackSecrets }),
    ...withoutUndefined(options),
  };
  if (merged.secret === undefined)
    throw new ConfigError('A signed-cookie session needs a secret: set cookie.secrets (or secret), at least 32 bytes.');
  return withoutUndefined(merged) as SessionMiddlewareOptions;
}

function sameSiteOf(value: ReactRouterCookieOptions['sameSite']): SameSite | undefined {
  if (value === undefined) return undefined;
  if (value === false) return false;
  if (value === true) return 'Strict'; // what `cookie` writes for true
  return (value[0]!.toUpperCase() + value.slice(1).toLowerCase()) as SameSite;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A commit's lifetime; other cookie attributes belong to the storage, where they are checked once. */
function checkCommitOptions(options: object | undefined): number | Date | undefined {
  if (options === undefined) return undefined;
  const { maxAge, expires, ...rest } = options as CommitOptions;
  const others = Object.keys(rest).filter((key) => (rest as Record<string, unknown>)[key] !== undefined);
  if (others.length > 0)
    throw new ConfigError(
      `commitSession accepts maxAge and expires only; set ${others.join(', ')} on the storage's cookie options.`,
    );
  return maxAge ?? expires;
}

/** Where `sessionMiddleware` puts the session: `context.get(sessionContext)`, or `sessionFrom(context)`. */
export const sessionContext: RouterContext<SessionStore | undefined> = createContext<SessionStore | undefined>(
  undefined,
);

/**
 * A React Router route middleware (`export const middleware = [sessionMiddleware({ secret })]` in the root
 * route, with `future.v8_middleware`): Django's `SessionMiddleware` around every loader and action.
 * What a loader throws is rendered by React Router first, so its status decides (nothing saved on ≥ 500).
 */
export function sessionMiddleware<Data extends object = SessionData>(
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
): MiddlewareFunction<Response> {
  const middleware = SessionMiddleware.from(options);
  return async ({ request, context }, next) => {
    const state: RequestSession<Data> = await openFetchSession(middleware, request);
    context.set(sessionContext, state.session as unknown as SessionStore);
    const response = await next();
    return withSessionHeaders(response, await middleware.acommit(state, response.status));
  };
}

/** The session `sessionMiddleware` opened for this request, typed with your data. */
export function sessionFrom<Data extends object = SessionData>(context: {
  get: (key: typeof sessionContext) => SessionStore | undefined;
}): SessionStore<Data> {
  const store = context.get(sessionContext);
  if (!store)
    throw new Error(
      "No session in this context: add sessionMiddleware({ secret }) to the root route's middleware (future.v8_middleware).",
    );
  return store as unknown as SessionStore<Data>;
}

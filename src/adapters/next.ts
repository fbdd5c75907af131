/**
 * `signed-cookie-session/next`: sessions for the Next.js App Router (Next.js 16). One
 * `nextSession(options)` per app gives the session where Next.js allows it:
 *
 * - `read()` in Server Components: read-only, since Next.js lets no Server Component set a cookie;
 * - `action(fn)` wraps a Server Action and `route(handler)` a Route Handler: both commit at the end;
 * - `proxy(handler)` wraps `proxy.ts` (`middleware.ts` before Next.js 16): its write reaches the browser
 *   and, in the same request, the page's `read()`.
 *
 * Every write reaches the browser as the token was signed. Next.js's cookie API percent-encodes values
 * (`:` becomes `%3A`, which Django's cookie parser does not decode), so a Route Handler and the proxy put
 * the `Set-Cookie` line on the response themselves; a Server Action, which has no response of its own,
 * hands `cookies().set()` a cookie whose serialisation is exactly that line (see `exactCookie`).
 */
import { cookies, headers } from 'next/headers';
import {
  type RequestSession,
  SessionMiddleware,
  type SessionMiddlewareOptions,
  type Transport,
} from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import { sessionLifecycle, type SessionStore } from '../session/session-store.js';
import { openFetchSession, withSessionHeaders } from './fetch-response.js';
import { exactCookie } from './next-cookie.js';
import { ReadOnlySession } from './next-errors.js';

export { SessionMiddleware, type SessionMiddlewareOptions } from '../http/session-middleware.js';
export { CookieTooLarge } from '../http/errors.js';
export { ReadOnlySession, UnwritableCookie } from './next-errors.js';
export type { SessionData } from '../session/session-base.js';
export type { SessionStore } from '../session/session-store.js';

type CookieJar = Awaited<ReturnType<typeof cookies>>;
type RequestHeaders = Awaited<ReturnType<typeof headers>>;

/** A Route Handler or proxy function that receives the session after the request. */
export type NextSessionHandler<Data extends object, Req extends Request, Args extends unknown[]> = (
  request: Req,
  session: SessionStore<Data>,
  ...args: Args
) => Response | Promise<Response>;

/** The session of one Next.js app, made once (in a module of its own) with `nextSession(options)`. */
export interface NextSession<Data extends object> {
  /** The framework-neutral core these methods translate onto (made on first use, which checks the options). */
  readonly middleware: SessionMiddleware<Data>;
  /**
   * The session, read-only: for Server Components (and reads anywhere). A change throws `ReadOnlySession`
   * instead of being lost. Sees a write made earlier in the same request by the proxy or a Server Action.
   */
  read(): Promise<SessionStore<Data>>;
  /**
   * Wraps a Server Action: `export const signIn = session.action(async (s, form: FormData) => …)`. The
   * session is committed when the action returns, or throws `redirect()`/`notFound()`; when it throws
   * anything else, nothing is saved. A `CookieTooLarge` rejects the action with nothing saved.
   */
  action<Args extends unknown[], Result>(
    fn: (session: SessionStore<Data>, ...args: Args) => Result | Promise<Result>,
  ): (...args: Args) => Promise<Result>;
  /**
   * Wraps a Route Handler: `export const POST = session.route(async (request, s) => Response.json(…))`.
   * The response gets `Set-Cookie`, `Vary: Cookie` and `Cache-Control` as every adapter's does; a
   * `CookieTooLarge` gives a 500 with nothing saved, reported to `onError`.
   */
  route<Req extends Request, Args extends unknown[]>(
    handler: NextSessionHandler<Data, Req, Args>,
  ): (request: Req, ...args: Args) => Promise<Response>;
  /**
   * Wraps `proxy.ts` (or `middleware.ts`): `export const proxy = session.proxy(async (request, s) =>
   * NextResponse.next())`. The proxy answers before the page renders, so its status (200 for
   * `NextResponse.next()`) is the one the 5xx rule sees.
   */
  proxy<Req extends Request, Args extends unknown[]>(
    handler: NextSessionHandler<Data, Req, Args>,
  ): (request: Req, ...args: Args) => Promise<Response>;
}

/**
 * The session for a Next.js app: `export const session = nextSession<MyData>({ secret })`. What a Route
 * Handler or proxy cannot commit (a `CookieTooLarge`) goes to `onError` (`console.error` by default).
 */
export function nextSession<Data extends object = SessionData>(
  options: SessionMiddlewareOptions | SessionMiddleware<Data>,
  onError: (error: unknown) => void = (error) => console.error(error),
): NextSession<Data> {
  // Made on first use: `next build` imports the app's modules without the secrets `next start` gets.
  let made: SessionMiddleware<Data> | undefined;
  const core = (): SessionMiddleware<Data> => (made ??= SessionMiddleware.from(options));

  async function open(): Promise<RequestSession<Data>> {
    // cookies() first: during `next build` it is what tells Next.js the page is dynamic.
    const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
    const middleware = core();
    middleware.checkTransport(() => nextTransport(requestHeaders));
    return middleware.aopen(
      sessionCookieHeader(middleware.cookie.cookieName, jar, requestHeaders.get('cookie') ?? undefined),
    );
  }

  /** Commits, or answers 500 with nothing saved when the cookie cannot be written. */
  async function commit(
    state: RequestSession<Data>,
    response: Response,
    write: (line: string) => Promise<string | undefined>,
  ): Promise<Response> {
    try {
      const sessionHeaders = await core().acommit(state, response.status);
      const setCookie = sessionHeaders.setCookie && (await write(sessionHeaders.setCookie));
      return withSessionHeaders(response, { ...sessionHeaders, setCookie });
    } catch (error) {
      onError(error);
      return new Response('Internal Server Error', { status: 500 });
    }
  }

  async function commitAction(state: RequestSession<Data>): Promise<void> {
    // A Server Action's response is not an error response, a redirect() included (Next.js answers 303).
    const { setCookie } = await core().acommit(state, 200);
    if (setCookie) (await cookies()).set(exactCookie(setCookie, core().cookie.cookieName));
  }

  return {
    get middleware() {
      return core();
    },
    read: async () => {
      const { session } = await open();
      sessionLifecycle.seal(session, () => new ReadOnlySession());
      return session;
    },
    action:
      (fn) =>
      async (...args) => {
        const state = await open();
        let result;
        try {
          result = await fn(state.session, ...args);
        } catch (error) {
          if (isNextControlFlow(error)) await commitAction(state);
          throw error;
        }
        await commitAction(state);
        return result;
      },
    route:
      (handler) =>
      async (request, ...args) => {
        const state = await open();
        const response = await handler(request, state.session, ...args);
        return commit(state, response, async (line) => {
          const jar = await cookies();
          if (!changedThroughCookies(jar)) return line;
          // Next.js now re-serialises every Set-Cookie of the response (percent-encoding ours): give it ours
          // as a cookie it serialises exactly.
          jar.set(exactCookie(line, core().cookie.cookieName));
          return undefined;
        });
      },
    proxy:
      (handler) =>
      async (request, ...args) => {
        const state = await openFetchSession(core(), request);
        const response = await handler(request, state.session, ...args);
        let written: string | undefined;
        const committed = await commit(state, response, async (line) => (written = line));
        if (written !== undefined) carryToRender(committed.headers, request, core().cookie.cookieName, written);
        return committed;
      },
  };
}

/**
 * The Cookie header the session opens from: the request's own (as Django reads it: duplicates visible,
 * nothing decoded, where `cookies()` decodes and keeps one per name; a proxy's write is already in it),
 * unless a Server Action committed in this request (its re-render reads here): then the cookie it handed
 * `cookies().set()`, whose name begins with the line it wrote (see `exactCookie`).
 */
function sessionCookieHeader(name: string, jar: CookieJar, requestHeader: string | undefined): string | undefined {
  const committed = jar.getAll().findLast((cookie) => cookie.name.startsWith(`${name}=`));
  return committed ? committed.name.slice(0, committed.name.indexOf(';')) : requestHeader;
}

/** Whether the handler set or deleted a cookie through `cookies()` (Next.js's own record of it). */
function changedThroughCookies(jar: CookieJar): boolean {
  const changed = (jar as unknown as Record<symbol, unknown>)[Symbol.for('next.mutated.cookies')];
  return Array.isArray(changed) && changed.length > 0;
}

const OVERRIDE = 'x-middleware-override-headers';
const REQUEST_HEADER = 'x-middleware-request-';

/**
 * How the page rendered after the proxy sees its write: the request headers the render gets, set as
 * `NextResponse.next({ request: { headers } })` sets them, with the session cookie in the Cookie header
 * replaced. (Carrying it as `response.cookies.set()` does instead, Next.js re-sends it percent-encoded on
 * a Server Action's response.) Headers the handler already passed on this way are kept.
 */
function carryToRender(target: Headers, request: Request, cookieName: string, line: string): void {
  const overridden = target.get(OVERRIDE);
  const names = new Set(overridden?.split(',').map((name) => name.trim()));
  if (overridden === null) {
    request.headers.forEach((value, key) => {
      target.set(REQUEST_HEADER + key, value);
      names.add(key);
    });
  }
  const base =
    overridden === null || names.has('cookie')
      ? (target.get(`${REQUEST_HEADER}cookie`) ?? '')
      : (request.headers.get('cookie') ?? '');
  const others = base.split(';').filter((pair) => pair.trim() !== '' && pair.split('=')[0]!.trim() !== cookieName);
  const value = line.slice(cookieName.length + 1, line.indexOf(';'));
  const cookie = [...others.map((pair) => pair.trim()), ...(value === '' ? [] : [`${cookieName}=${value}`])].join('; ');
  names.add('cookie');
  // A name without its value deletes that header for the render.
  if (cookie === '') target.delete(`${REQUEST_HEADER}cookie`);
  else target.set(`${REQUEST_HEADER}cookie`, cookie);
  target.set(OVERRIDE, [...names].join(','));
}

/** Next.js takes the protocol from `X-Forwarded-Proto` for `request.url` (setting it when absent); so here. */
function nextTransport(requestHeaders: RequestHeaders): Transport {
  const forwardedProto = requestHeaders.get('x-forwarded-proto') ?? undefined;
  return {
    encrypted: forwardedProto?.includes('https') ?? false,
    host: requestHeaders.get('host') ?? undefined,
    forwardedProto,
  };
}

/**
 * `redirect()`, `notFound()`, `forbidden()` and `unauthorized()`: Next.js's control flow, not a failure. Told
 * by the digest Next.js's own checks read (its `next/navigation` helpers cannot be bundled into every layer).
 */
function isNextControlFlow(error: unknown): boolean {
  const digest = typeof error === 'object' && error !== null ? (error as { digest?: unknown }).digest : undefined;
  return (
    typeof digest === 'string' &&
    (digest.startsWith('NEXT_REDIRECT;') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;'))
  );
}

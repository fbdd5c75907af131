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
import { type RequestSession, SessionMiddleware, type SessionMiddlewareOptions, type Transport } from '../http/session-middleware.js';
import type { SessionData } from '../session/session-base.js';
import type { SessionStore } from '../session/session-store.js';
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
  action<Args extends unknown[], Result>(fn: (session: SessionStore<Data>, ...args: Args) => Result | Promise<Result>): (...args: Args) => Promise<Result>;
  /**
   * Wraps a Route Handler: `export const POST = session.route(async (request, s) => Response.json(…))`.
   * The response gets `Set-Cookie`, `Vary: Cookie` and `Cache-Control` as every adapter's does; a
   * `CookieTooLarge` gives a 500 with nothing saved, reported to `onError`.
   */
  route<Req extends Request, Args extends unknown[]>(handler: NextSessionHandler<Data, Req, Args>): (request: Req, ...args: Args) => Promise<Response>;
  /**
   * Wraps `proxy.ts` (or `middleware.ts`): `export const proxy = session.proxy(async (request, s) =>
   * NextResponse.next())`. The proxy answers before the page renders, so its status (200 for
   * `NextResponse.next()`) is the one the 5xx rule sees.
   */
  proxy<Req extends Request, Args extends unknown[]>(handler: NextSessionHandler<Data, Req, Args>): (request: Req, ...args: Args) => Promise<Response>;
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
    return middleware.aopen(sessionCookieHeader(middleware.cookie.cookieName, jar, requestHeaders.get('cookie') ?? undefined));
  }

  /** Commits, or answers 500 with nothing saved when the cookie cannot be written. */
  async function commit(state: RequestSession<Data>, response: Response, write: (line: string) => Promise<string | undefined>): Promise<Response> {
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
      session.seal(() => new ReadOnlySession());
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
    route: (handler) => async (request, ...args) => {
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
    proxy: (handler) => async (request, ...args) => {
      const state = await openFetchSession(core(), request);
      const response = await handler(request, state.session, ...args);
      let written: string | undefined;
      const committed = await commit(state, response, async (line) => (written = line));
      if (written !== undefined) carryToRender(committed.headers, written);
      return committed;
    },
  };
}

/**
 * The Cookie header the session opens from. `cookies()` decodes values and keeps one per name, so the
 * request's own header is used (duplicates stay visible, nothing is decoded, as Django reads it), unless
 * this request already wrote the session: then only `cookies()` knows the new value, either as the
 * cookie a Server Action committed (`exactCookie`'s name) or as the proxy's write Next.js merged in.
 */
function sessionCookieHeader(name: string, jar: CookieJar, requestHeader: string | undefined): string | undefined {
  const committed = jar.getAll().findLast((cookie) => cookie.name.startsWith(`${name}=`));
  if (committed) return committed.name.slice(0, committed.name.indexOf(';'));
  const seen = jar.get(name)?.value;
  return seen === undefined || seen === nextParsedValue(requestHeader, name) ? requestHeader : `${name}=${seen}`;
}

/** The value `cookies()` gives for `name` when nothing was merged in: Next.js's parse (last wins, decoded). */
function nextParsedValue(header: string | undefined, name: string): string | undefined {
  let value: string | undefined;
  for (const pair of header?.split(/; */) ?? []) {
    const at = pair.indexOf('=');
    if ((at === -1 ? pair : pair.slice(0, at)) !== name) continue;
    try {
      value = at === -1 ? 'true' : decodeURIComponent(pair.slice(at + 1));
    } catch {
      // Next.js skips a value it cannot decode.
    }
  }
  return value;
}

/** Whether the handler set or deleted a cookie through `cookies()` (Next.js's own record of it). */
function changedThroughCookies(jar: CookieJar): boolean {
  const changed = (jar as unknown as Record<symbol, unknown>)[Symbol.for('next.mutated.cookies')];
  return Array.isArray(changed) && changed.length > 0;
}

/**
 * How the render of this request learns what the proxy wrote: the header `NextResponse`'s `cookies.set()`
 * keeps, which Next.js merges into the page's `cookies()` and never sends to the browser.
 */
function carryToRender(target: Headers, line: string): void {
  const earlier = target.get('x-middleware-set-cookie');
  target.set('x-middleware-set-cookie', earlier ? `${earlier},${line}` : line);
}

/** Next.js takes the protocol from `X-Forwarded-Proto` for `request.url` (setting it when absent); so here. */
function nextTransport(requestHeaders: RequestHeaders): Transport {
  const forwardedProto = requestHeaders.get('x-forwarded-proto') ?? undefined;
  return { encrypted: forwardedProto?.includes('https') ?? false, host: requestHeaders.get('host') ?? undefined, forwardedProto };
}

/**
 * `redirect()`, `notFound()`, `forbidden()` and `unauthorized()`: Next.js's control flow, not a failure. Told
 * by the digest Next.js's own checks read (its `next/navigation` helpers cannot be bundled into every layer).
 */
function isNextControlFlow(error: unknown): boolean {
  const digest = typeof error === 'object' && error !== null ? (error as { digest?: unknown }).digest : undefined;
  return typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT;') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;'));
}

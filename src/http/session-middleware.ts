/**
 * The framework-neutral core of every adapter: Django's `SessionMiddleware` (spec §d.2), with the two fixes
 * of DESIGN.md decision 8: nothing is saved on a status ≥ 500, and `Vary: Cookie` goes with every session
 * `Set-Cookie` or deletion (CVE-2026-35192). Adapters translate a request into `open()` and a response into
 * `commit()`/`acommit()`; nothing here knows a framework.
 */
import { parse } from 'cookie';
import type { SessionData } from '../session/session-base.js';
import { SessionStore } from '../session/session-store.js';
import { type SessionOptions, SessionSettings } from '../session/settings.js';
import { type CookieOptions, resolveCookieOptions, type ResolvedCookieOptions } from './cookie-options.js';
import { PayloadTooLarge } from '../signing/errors.js';
import { CookieTooLarge } from './errors.js';
import { deletionCookie, MAX_COOKIE_BYTES, sessionCookie } from './set-cookie.js';

export interface SessionMiddlewareOptions extends SessionOptions, CookieOptions {}

/** The session of one request, and whether the request carried the session cookie at all. */
export interface RequestSession<Data extends object> {
  session: SessionStore<Data>;
  /** The cookie name was in the request, with any value (Django's `name in request.COOKIES`). */
  cookiePresent: boolean;
}

/** What the response must carry: at most one session `Set-Cookie`, and whether to add `Cookie` to `Vary`. */
export interface SessionHeaders {
  setCookie: string | undefined;
  vary: boolean;
}

type Plan =
  | { kind: 'delete' }
  | { kind: 'none'; vary: boolean }
  | { kind: 'save' | 'reissue'; maxAge: number | undefined };

export class SessionMiddleware<Data extends object = SessionData> {
  readonly settings: SessionSettings;
  readonly cookie: ResolvedCookieOptions;

  constructor(options: SessionMiddlewareOptions) {
    this.cookie = resolveCookieOptions(options);
    this.settings = new SessionSettings(options);
  }

  /** Reads the session cookie from a `Cookie` header (several headers joined with "; ") and opens the session. */
  open(cookieHeader: string | undefined): RequestSession<Data> {
    const cookies = cookieHeader ? parse(cookieHeader) : {};
    const present = Object.hasOwn(cookies, this.cookie.cookieName);
    let value = present ? cookies[this.cookie.cookieName] : undefined;
    // RFC 6265 allows a DQUOTE-wrapped value; Django unquotes it too.
    if (value && value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return { session: new SessionStore<Data>(value ?? null, this.settings), cookiePresent: present };
  }

  /** Django's `process_response`, for sync stores (node:crypto). */
  commit({ session, cookiePresent }: RequestSession<Data>, status: number): SessionHeaders {
    const accessed = session.accessed;
    const plan = this.#plan(session, cookiePresent, status, () => ({ atClose: session.getExpireAtBrowserClose(), age: session.getExpiryAge() }));
    try {
      if (plan.kind === 'save') session.save();
      if (plan.kind === 'reissue') session.reissue();
    } catch (error) {
      throw this.#cookieTooLarge(error, plan);
    }
    return this.#headers(session, plan, accessed);
  }

  /** The same with the async API, for runtimes with only Web Crypto. */
  async acommit({ session, cookiePresent }: RequestSession<Data>, status: number): Promise<SessionHeaders> {
    const accessed = session.accessed;
    if (!session.isEmpty()) await session.apreload();
    const plan = this.#plan(session, cookiePresent, status, () => ({ atClose: session.getExpireAtBrowserClose(), age: session.getExpiryAge() }));
    try {
      if (plan.kind === 'save') await session.asave();
      if (plan.kind === 'reissue') await session.areissue();
    } catch (error) {
      throw this.#cookieTooLarge(error, plan);
    }
    return this.#headers(session, plan, accessed);
  }

  #plan(session: SessionStore<Data>, cookiePresent: boolean, status: number, lifetime: () => { atClose: boolean; age: number }): Plan {
    const empty = session.isEmpty();
    if (cookiePresent && empty) return { kind: 'delete' };
    const wantsSave = (session.modified || this.cookie.saveEveryRequest) && !empty;
    // A cookie verified only under a fallback secret or legacy algorithm is re-signed under the current one.
    // (The flag is known only once the cookie was loaded; checking it never loads it.)
    const wantsReissue = !wantsSave && !empty && session.needsReissue;
    if (!wantsSave && !wantsReissue) return { kind: 'none', vary: session.accessed };
    const { atClose, age } = lifetime();
    if (status >= 500) return { kind: 'none', vary: true };
    return { kind: wantsSave ? 'save' : 'reissue', maxAge: atClose ? undefined : age };
  }

  /** A token refused for its length is reported as the cookie it would have made: one error, exact sizes. */
  #cookieTooLarge(error: unknown, plan: Plan): unknown {
    if (!(error instanceof PayloadTooLarge) || error.tokenLength === undefined || plan.kind === 'none' || plan.kind === 'delete') return error;
    const size = sessionCookie(this.cookie, '', plan.maxAge, this.settings.now()).length + error.tokenLength;
    return new CookieTooLarge(this.cookie.cookieName, size, MAX_COOKIE_BYTES);
  }

  #headers(session: SessionStore<Data>, plan: Plan, accessedBefore: boolean): SessionHeaders {
    switch (plan.kind) {
      case 'delete':
        return { setCookie: deletionCookie(this.cookie), vary: true };
      case 'none':
        return { setCookie: undefined, vary: plan.vary || accessedBefore };
      default:
        return { setCookie: sessionCookie(this.cookie, session.sessionKey!, plan.maxAge, this.settings.now()), vary: true };
    }
  }
}

/**
 * The framework-neutral core of every adapter: Django's `SessionMiddleware` (its decision table is in
 * docs/design.md#the-response-decision-table), with the two fixes of docs/design.md decision 8: nothing is
 * saved on a status ≥ 500, and `Vary: Cookie` goes with every session `Set-Cookie` or deletion
 * (CVE-2026-35192). Adapters translate a request into `open()` and a response into `commit()`/`acommit()`;
 * nothing here knows a framework.
 */
import type { SessionData } from '../session/session-base.js';
import { sessionLifecycle, SessionStore } from '../session/session-store.js';
import { type SessionOptions, SessionSettings } from '../session/settings.js';
import { type CookieOptions, resolveCookieOptions, type ResolvedCookieOptions } from './cookie-options.js';
import { AmbiguousToken } from '../session/errors.js';
import { PayloadTooLarge } from '../signing/errors.js';
import { cookieValues } from '../headers/cookie-values.js';
import { CookieTooLarge } from './errors.js';
import { MAX_COOKIE_BYTES, SessionCookieWriter } from './set-cookie.js';

export interface SessionMiddlewareOptions extends SessionOptions, CookieOptions {
  /**
   * Delete a cookie that does not verify even when the app never touches the session. Off by default,
   * as in Django (an untouched bad cookie is left alone; a touched one is replaced by a fresh session).
   * On, every request carrying a cookie costs one verification.
   */
  clearInvalid?: boolean;
  /** Trust `X-Forwarded-Proto` (its first value) to tell whether the request came over HTTPS. Off by default. */
  trustProxy?: boolean;
}

/** How a request reached us, for the warning about Secure cookies over plain HTTP. */
export interface Transport {
  encrypted: boolean;
  host: string | undefined;
  forwardedProto: string | undefined;
}

/** Several different session cookies are read one by one; past this many, none is trusted. */
const MAX_CANDIDATES = 8;

/** The session of one request, and whether the request carried the session cookie at all. */
export interface RequestSession<Data extends object> {
  session: SessionStore<Data>;
  /** The cookie name was in the request, with any value (Django's `name in request.COOKIES`). */
  cookiePresent: boolean;
}

/**
 * What the response must carry: at most one session `Set-Cookie`, whether to add `Cookie` to `Vary`, and
 * whether to make the response `Cache-Control: private, no-store` (whenever the session cookie is written).
 */
export interface SessionHeaders {
  setCookie: string | undefined;
  vary: boolean;
  noStore: boolean;
}

type Plan =
  | { readonly kind: 'delete' }
  | { readonly kind: 'none'; readonly vary: boolean }
  | { readonly kind: 'save' | 'reissue'; readonly maxAge: number | undefined };

// The plans without a lifetime, made once (commit runs on every request).
const DELETE: Plan = { kind: 'delete' };
const NONE: Plan = { kind: 'none', vary: false };
const NONE_VARY: Plan = { kind: 'none', vary: true };

export class SessionMiddleware<Data extends object = SessionData> {
  readonly settings: SessionSettings;
  readonly cookie: ResolvedCookieOptions;
  readonly clearInvalid: boolean;
  readonly trustProxy: boolean;
  readonly #cookieWriter: SessionCookieWriter;
  #warnedTransport = false;

  constructor(options: SessionMiddlewareOptions) {
    this.cookie = resolveCookieOptions(options);
    this.#cookieWriter = new SessionCookieWriter(this.cookie);
    this.settings = new SessionSettings(options);
    this.clearInvalid = options.clearInvalid ?? false;
    this.trustProxy = options.trustProxy ?? false;
    warnOnSharedSalt(options, this.cookie.cookieName, this.settings);
  }

  /** The middleware for these options, or the one given: what every adapter accepts. */
  static from<Data extends object>(
    options: SessionMiddlewareOptions | SessionMiddleware<Data>,
  ): SessionMiddleware<Data> {
    return options instanceof SessionMiddleware ? options : new SessionMiddleware<Data>(options);
  }

  /**
   * Reads the session cookie from a `Cookie` header (several headers joined with "; " or ", ") and opens
   * the session, lazily as Django does. Several different values are verified now (sync crypto): one valid
   * value is used; several different valid ones are ambiguous, and none is trusted (reason `ambiguous`).
   */
  open(cookieHeader: string | undefined): RequestSession<Data> {
    const values = this.#distinctValues(cookieHeader);
    if (values.length <= 1 || values.length > MAX_CANDIDATES) return this.#single(values);
    return this.#choose(
      values.map((value) => {
        const store = new SessionStore<Data>(value, this.settings);
        sessionLifecycle.preload(store);
        return store;
      }),
    );
  }

  /** `open` with the async API, verifying at once (for runtimes with only Web Crypto). */
  async aopen(cookieHeader: string | undefined): Promise<RequestSession<Data>> {
    const values = this.#distinctValues(cookieHeader);
    if (values.length <= 1 || values.length > MAX_CANDIDATES) {
      const state = this.#single(values);
      await sessionLifecycle.apreload(state.session);
      return state;
    }
    const stores = values.map((value) => new SessionStore<Data>(value, this.settings));
    await Promise.all(stores.map((store) => sessionLifecycle.apreload(store)));
    return this.#choose(stores);
  }

  /**
   * Warns once when the cookie is `Secure` but the request came over plain HTTP from a non-local host.
   * Given a function, calls it (with `request`, so that adapters need no closure per request) only while
   * the check can still warn (adapters avoid parsing the URL).
   */
  checkTransport<Request>(transport: Transport | ((request: Request) => Transport), request?: Request): void {
    if (this.#warnedTransport || !this.cookie.secure) return;
    const { encrypted, host, forwardedProto } =
      typeof transport === 'function' ? transport(request as Request) : transport;
    const https = encrypted || (this.trustProxy && forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https');
    const local = host !== undefined && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host);
    if (https || local) return;
    this.#warnedTransport = true;
    this.settings.onWarning(
      'A request came over plain HTTP, but the session cookie is Secure: browsers will not store it, and sign-in will seem broken. Serve HTTPS, set trustProxy behind a TLS-terminating proxy, or set secure: false for local development only.',
    );
  }

  #distinctValues(cookieHeader: string | undefined): string[] {
    const values = cookieValues(cookieHeader, this.cookie.cookieName);
    return values.length < 2 ? values : [...new Set(values)];
  }

  #single(values: string[]): RequestSession<Data> {
    const present = values.length > 0;
    const session = new SessionStore<Data>(values.length === 1 ? values[0] : null, this.settings);
    if (values.length > MAX_CANDIDATES)
      sessionLifecycle.refuse(
        session,
        new AmbiguousToken(`The request carried ${values.length} different session cookies.`),
      );
    return { session, cookiePresent: present };
  }

  #choose(stores: SessionStore<Data>[]): RequestSession<Data> {
    const valid = stores.filter((store) => store.invalidReason === undefined && store.sessionKey !== null);
    if (valid.length === 1) return { session: valid[0]!, cookiePresent: true };
    if (valid.length === 0) return { session: stores[0]!, cookiePresent: true };
    const session = new SessionStore<Data>(null, this.settings);
    sessionLifecycle.refuse(
      session,
      new AmbiguousToken(`The request carried ${valid.length} different valid session cookies; none is trusted.`),
    );
    return { session, cookiePresent: true };
  }

  /** Django's `process_response`, for sync stores (node:crypto). */
  commit({ session, cookiePresent }: RequestSession<Data>, status: number): SessionHeaders {
    if (this.clearInvalid && cookiePresent && !session.accessed) sessionLifecycle.preload(session);
    const plan = this.#plan(session, cookiePresent, status);
    try {
      if (plan.kind === 'save') session.save();
      if (plan.kind === 'reissue') sessionLifecycle.reissue(session);
    } catch (error) {
      throw this.#cookieTooLarge(error, plan, () => sessionLifecycle.signedLength(session));
    } finally {
      sessionLifecycle.seal(session);
    }
    return this.#headers(session, plan);
  }

  /** The same with the async API, for runtimes with only Web Crypto. */
  async acommit({ session, cookiePresent }: RequestSession<Data>, status: number): Promise<SessionHeaders> {
    // Loaded now (without marking it accessed) so the lifetime getters below need no sync crypto.
    if (!session.isEmpty()) await sessionLifecycle.apreload(session);
    const plan = this.#plan(session, cookiePresent, status);
    try {
      if (plan.kind === 'save') await session.asave();
      if (plan.kind === 'reissue') await sessionLifecycle.areissue(session);
    } catch (error) {
      throw await this.#cookieTooLarge(error, plan, () => sessionLifecycle.asignedLength(session));
    } finally {
      sessionLifecycle.seal(session);
    }
    return this.#headers(session, plan);
  }

  #plan(session: SessionStore<Data>, cookiePresent: boolean, status: number): Plan {
    const empty = session.isEmpty();
    // Ambiguity is never answered with a deletion: it could only hit the host-only cookie we set (the
    // victim's), while a sibling's `Domain=`/`Path=` cookie survived it and would be trusted next time.
    if (cookiePresent && empty && session.invalidReason !== 'ambiguous') return DELETE;
    // A cookie whose check could not answer ('unavailable') is kept: it may be valid once the check answers.
    const refused = session.invalidReason !== undefined && session.invalidReason !== 'unavailable';
    if (this.clearInvalid && cookiePresent && !session.accessed && refused) return DELETE;
    const wantsSave = (session.modified || this.cookie.saveEveryRequest) && !empty;
    // A cookie verified only under a fallback secret or legacy algorithm is re-signed under the current one.
    // (The flag is known only once the cookie was loaded; checking it never loads it.)
    const wantsReissue = !wantsSave && !empty && session.needsReissue;
    // Read before the lifetime getters below, which access the session themselves (Django reads it first too).
    if (!wantsSave && !wantsReissue)
      return session.accessed || session.invalidReason === 'ambiguous' ? NONE_VARY : NONE;
    const atClose = session.getExpireAtBrowserClose();
    const age = session.getExpiryAge();
    if (status >= 500) return NONE_VARY;
    return { kind: wantsSave ? 'save' : 'reissue', maxAge: atClose ? undefined : age };
  }

  /**
   * A token refused for its length is reported as the cookie it would have made: one error, exact sizes.
   * The token is measured here, signed again without the cap (only on this error path); data that cannot
   * be signed at all (too large or too deep as JSON) keeps its own error.
   */
  #cookieTooLarge<L extends number | Promise<number>>(error: unknown, plan: Plan, measure: () => L): unknown {
    if (!(error instanceof PayloadTooLarge) || plan.kind === 'none' || plan.kind === 'delete') return error;
    const tooLarge = (length: number) =>
      new CookieTooLarge(this.cookie.cookieName, this.cookie.cookieName.length + length, MAX_COOKIE_BYTES);
    try {
      const length = measure();
      return length instanceof Promise ? length.then(tooLarge, () => error) : tooLarge(length);
    } catch {
      return error;
    }
  }

  #headers(session: SessionStore<Data>, plan: Plan): SessionHeaders {
    switch (plan.kind) {
      case 'delete':
        return { setCookie: this.#cookieWriter.deletion(), vary: true, noStore: true };
      case 'none':
        return { setCookie: undefined, vary: plan.vary, noStore: false };
      default:
        return {
          setCookie: this.#cookieWriter.write(session.sessionKey!, plan.maxAge, this.settings.now()),
          vary: true,
          noStore: true,
        };
    }
  }
}

const saltOwners = new Map<string, string>();

/**
 * Two session cookies signed with the same secret and salt accept each other's values (docs/security.md
 * #17). Django's salt is kept for compatibility, so this warns instead of refusing: give each its own salt.
 */
function warnOnSharedSalt(options: SessionMiddlewareOptions, cookieName: string, settings: SessionSettings): void {
  const secret = typeof options.secret === 'string' ? options.secret : String.fromCharCode(...options.secret);
  const id = `${settings.salt}\u0000${secret}`;
  const owner = saltOwners.get(id);
  if (owner === undefined) saltOwners.set(id, cookieName);
  else if (owner !== cookieName) {
    settings.onWarning(
      `The cookies "${owner}" and "${cookieName}" share a secret and salt, so each accepts the other's value; give one of them its own salt.`,
    );
  }
}

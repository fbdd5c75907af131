/**
 * Django-compatible CSRF protection, framework-neutral: `open` reads a request's secret (from the
 * `csrftoken` cookie, or from the session with `useSessions`), and the `RequestCsrf` it returns mints
 * tokens, rotates, checks the request and writes the cookie back; `guard` does both steps of Django's
 * middleware at once. The per-framework glue (csrf-<framework>.ts, over csrf-node.ts for node requests and
 * csrf-fetch-request.ts for Fetch requests) only translates requests and responses.
 */
import type { SessionBase } from '../session/session-base.js';
import { ConfigError } from '../signing/errors.js';
import type { JsonValue } from '../signing/json.js';
import type { CsrfSecret } from './csrf-check.js';
import { type CsrfRequest, SAFE_METHODS } from './csrf-request.js';
import { type CsrfOptions, resolveCsrfOptions, type ResolvedCsrfOptions } from './csrf-options.js';
import { RequestCsrf, secretFrom } from './request-csrf.js';
import { cookieValues } from '../headers/cookie-values.js';
import { CSRF_SESSION_KEY } from './session-keys.js';

/** A request past `Csrf.guard`: its CSRF state, and Django's reason when the request is refused. */
export interface CsrfGuard {
  state: RequestCsrf;
  refusal: string | undefined;
}

/** Django's `process_view` for an opened state: why an unsafe request is refused, or undefined. */
export async function refusalOf(
  state: RequestCsrf,
  method: string,
  facts: () => CsrfRequest | Promise<CsrfRequest>,
): Promise<string | undefined> {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  const verdict = state.check(await facts());
  return verdict.ok ? undefined : verdict.reason;
}

export class Csrf {
  readonly options: ResolvedCsrfOptions;

  constructor(options: CsrfOptions = {}) {
    this.options = resolveCsrfOptions(options);
  }

  /** The protection for these options, or the one given: what every adapter's glue accepts. */
  static from(options: CsrfOptions | Csrf | undefined): Csrf {
    return options instanceof Csrf ? options : new Csrf(options);
  }

  /**
   * Django's `process_request`: the request's CSRF state from its `Cookie` header, or with `useSessions`
   * from the session (which is then loaded, with the async API).
   */
  async open<Data extends object>(cookieHeader: string | undefined, session?: SessionBase<Data>): Promise<RequestCsrf> {
    const store = session as SessionBase<Record<string, JsonValue>> | undefined;
    if (!this.options.useSessions) return new RequestCsrf(this.options, this.#fromCookie(cookieHeader), store);
    if (!store)
      throw new ConfigError(
        'CSRF useSessions is on, but this request has no session: put the session middleware before the CSRF one.',
      );
    return new RequestCsrf(this.options, secretFrom(await store.aget(CSRF_SESSION_KEY), false), store);
  }

  /**
   * Django's `process_request` and `process_view` together: opens the state and, for an unsafe method,
   * checks the request, whose facts (`CsrfRequest`, the form token read by then) are only asked for then.
   */
  async guard<Data extends object>(
    cookieHeader: string | undefined,
    method: string,
    facts: () => CsrfRequest | Promise<CsrfRequest>,
    session?: SessionBase<Data>,
  ): Promise<CsrfGuard> {
    const state = await this.open(cookieHeader, session);
    return { state, refusal: await refusalOf(state, method, facts) };
  }

  #fromCookie(cookieHeader: string | undefined): CsrfSecret {
    const values = [...new Set(cookieValues(cookieHeader, this.options.cookieName))];
    // Django keeps the last; a sibling subdomain can plant a second one, so several different are refused.
    if (values.length > 1)
      return {
        secret: undefined,
        problem: `CSRF cookie is ambiguous: the request carried ${values.length} different ${this.options.cookieName} cookies.`,
      };
    return secretFrom(values[0], true);
  }
}

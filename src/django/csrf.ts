/**
 * Django-compatible CSRF protection, framework-neutral: `open` reads a request's secret (from the
 * `csrftoken` cookie, or from the session with `useSessions`), and the `RequestCsrf` it returns mints
 * tokens, rotates, checks the request and writes the cookie back. The per-adapter glue (csrf-node.ts,
 * csrf-express.ts, csrf-fastify.ts, csrf-hono.ts, csrf-fetch.ts) only translates requests and responses.
 */
import type { SessionBase } from '../session/session-base.js';
import { ConfigError } from '../signing/errors.js';
import type { JsonValue } from '../signing/json.js';
import type { CsrfSecret } from './csrf-check.js';
import { type CsrfOptions, resolveCsrfOptions, type ResolvedCsrfOptions } from './csrf-options.js';
import { RequestCsrf, secretFrom } from './request-csrf.js';
import { cookieValues } from '../headers/cookie-values.js';
import { CSRF_SESSION_KEY } from './session-keys.js';

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

/**
 * Settings resolved per request, for runtimes that hand the app its secrets with each request (a
 * Cloudflare Worker gets them in `env`). The middleware is made once per distinct settings (the secret
 * set and every other plain option), never per request: making one derives keys and checks the options.
 */
import { SessionMiddleware, type SessionMiddlewareOptions } from './session-middleware.js';

/** Session options read from the request's environment: `(env) => ({ secret: env.SESSION_SECRET })`. */
export type OptionsFromEnv<Env> = (env: Env) => SessionMiddlewareOptions;

/** What the Fetch and Hono adapters accept: options, a middleware, or options resolved per request. */
export type SessionSource<Data extends object, Env> =
  SessionMiddlewareOptions | SessionMiddleware<Data> | OptionsFromEnv<Env>;

/** Distinct settings kept; past this many (secrets made per request, a bug), the oldest is dropped. */
const MAX_MIDDLEWARES = 16;

/**
 * The middleware for a request's environment. Options are compared by value: their plain fields (secrets
 * included) make the key; functions (`validate`, `onWarning`, …) are those of the first options with that
 * key, so a resolver may create them inline.
 */
export function middlewareFor<Data extends object, Env>(
  source: SessionSource<Data, Env>,
): (env: Env) => SessionMiddleware<Data> {
  if (typeof source !== 'function') {
    const middleware = SessionMiddleware.from<Data>(source);
    return () => middleware;
  }
  const made = new Map<string, SessionMiddleware<Data>>();
  let last: { options: SessionMiddlewareOptions; middleware: SessionMiddleware<Data> } | undefined;
  return (env) => {
    const options = source(env);
    if (last?.options === options) return last.middleware; // a resolver that returns one object per env
    const key = settingsKey(options);
    let middleware = made.get(key);
    if (middleware === undefined) {
      middleware = new SessionMiddleware<Data>(options);
      if (made.size >= MAX_MIDDLEWARES) made.delete(made.keys().next().value!);
      made.set(key, middleware);
    }
    last = { options, middleware };
    return middleware;
  };
}

function settingsKey(options: SessionMiddlewareOptions): string {
  return JSON.stringify(options, (_key, value: unknown) => {
    if (typeof value === 'function') return undefined;
    if (value instanceof Uint8Array) return `bytes:${Array.from(value).join(',')}`;
    return value;
  });
}

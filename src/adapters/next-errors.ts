/** The two ways a Next.js app can ask for a session write that Next.js cannot carry as it is. */

/**
 * A session read with `read()` (a Server Component, or outside the wrappers) was changed. Next.js lets
 * only Server Actions, Route Handlers and the proxy set cookies, so the change would be lost: refused.
 */
export class ReadOnlySession extends Error {
  constructor() {
    super(
      'This session was read with read(), which cannot write: Next.js lets only Server Actions, Route Handlers and proxy.ts/middleware.ts set cookies, so this change would be lost. Change the session in a Server Action wrapped with action(), a Route Handler wrapped with route(), or in proxy.ts with proxy().',
    );
    this.name = 'ReadOnlySession';
  }
}

/**
 * In a Server Action the only way to a `Set-Cookie` is Next.js's `cookies().set()`, which percent-encodes
 * the value (`:` becomes `%3A`, which Django does not decode). The adapter hands Next.js a line it writes
 * unchanged, which needs the session `Set-Cookie` to end in a plain attribute value such as
 * `SameSite=Lax`; with `sameSite: false` it cannot, and the write is refused rather than sent encoded.
 */
export class UnwritableCookie extends Error {
  constructor(cookieName: string) {
    super(
      `The ${cookieName} cookie cannot be written byte for byte from a Server Action with sameSite: false: Next.js's cookies() percent-encodes cookie values (":" becomes "%3A", which Django cannot read), and only a Set-Cookie ending in an attribute value such as SameSite=Lax passes through unchanged. Set sameSite ("Lax", Django's default), or write the session in a Route Handler (route()) or proxy.ts (proxy()), which write the header themselves.`,
    );
    this.name = 'UnwritableCookie';
  }
}

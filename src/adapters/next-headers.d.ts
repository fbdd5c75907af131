/**
 * The part of `next/headers` the Next.js adapter uses, for this project's own type check. next has no
 * "exports" map, so NodeNext resolution cannot find `next/headers`; and next's types would bring its
 * globals (a required `process.env.NODE_ENV`) into every file here. The Next.js test app type-checks the
 * adapter against next's own types (test/next/tsconfig.typecheck.json), so this cannot drift unnoticed.
 */
declare module 'next/headers' {
  interface RequestCookie {
    name: string;
    value: string;
  }
  interface RequestCookies {
    get(name: string): RequestCookie | undefined;
    getAll(): RequestCookie[];
    set(cookie: { name: string; value: string; path?: string }): unknown;
  }
  export function cookies(): Promise<RequestCookies>;
  export function headers(): Promise<Headers>;
}

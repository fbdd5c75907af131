/**
 * The scenarios every conformance app runs, by URL path, and the query flags that shape its response.
 * Kept free of any framework so the Next.js test app (test/next) bundles the same table.
 */
import type { SessionStore } from 'signed-cookie-session';

/** What a scenario asks the app to answer. */
export interface Outcome {
  status: number;
  vary: string | undefined;
  otherCookies: boolean;
  redirect: boolean;
}

type Action = (s: SessionStore) => number | void;
const actions: Record<string, Action> = {
  write: (s) => s.set('hello', 'world'),
  read: (s) => void s.get('hello'),
  nothing: () => undefined,
  flush: (s) => s.flush(),
  clear: (s) => s.clear(),
  'write-500': (s) => (s.set('hello', 'world'), 500),
  'write-503': (s) => (s.set('hello', 'world'), 503),
  'expiry-0': (s) => (s.set('a', 1), s.setExpiry(0)),
  'expiry-60': (s) => (s.set('a', 1), s.setExpiry(60)),
  huge: (s) => s.set('blob', Array.from({ length: 900 }, (_, i) => `${i}:${(i * 7919) % 10007}`).join(',')),
  cycle: (s) => s.cycleKey(),
  throw: () => {
    throw new Error('handler failed');
  },
};

/** Runs the scenario named by the URL path on the session; query flags shape the response. */
export function scenario(url: URL, session: SessionStore): Outcome {
  const status = actions[url.pathname.slice(1)]?.(session) ?? 200;
  return {
    status,
    vary: url.searchParams.get('vary') ?? undefined,
    otherCookies: url.searchParams.has('other'),
    redirect: url.searchParams.has('redirect'),
  };
}

export const OTHER_COOKIES = ['a=1; Path=/', 'b=2; Path=/'];

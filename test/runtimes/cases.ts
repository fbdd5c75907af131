/**
 * The conformance subset every runtime runs (Node 20 and 24, Bun, Deno, workerd): Django's vectors through
 * the async API, the session store, the fetch adapter, the h3 adapter on h3 itself, the React Router
 * storage on React Router itself, and the sync API where node:crypto exists (and its clear error where it
 * does not). Only Web APIs and the built package (bundled from dist/ by esbuild): no node:test, no node:
 * imports.
 */
import { H3, redirect as h3Redirect } from 'h3';
import { RuntimeUnsupported, SessionStore } from 'signed-cookie-session';
import { withSession } from 'signed-cookie-session/fetch';
import { getSession as h3Session, session as h3SessionMiddleware } from 'signed-cookie-session/h3';
import { createCookieSessionStorage } from 'signed-cookie-session/react-router';
import {
  adumps,
  aloads,
  dumps,
  PayloadTooLarge,
  Signer,
  TimestampSigner,
  TokenError,
} from 'signed-cookie-session/signing';
import fixture from '../fixtures/django-3.2-public.json' with { type: 'json' };
import type { Vector } from '../vector.js';

export interface Result {
  name: string;
  ok: boolean;
  error?: string;
}

type Case = [name: string, fn: () => Promise<void> | void];

function equal(actual: unknown, expected: unknown, what = 'value'): void {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${what}: ${a} !== ${b}`);
}

function ok(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function refused(promise: Promise<unknown>, type: new (...args: never[]) => Error = TokenError): Promise<void> {
  try {
    await promise;
  } catch (error) {
    ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return;
  }
  throw new Error(`expected ${type.name}, but it succeeded`);
}

const vectors = (fixture as { vectors: Vector[] }).vectors;
const frozen = (seconds: number) => () => seconds * 1000;
const hazard = (v: Vector) =>
  (v.tags ?? []).some((t) => /hazard|lenient|latin1|legacy/.test(t)) || (v.js_hazards ?? []).length > 0;
const SECRET = 'runtime-conformance-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const SALT = 'django.contrib.sessions.backends.signed_cookies';
const hasNodeCrypto =
  typeof (globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule === 'function';

function cases(): Case[] {
  const list: Case[] = [];
  for (const v of vectors.filter((x) => x.kind === 'signer_sign' && !x.error && x.algorithm !== ('sha224' as string))) {
    list.push([
      `vector ${v.id} (sign)`,
      async () =>
        equal(
          await new Signer({ key: v.secret, salt: v.salt ?? undefined, sep: v.sep, algorithm: v.algorithm }).asign(
            v.input as string,
          ),
          v.expected,
        ),
    ]);
  }
  for (const v of vectors.filter((x) => x.kind === 'timestamp_signer_sign' && !x.error)) {
    list.push([
      `vector ${v.id} (timestamp sign)`,
      async () =>
        equal(
          await new TimestampSigner({
            key: v.secret,
            salt: v.salt ?? undefined,
            sep: v.sep,
            algorithm: v.algorithm,
            now: frozen(v.now!),
          }).asign(v.input as string),
          v.expected,
        ),
    ]);
  }
  for (const v of vectors.filter((x) => x.kind === 'dumps' && !x.compressed && !hazard(x))) {
    list.push([
      `vector ${v.id} (dumps)`,
      async () =>
        equal(
          await adumps(v.input, {
            key: v.secret,
            salt: v.salt ?? undefined,
            compress: v.compress,
            now: frozen(v.now!),
          }),
          v.expected,
        ),
    ]);
  }
  for (const v of vectors.filter((x) => x.kind === 'loads' && !hazard(x) && x.group !== 'future-timestamp')) {
    list.push([
      `vector ${v.id} (loads)`,
      async () =>
        equal(
          await aloads(v.input as string, {
            key: v.secret,
            salt: v.salt ?? undefined,
            maxAge: v.max_age ?? undefined,
            now: frozen(v.now!),
          }),
          v.expected,
        ),
    ]);
  }
  for (const v of vectors.filter((x) => x.kind === 'loads_error')) {
    list.push([
      `vector ${v.id} (refused)`,
      () =>
        refused(
          aloads(v.input as string, {
            key: v.secret,
            salt: v.salt ?? undefined,
            maxAge: v.max_age ?? undefined,
            now: frozen(v.now!),
          }),
        ),
    ]);
  }
  for (const v of vectors.filter(
    (x) => x.kind === 'session_load' && !hazard(x) && !['custom-expiry-ignored', 'non-dict-payload'].includes(x.group),
  )) {
    list.push([
      `vector ${v.id} (session load)`,
      async () => {
        const store = new SessionStore(v.input as string, {
          secret: v.secret,
          now: frozen(v.now!),
          onWarning: () => undefined,
        });
        equal(Object.fromEntries(await store.aitems()), v.expected);
        equal(store.modified, v.reset, 'reset');
      },
    ]);
  }

  list.push([
    'compression round trip (CompressionStream or zlib)',
    async () => {
      const data = { cart: Array.from({ length: 80 }, (_, i) => `SKU-${i % 5}`) };
      const token = await adumps(data, { key: SECRET, salt: SALT, compress: true });
      ok(token.startsWith('.'), 'compressed');
      equal(await aloads(token, { key: SECRET, salt: SALT }), data);
    },
  ]);
  list.push([
    "the store's fast compression (zlib level 2, or the plain-JS compressor): compressed, read back",
    async () => {
      const data = {
        cart: Array.from({ length: 60 }, (_, i) => ({
          sku: `SKU-${1000 + i * 37}`,
          qty: (i % 3) + 1,
          title: `Item number ${i}`,
        })),
      };
      const s = new SessionStore(null, { secret: SECRET, onWarning: () => undefined });
      await s.aupdate(data);
      await s.asave();
      ok(s.sessionKey!.startsWith('.'), 'compressed');
      ok(s.sessionKey!.length < JSON.stringify(data).length * 0.6, `at least 40 % smaller: ${s.sessionKey!.length}`);
      const again = new SessionStore(s.sessionKey, { secret: SECRET, onWarning: () => undefined });
      equal(Object.fromEntries(await again.aitems()), data);
    },
  ]);
  list.push([
    "compress: 'fast' falls back to Django's level when the fast form is too long",
    async () => {
      const data = {
        cart: Array.from({ length: 40 }, (_, i) => ({ sku: `SKU-${i * 7919}`, note: `${i}`.repeat(i % 9) })),
      };
      const signer = new TimestampSigner({ key: SECRET, salt: SALT });
      const best = await signer.asignObject(data, { compress: true });
      const fast = await signer.asignObject(data, { compress: 'fast' });
      const cap = best.length + 2;
      ok(fast.length > cap, `the fast form (${fast.length}) is over the cap (${cap})`);
      const token = await signer.asignObject(data, { compress: 'fast', maxLength: cap });
      ok(token.length <= cap, `${token.length} fits`);
      equal(await signer.aunsignObject(token), data);
    },
  ]);
  list.push([
    'a zip bomb is refused past 64 KiB',
    async () => {
      const message = `.${BOMB}:${new TimestampSigner({ key: SECRET, salt: SALT }).timestamp()}`;
      const token = `${message}:${await new TimestampSigner({ key: SECRET, salt: SALT }).asignature(message)}`;
      await refused(aloads(token, { key: SECRET, salt: SALT }), PayloadTooLarge);
    },
  ]);
  list.push([
    'Web Crypto forced gives the same bytes',
    async () => {
      const data = { user: 'José', n: [1, 2.5, null] };
      equal(
        await adumps(data, { key: SECRET, salt: SALT, crypto: 'web', now: frozen(1_700_000_000) }),
        await adumps(data, { key: SECRET, salt: SALT, now: frozen(1_700_000_000) }),
      );
    },
  ]);
  list.push([
    'session store: save, reload, expiry enforced',
    async () => {
      const s = new SessionStore(null, { secret: SECRET, now: frozen(1_700_000_000), onWarning: () => undefined });
      await s.aset('user', 'ada');
      await s.asetExpiry(60);
      await s.asave();
      const later = new SessionStore(s.sessionKey, {
        secret: SECRET,
        now: frozen(1_700_000_061),
        onWarning: () => undefined,
      });
      equal(await later.aget('user'), undefined);
      equal(later.invalidReason, 'expired');
    },
  ]);
  list.push([
    hasNodeCrypto ? 'the sync API works (node:crypto)' : 'the sync API fails with its clear error (no node:crypto)',
    () => {
      try {
        const token = dumps({ a: 1 }, { key: SECRET, salt: SALT });
        ok(hasNodeCrypto, 'the sync API ran without node:crypto');
        ok(token.split(':').length === 3, 'a token');
      } catch (error) {
        if (hasNodeCrypto) throw error;
        ok(error instanceof RuntimeUnsupported, `expected RuntimeUnsupported, got ${String(error)}`);
        ok(/async form/.test((error as Error).message), 'the message names the async form');
      }
    },
  ]);

  const handler = withSession(
    async (request, session) => {
      const path = new URL(request.url).pathname;
      if (path === '/write') await session.aset('visits', ((await session.aget('visits', 0)) as number) + 1);
      if (path === '/redirect') {
        await session.aset('went', true);
        return Response.redirect('http://x/', 302);
      }
      if (path === '/huge')
        await session.aset('blob', Array.from({ length: 900 }, (_, i) => `${i}:${(i * 7919) % 10007}`).join(','));
      return Response.json({ visits: session.get('visits') ?? 0 });
    },
    { secret: SECRET, onWarning: () => undefined },
    () => undefined,
  );
  const cookieOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('sessionid='))
      ?.split(';')[0];
  list.push([
    'fetch adapter: a new session sets one Secure HttpOnly cookie with Vary and no-store',
    async () => {
      const res = await handler(new Request('https://x/write'));
      const set = res.headers.getSetCookie();
      equal(set.length, 1, 'Set-Cookie lines');
      ok(/; HttpOnly/.test(set[0]!) && /; Secure/.test(set[0]!), 'attributes');
      equal(res.headers.get('vary'), 'Cookie');
      equal(res.headers.get('cache-control'), 'private, no-store');
    },
  ]);
  list.push([
    'fetch adapter: the cookie is read back and changed',
    async () => {
      const first = await handler(new Request('https://x/write'));
      const second = await handler(new Request('https://x/write', { headers: { cookie: cookieOf(first)! } }));
      equal(await second.json(), { visits: 2 });
    },
  ]);
  list.push([
    'fetch adapter: a tampered cookie gives an empty session',
    async () => {
      const first = await handler(new Request('https://x/write'));
      const res = await handler(
        new Request('https://x/read', { headers: { cookie: `${cookieOf(first)!.slice(0, -2)}xx` } }),
      );
      equal(await res.json(), { visits: 0 });
    },
  ]);
  list.push([
    'fetch adapter: an immutable Response.redirect gets the cookie',
    async () => {
      const res = await handler(new Request('https://x/redirect'));
      equal(res.status, 302);
      equal(res.headers.get('location'), 'http://x/');
      ok(cookieOf(res), 'Set-Cookie on the redirect');
    },
  ]);
  list.push([
    'fetch adapter: a session too large for a cookie is a 500, nothing set',
    async () => {
      const res = await handler(new Request('https://x/huge'));
      equal(res.status, 500);
      equal(cookieOf(res), undefined);
    },
  ]);
  list.push([
    '#13.1 fetch adapter: a comma is part of a cookie value; "tossed=x,sessionid=…" is never the session',
    async () => {
      const planted = cookieOf(await handler(new Request('https://x/write')))!;
      const res = await handler(new Request('https://x/read', { headers: { cookie: `tossed=x,${planted}` } }));
      equal(await res.json(), { visits: 0 });
    },
  ]);
  list.push([
    '#13.1 fetch adapter: several Cookie headers in this runtime\'s Headers: read when joined with "; ", never a wrong value',
    async () => {
      const own = cookieOf(await handler(new Request('https://x/write')))!;
      const headers = new Headers();
      headers.append('cookie', 'a=1');
      headers.append('cookie', own);
      const joined = headers.get('cookie')!;
      const res = await handler(new Request('https://x/read', { headers: { cookie: joined } }));
      // Node (undici) and Bun join with "; "; Deno and workerd with ", ", whose second piece is not seen.
      equal(await res.json(), { visits: joined.startsWith('a=1; ') ? 1 : 0 });
      ok(joined === `a=1; ${own}` || joined === `a=1, ${own}`, `joined as ${joined.slice(0, 8)}…`);
    },
  ]);

  const h3 = new H3({ silent: true });
  h3.use(h3SessionMiddleware({ secret: SECRET, onWarning: () => undefined }));
  h3.get('/write', (event) => {
    const session = h3Session<{ visits: number }>(event);
    session.set('visits', session.get('visits', 0) + 1);
    return { visits: session.get('visits') };
  });
  h3.get('/redirect', (event) => {
    h3Session(event).set('went', true);
    return h3Redirect('/', 302);
  });
  h3.get('/huge', (event) => {
    h3Session(event).set('blob', Array.from({ length: 900 }, (_, i) => `${i}:${(i * 7919) % 10007}`).join(','));
    return 'too big';
  });
  list.push([
    'h3 adapter: a new session sets one cookie with Vary and no-store; read back and changed',
    async () => {
      const first = await h3.fetch(new Request('https://x/write'));
      equal(first.headers.getSetCookie().length, 1, 'Set-Cookie lines');
      equal(first.headers.get('vary'), 'Cookie');
      equal(first.headers.get('cache-control'), 'private, no-store');
      const second = await h3.fetch(new Request('https://x/write', { headers: { cookie: cookieOf(first)! } }));
      equal(await second.json(), { visits: 2 });
    },
  ]);
  list.push([
    'h3 adapter: a tampered cookie gives an empty session; a redirect carries the cookie',
    async () => {
      const first = await h3.fetch(new Request('https://x/write'));
      const res = await h3.fetch(
        new Request('https://x/write', { headers: { cookie: `${cookieOf(first)!.slice(0, -2)}xx` } }),
      );
      equal(await res.json(), { visits: 1 });
      const redirect = await h3.fetch(new Request('https://x/redirect'));
      equal(redirect.status, 302);
      ok(cookieOf(redirect), 'Set-Cookie on the redirect');
    },
  ]);
  list.push([
    'h3 adapter: a session too large for a cookie is a 500, nothing set',
    async () => {
      const res = await h3.fetch(new Request('https://x/huge'));
      equal(res.status, 500);
      equal(cookieOf(res), undefined);
    },
  ]);

  const storage = createCookieSessionStorage<{ user: string }, { message: string }>({
    cookie: { name: 'sessionid', secrets: [SECRET], maxAge: 60 },
    onWarning: () => undefined,
  });
  list.push([
    'React Router storage: commit, read back, flash read once, Django-signed',
    async () => {
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      session.flash('message', 'hi');
      const cookie = (await storage.commitSession(session)).split(';')[0]!;
      equal(await aloads(cookie.slice('sessionid='.length), { key: SECRET, salt: SALT }), {
        user: 'ada',
        __flash_message__: 'hi',
      });
      const again = await storage.getSession(cookie);
      equal([again.get('message'), again.get('message'), again.get('user')], ['hi', undefined, 'ada']);
    },
  ]);
  list.push([
    'React Router storage: a tampered cookie is an empty session; destroySession deletes',
    async () => {
      const session = await storage.getSession(null);
      session.set('user', 'ada');
      const cookie = (await storage.commitSession(session)).split(';')[0]!;
      equal((await storage.getSession(`${cookie.slice(0, -2)}xx`)).data, {});
      ok(/^sessionid=; Max-Age=0/.test(await storage.destroySession(session)), 'a deletion');
    },
  ]);
  return list;
}

export async function run(): Promise<Result[]> {
  const results: Result[] = [];
  for (const [name, fn] of cases()) {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({
        name,
        ok: false,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return results;
}

/** zlib of `{"a":"a…"}` with 3 000 000 "a" (made once with node:zlib), base64url: stored so no runtime needs zlib to build it. */
const BOMB =
  'eJztwQERAAAEBLAuH0MbOZzugtg26VQaAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB4I3uPAFUT';

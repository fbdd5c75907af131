/**
 * The framework-neutral core without HTTP: exact Set-Cookie attributes for the rows of docs/testing.md#middleware-scenarios that
 * depend on options and expiry, configuration errors at creation, and CookieTooLarge.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serialize } from 'cookie';
import fc from 'fast-check';
import { CookieTooLarge } from '../../src/http/errors.js';
import { SessionCookieWriter } from '../../src/http/set-cookie.js';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import { varyWithCookie } from '../../src/headers/vary.js';
import { ConfigError } from '../../src/index.js';
import { dumps } from '../../src/signing/index.js';
import { frozen, SECRET } from '../helpers.js';

const T = 1_700_000_000.25;
const SALT = 'django.contrib.sessions.backends.signed_cookies';
const TOKEN = dumps({ hello: 'world' }, { key: SECRET, salt: SALT, compress: true, now: frozen(T) });

function run(
  options: Partial<SessionMiddlewareOptions>,
  cookie: string | undefined,
  view: (s: import('../../src/index.js').SessionStore) => void,
  status = 200,
) {
  const middleware = new SessionMiddleware({ secret: SECRET, now: frozen(T), secure: false, ...options });
  const state = middleware.open(cookie);
  view(state.session);
  return middleware.commit(state, status);
}

/** The attributes after the value, as written. */
const tail = (header: string | undefined) => header?.slice(header.indexOf(';') + 2);

describe('Set-Cookie attributes (docs/testing.md#middleware-scenarios, our attribute order)', () => {
  test('G1: a new session', () => {
    const { setCookie, vary } = run({}, undefined, (s) => s.set('hello', 'world'));
    assert.equal(
      setCookie,
      `sessionid=${TOKEN}; Max-Age=1209600; Path=/; Expires=Tue, 28 Nov 2023 22:13:20 GMT; HttpOnly; SameSite=Lax`,
    );
    assert.equal(vary, true);
  });

  test('G15/G20: set_expiry(0) or expireAtBrowserClose: no Max-Age, no Expires', () => {
    assert.equal(
      tail(run({}, undefined, (s) => (s.set('a', 1), s.setExpiry(0))).setCookie),
      'Path=/; HttpOnly; SameSite=Lax',
    );
    assert.equal(
      tail(run({ expireAtBrowserClose: true }, undefined, (s) => s.set('a', 1)).setCookie),
      'Path=/; HttpOnly; SameSite=Lax',
    );
  });

  test('G16/G17/G27: Max-Age is int(age), Expires is now + age with seconds truncated', () => {
    assert.equal(
      tail(run({}, undefined, (s) => (s.set('a', 1), s.setExpiry(60))).setCookie),
      'Max-Age=60; Path=/; Expires=Tue, 14 Nov 2023 22:14:20 GMT; HttpOnly; SameSite=Lax',
    );
    assert.equal(
      tail(run({}, undefined, (s) => (s.set('a', 1), s.setExpiry(-10))).setCookie),
      'Max-Age=-10; Path=/; Expires=Tue, 14 Nov 2023 22:13:10 GMT; HttpOnly; SameSite=Lax',
    );
    assert.equal(
      tail(run({}, undefined, (s) => (s.set('a', 1), s.setExpiry(30.7))).setCookie),
      'Max-Age=30; Path=/; Expires=Tue, 14 Nov 2023 22:13:50 GMT; HttpOnly; SameSite=Lax',
    );
  });

  test('G26 (Django 4.1+): an ISO expiry gives Max-Age in whole seconds until then', () => {
    const { setCookie } = run({}, undefined, (s) => (s.set('a', 1), s.setExpiry(new Date('2023-11-14T22:14:20.250Z'))));
    assert.match(setCookie!, /Max-Age=60;/);
  });

  test('G21: Secure, Domain, Path, SameSite=None, no HttpOnly', () => {
    const { setCookie } = run(
      { secure: true, domain: '.example.com', path: '/app', sameSite: 'None', httpOnly: false },
      undefined,
      (s) => s.set('hello', 'world'),
    );
    assert.equal(
      tail(setCookie),
      'Max-Age=1209600; Domain=.example.com; Path=/app; Expires=Tue, 28 Nov 2023 22:13:20 GMT; Secure; SameSite=None',
    );
  });

  test('G24: sameSite false omits the attribute', () => {
    assert.doesNotMatch(run({ sameSite: false }, undefined, (s) => s.set('a', 1)).setCookie!, /SameSite/);
  });

  test('G22/G23: a deletion carries the same Path, Domain, Secure and SameSite as the cookie', () => {
    const deleted = run({ secure: true, sameSite: 'None' }, `sessionid=${TOKEN}`, (s) => s.flush()).setCookie;
    assert.equal(
      deleted,
      'sessionid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None',
    );
    const host = run({ cookieName: '__Host-sid', secure: true }, `__Host-sid=${TOKEN}`, (s) => s.flush()).setCookie;
    assert.equal(
      host,
      '__Host-sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    );
  });

  test('partitioned cookies carry Partitioned', () => {
    assert.match(run({ secure: true, partitioned: true }, undefined, (s) => s.set('a', 1)).setCookie!, /; Partitioned/);
  });

  test('a quoted cookie value is read (RFC 6265 DQUOTE form); a half-quoted one is refused', () => {
    assert.equal(
      new SessionMiddleware({ secret: SECRET, now: frozen(T) }).open(`sessionid="${TOKEN}"`).session.get('hello'),
      'world',
    );
    assert.equal(
      new SessionMiddleware({ secret: SECRET, now: frozen(T) }).open(`sessionid="${TOKEN}`).session.get('hello'),
      undefined,
    );
  });

  test('only the exact cookie name is ours', () => {
    const middleware = new SessionMiddleware({ secret: SECRET, now: frozen(T) });
    for (const header of [`SESSIONID=${TOKEN}`, `sessionid_=${TOKEN}`, `session=${TOKEN}`, `%73essionid=${TOKEN}`]) {
      assert.equal(middleware.open(header).cookiePresent, false);
    }
  });
});

describe('configuration is checked when the middleware is made', () => {
  const bad: [string, Partial<SessionMiddlewareOptions>, RegExp][] = [
    ['__Host- without Secure', { cookieName: '__Host-sid', secure: false }, /must be Secure/],
    ['__host- (any case) without Secure', { cookieName: '__host-sid', secure: false }, /must be Secure/],
    ['__Secure- without Secure', { cookieName: '__Secure-sid', secure: false }, /must be Secure/],
    ['__Host- with a path', { cookieName: '__Host-sid', path: '/app' }, /needs path "\/"/],
    ['__Host- with a domain', { cookieName: '__Host-sid', domain: 'example.com' }, /must not set a domain/],
    ['Partitioned without Secure', { partitioned: true, secure: false }, /partitioned session cookie must be Secure/],
    ['SameSite=None without Secure', { sameSite: 'None', secure: false }, /SameSite=None must be Secure/],
    ['a name with ;', { cookieName: 'a;b' }, /Invalid session cookie name/],
    ['a domain injecting an attribute', { domain: 'example.com; Domain=evil.com' }, /Invalid session cookie domain/],
    ['a path with a newline', { path: '/a\r\nSet-Cookie: x=1' }, /Invalid session cookie path/],
    ['an unknown SameSite', { sameSite: 'lax ' as 'Lax' }, /SameSite must be/],
    ['a short secret', { secret: 'short' }, /at least 32/],
  ];
  for (const [name, options, message] of bad) {
    test(name, () => {
      assert.throws(
        () => new SessionMiddleware({ secret: SECRET, ...options }),
        (e: Error) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }
});

describe('CookieTooLarge (docs/design.md decision 9)', () => {
  test('names the sizes and is raised before anything is written', () => {
    const middleware = new SessionMiddleware({ secret: SECRET, now: frozen(T) });
    const state = middleware.open(undefined);
    state.session.set('blob', Array.from({ length: 900 }, (_, i) => `${i}:${(i * 7919) % 10007}`).join(','));
    assert.throws(
      () => middleware.commit(state, 200),
      (e: Error) =>
        e instanceof CookieTooLarge &&
        /would hold \d{4,} bytes of name and value/.test(e.message) &&
        e.message.includes('4096'),
    );
  });
});

describe('CookieTooLarge at the boundary', () => {
  // Issue 13 #6: browsers count name and value (RFC 6265bis §5.6), not the attributes.
  test('#13.6 for every size, name and value fit in 4096 bytes or CookieTooLarge is raised, never another error', () => {
    const middleware = new SessionMiddleware({ secret: SECRET, now: frozen(T) });
    let seed = 7;
    const noise = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(33 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 90)))
        .join('')
        .replace(/["\\]/g, 'x');
    let refused = 0;
    for (let n = 3400; n <= 4600; n += 8) {
      const state = middleware.open(undefined);
      state.session.set('blob', noise(n));
      try {
        const { setCookie } = middleware.commit(state, 200);
        assert.ok(setCookie!.indexOf(';') - 1 <= 4096, 'name and value (without the "=")');
      } catch (error) {
        assert.ok(error instanceof CookieTooLarge, String(error));
        assert.ok(error.size > 4096);
        refused++;
      }
    }
    assert.ok(refused > 0 && refused < 151, `refused ${refused} of 151`);
  });

  test('#13.6 a session Django wrote near the limit loads and, changed, saves (the attributes do not count)', () => {
    const middleware = new SessionMiddleware({
      secret: SECRET,
      now: frozen(T),
      maxAge: 1_209_600,
      domain: 'example.com',
      secure: true,
    });
    let seed = 11;
    const noise = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(48 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 75)))
        .join('')
        .replace(/[\\]/g, 'x');
    // A token of 4029 characters, as a Django site may write: under the old count its Set-Cookie, with
    // Expires, Max-Age, Domain, Path, Secure, HttpOnly and SameSite, passed 4096 bytes.
    let token = '';
    for (let n = 2900; token.length < 4029; n++)
      token = dumps({ blob: noise(n) }, { key: SECRET, salt: SALT, compress: true, now: frozen(T) });
    const state = middleware.open(`sessionid=${token}`);
    assert.equal(typeof state.session.get('blob'), 'string');
    assert.equal(state.session.invalidReason, undefined);
    state.session.set('n', 1);
    const { setCookie } = middleware.commit(state, 200);
    assert.ok(setCookie!.length > 4096, `the header with its attributes is ${setCookie!.length} bytes`);
    assert.ok(setCookie!.indexOf(';') - 1 <= 4096);
  });

  test('#13.6 a domain or path over 1024 bytes is a ConfigError at creation', () => {
    assert.throws(() => new SessionMiddleware({ secret: SECRET, domain: `${'a'.repeat(1021)}.com` }), ConfigError);
    assert.throws(() => new SessionMiddleware({ secret: SECRET, path: `/${'p'.repeat(1024)}` }), ConfigError);
    assert.doesNotThrow(() => new SessionMiddleware({ secret: SECRET, path: `/${'p'.repeat(1023)}` }));
  });
});

describe('Vary patching, as Django patch_vary_headers', () => {
  test('adds Cookie once, case-insensitively; * stays', () => {
    assert.equal(varyWithCookie(undefined), 'Cookie');
    assert.equal(varyWithCookie('Accept-Encoding'), 'Accept-Encoding, Cookie');
    assert.equal(varyWithCookie('accept-encoding, COOKIE'), 'accept-encoding, COOKIE');
    assert.equal(varyWithCookie('*'), '*');
  });
});

describe('SessionCookieWriter: the cached tail is what `cookie` serialises for the whole header', () => {
  const writerOptions = fc.record({
    cookieName: fc.constantFrom('sessionid', '__Secure-s', 'a'),
    domain: fc.option(fc.constantFrom('example.com', '.example.org'), { nil: undefined }),
    path: fc.constantFrom('/', '/app'),
    httpOnly: fc.boolean(),
    sameSite: fc.constantFrom('Lax' as const, 'Strict' as const, false as const),
    partitioned: fc.boolean(),
  });
  const value = fc.stringMatching(/^\.?[A-Za-z0-9_-]{1,200}:[0-9A-Za-z]{6}:[A-Za-z0-9_-]{43}$/);
  const maxAge = fc.option(
    fc.oneof(fc.integer({ min: 1, max: 40_000_000 }), fc.double({ min: 0.5, max: 40_000_000, noNaN: true })),
    { nil: undefined },
  );
  const now = fc.integer({ min: 0, max: 4_000_000_000_000 });

  test('equal to a fresh serialize() for any options, value, lifetime and clock; across repeated calls', () => {
    fc.assert(
      fc.property(writerOptions, fc.array(fc.tuple(value, maxAge, now), { minLength: 1, maxLength: 6 }), (o, calls) => {
        const resolved = { ...o, secure: true, saveEveryRequest: false };
        const writer = new SessionCookieWriter(resolved);
        const attrs = {
          encode: (v: string) => v,
          domain: o.domain,
          path: o.path,
          secure: true,
          httpOnly: o.httpOnly,
          sameSite: o.sameSite === false ? undefined : (o.sameSite.toLowerCase() as 'lax' | 'strict'),
          partitioned: o.partitioned,
        };
        for (const [v, age, t] of [...calls, ...calls]) {
          const capped = age === undefined ? undefined : Math.min(age, 400 * 86400);
          const lifetime =
            capped === undefined
              ? {}
              : { maxAge: Math.trunc(capped), expires: new Date(Math.floor(t / 1000 + capped) * 1000) };
          assert.equal(writer.write(v, age, t), serialize(o.cookieName, v, { ...attrs, ...lifetime }));
        }
        assert.equal(writer.deletion(), serialize(o.cookieName, '', { ...attrs, maxAge: 0, expires: new Date(0) }));
      }),
      { numRuns: 300 },
    );
  });
});

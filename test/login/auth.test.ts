/**
 * DjangoAuth, the CSRF core and the password functions on their own: each branch of Django's get_user,
 * login and logout on a real SessionStore, and the edges the Django round trips do not reach.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionStore } from '../../src/index.js';
import {
  checkPassword,
  Csrf,
  type CsrfOptions,
  DjangoAuth,
  type DjangoUser,
  hasherOf,
  makePassword,
  sessionAuthHash,
  tokenFormatProblem,
  UnsupportedHasher,
} from '../../src/django/index.js';
import { ConfigError } from '../../src/signing/errors.js';
import { SECRET } from '../helpers.js';

const OLD = 'the-old-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789';
const alice: DjangoUser & { name: string } = {
  id: 1,
  name: 'alice',
  password: 'pbkdf2_sha256$1000$salt$hash=',
  isActive: true,
};
const options = { secret: SECRET, onWarning: () => {} };

/** A session as a Django login under `secret` leaves it, re-read from its cookie. */
async function signedIn(extra: Record<string, string> = {}, hashSecret = SECRET, user = alice): Promise<SessionStore> {
  const store = new SessionStore(null, options);
  store.update({
    _auth_user_id: String(user.id),
    _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
    _auth_user_hash: await sessionAuthHash(user.password, hashSecret),
    ...extra,
  });
  store.save();
  return new SessionStore(store.sessionKey, options);
}

function authWith(
  users: (typeof alice)[],
  more: Partial<ConstructorParameters<typeof DjangoAuth<typeof alice>>[0]> = {},
) {
  const calls: string[] = [];
  const auth = new DjangoAuth<typeof alice>({
    secret: SECRET,
    fallbackSecrets: [OLD],
    loadUser: async (id) => {
      calls.push(id);
      return users.find((u) => String(u.id) === id);
    },
    ...more,
  });
  return { auth, calls };
}

describe('DjangoAuth.getUser, branch by branch of Django get_user', () => {
  test('no user id or no backend in the session: nobody, and loadUser is not asked', async () => {
    const { auth, calls } = authWith([alice]);
    assert.equal(await auth.getUser(new SessionStore(null, options)), null);
    const store = await signedIn();
    store.remove('_auth_user_backend');
    assert.equal(await auth.getUser(store), null);
    assert.deepEqual(calls, []);
  });

  test('the signed-in user, loaded by the string id', async () => {
    const { auth, calls } = authWith([alice]);
    const store = await signedIn();
    assert.equal((await auth.getUser(store))?.name, 'alice');
    assert.deepEqual(calls, ['1']);
    assert.equal(store.modified, false);
  });

  test('a backend outside authenticationBackends: nobody, and the session is left alone (as in Django)', async () => {
    const { auth, calls } = authWith([alice], { authenticationBackends: ['myapp.backends.Other'] });
    const store = await signedIn();
    assert.equal(await auth.getUser(store), null);
    assert.deepEqual(calls, []);
    assert.equal(store.get('_auth_user_id'), '1');
  });

  test('a user that no longer exists or is inactive: nobody, not flushed; AllowAllUsersModelBackend lets inactive users in', async () => {
    assert.equal(await authWith([]).auth.getUser(await signedIn()), null);
    const inactive = { ...alice, isActive: false };
    const store = await signedIn();
    assert.equal(await authWith([inactive]).auth.getUser(store), null);
    assert.equal(store.modified, false);
    const allowAll = 'django.contrib.auth.backends.AllowAllUsersModelBackend';
    const store2 = await signedIn();
    store2.set('_auth_user_backend', allowAll);
    assert.equal(
      (await authWith([inactive], { authenticationBackends: [allowAll] }).auth.getUser(store2))?.name,
      'alice',
    );
  });

  test('a hash that does not match (the password changed), or none: the session is flushed', async () => {
    const { auth } = authWith([{ ...alice, password: 'pbkdf2_sha256$1000$salt$changed=' }]);
    const store = await signedIn({ note: 'kept?' });
    assert.equal(await auth.getUser(store), null);
    assert.equal(store.sessionKey, null);
    assert.deepEqual(store.keys(), []);
    const empty = await signedIn();
    empty.set('_auth_user_hash', '');
    assert.equal(await authWith([alice]).auth.getUser(empty), null);
    assert.equal(empty.sessionKey, null);
  });

  test('a hash made under a fallback secret: the user, a cycled key and the hash rewritten under the current secret', async () => {
    const { auth } = authWith([alice]);
    const store = await signedIn({ note: 'kept' }, OLD);
    const before = store.sessionKey;
    assert.equal((await auth.getUser(store))?.name, 'alice');
    // A cookie's key is its signed value: cycling re-signs it, and the rewritten hash is saved with it.
    assert.equal(store.modified, true);
    store.save();
    assert.notEqual(store.sessionKey, before);
    assert.equal(store.get('_auth_user_hash'), await sessionAuthHash(alice.password, SECRET));
    assert.equal(store.get('note'), 'kept');
    // Without the fallback it is a mismatch.
    const strict = new DjangoAuth({ secret: SECRET, loadUser: () => alice });
    assert.equal(await strict.getUser(await signedIn({}, OLD)), null);
  });

  test('a pluggable session auth hash, for custom user models', async () => {
    const custom = (user: typeof alice, secret: string | Uint8Array) => `${user.name}:${String(secret).length}`;
    const auth = new DjangoAuth<typeof alice>({ secret: SECRET, loadUser: () => alice, sessionAuthHash: custom });
    const store = await signedIn();
    store.set('_auth_user_hash', custom(alice, SECRET));
    assert.equal((await auth.getUser(store))?.name, 'alice');
  });

  test('Web Crypto gives the same hash as node:crypto', async () => {
    assert.equal(await sessionAuthHash('pw-hash', SECRET, 'web'), await sessionAuthHash('pw-hash', SECRET, 'node'));
  });
});

describe('DjangoAuth.login and logout', () => {
  test('signing in on an anonymous session keeps its data under a new key, sets the three keys and rotates CSRF', async () => {
    const { auth } = authWith([alice]);
    const store = new SessionStore(null, options);
    store.set('cart', '3 items');
    store.save();
    const key = store.sessionKey;
    const csrf = await new Csrf({ cookieSecure: false }).open('csrftoken=' + 'a'.repeat(32));
    await auth.login(store, alice, { csrf });
    store.save();
    assert.notEqual(store.sessionKey, key);
    assert.equal(store.get('cart'), '3 items');
    assert.equal(store.get('_auth_user_id'), '1');
    assert.equal(store.get('_auth_user_backend'), 'django.contrib.auth.backends.ModelBackend');
    assert.equal(store.get('_auth_user_hash'), await sessionAuthHash(alice.password, SECRET));
    assert.notEqual(csrf.secret, 'a'.repeat(32));
    assert.match(
      csrf.commit() ?? '',
      /^csrftoken=[A-Za-z0-9]{32}; Max-Age=31449600; Path=\/; Expires=[^;]+; SameSite=Lax$/,
    );
  });

  test("signing in over another user's session flushes it; the same user again keeps the data", async () => {
    const bob = { ...alice, id: 2, name: 'bob', password: 'pbkdf2_sha256$1000$s$bob=' };
    const { auth } = authWith([alice, bob]);
    const other = await signedIn({ secret: "alice's" });
    await auth.login(other, bob, { csrf: null });
    assert.equal(other.get('secret'), undefined);
    assert.equal(other.get('_auth_user_id'), '2');
    const same = await signedIn({ note: 'mine' });
    await auth.login(same, alice, { csrf: null });
    assert.equal(same.get('note'), 'mine');
  });

  test('the backend: required among several, and refused when Django would not accept it', async () => {
    const { auth } = authWith([alice], { authenticationBackends: ['a.B', 'c.D'] });
    await assert.rejects(auth.login(new SessionStore(null, options), alice, { csrf: null }), ConfigError);
    await assert.rejects(
      auth.login(new SessionStore(null, options), alice, { csrf: null, backend: 'e.F' }),
      /not in authenticationBackends/,
    );
    const store = new SessionStore(null, options);
    await auth.login(store, alice, { csrf: null, backend: 'c.D' });
    assert.equal(store.get('_auth_user_backend'), 'c.D');
  });

  test('logout flushes', async () => {
    const store = await signedIn();
    await authWith([alice]).auth.logout(store);
    assert.equal(store.sessionKey, null);
    assert.deepEqual(store.keys(), []);
  });

  test('bad configuration is a ConfigError', () => {
    assert.throws(() => new DjangoAuth({ secret: '', loadUser: () => null }), ConfigError);
    assert.throws(
      () => new DjangoAuth({ secret: SECRET, loadUser: () => null, authenticationBackends: [] }),
      ConfigError,
    );
    assert.throws(() => new DjangoAuth({ secret: SECRET } as never), /loadUser/);
  });
});

describe('passwords', () => {
  test('makePassword and checkPassword round-trip for each hasher', async () => {
    for (const hasher of ['pbkdf2_sha256', 'pbkdf2_sha1', 'scrypt'] as const) {
      const encoded = await makePassword('s3cret é', { hasher, iterations: hasher === 'scrypt' ? 1024 : 1000 });
      assert.equal(hasherOf(encoded), hasher);
      assert.equal(await checkPassword('s3cret é', encoded), true);
      assert.equal(await checkPassword('s3cret e', encoded), false);
    }
    assert.match(
      await makePassword('x', { iterations: 1000 }),
      /^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/,
    );
  });

  test('unusable, missing and malformed hashes are simply wrong', async () => {
    assert.equal(await checkPassword('x', '!' + 'a'.repeat(40)), false);
    assert.equal(await checkPassword('x', null), false);
    for (const bad of [
      'pbkdf2_sha256$abc$salt$hash',
      'pbkdf2_sha256$1000$$hash',
      'pbkdf2_sha256$1000',
      'scrypt$1000$salt$8$1$h',
      'scrypt$16384$salt$8$1',
      'pbkdf2_sha256$-5$s$h',
    ]) {
      assert.equal(await checkPassword('x', bad), false, bad);
    }
  });

  test('hashers node:crypto cannot run are named in a clear error, never a wrong "incorrect"', async () => {
    for (const [encoded, name] of [
      ['argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA', 'argon2'],
      ['bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuv', 'bcrypt_sha256'],
      ['bcrypt$$2b$12$abcdefghijklmnopqrstuv', 'bcrypt'],
      ['md5$salt$0123456789abcdef0123456789abcdef', 'md5'],
      ['0123456789abcdef0123456789abcdef', 'unsalted_md5'],
    ]) {
      await assert.rejects(
        checkPassword('x', encoded!),
        (error: unknown) =>
          error instanceof UnsupportedHasher &&
          error.algorithm === name &&
          error.message.includes(`"${name}"`) &&
          !error.message.includes(encoded!),
      );
    }
  });

  test('makePassword refuses a salt with "$"', async () => {
    await assert.rejects(makePassword('x', { salt: 'a$b' }), ConfigError);
  });
});

describe('the CSRF core', () => {
  test("token formats, as Django's _check_token_format", () => {
    assert.equal(tokenFormatProblem('a'.repeat(32)), undefined);
    assert.equal(tokenFormatProblem('a'.repeat(64)), undefined);
    assert.equal(tokenFormatProblem('a'.repeat(33)), 'has incorrect length');
    assert.equal(tokenFormatProblem('-'.repeat(32)), 'has invalid characters');
  });

  test('a token is a fresh mask each time over one secret; a new secret comes with a Secure cookie by default', async () => {
    const csrf = await new Csrf().open(undefined);
    const [a, b] = [csrf.token(), csrf.token()];
    assert.notEqual(a, b);
    assert.equal(a.length, 64);
    assert.match(csrf.commit() ?? '', /; Secure; SameSite=Lax$/);
    assert.equal(csrf.commit(), undefined, 'committed once');
  });

  test('several different csrftoken cookies are refused (a sibling subdomain could plant one); the same twice is fine', async () => {
    const csrf = new Csrf({ cookieSecure: false });
    const s1 = 'a'.repeat(32);
    const request = {
      method: 'POST',
      secure: false,
      host: 'example.com',
      port: '80',
      origin: undefined,
      referer: undefined,
      headerToken: s1,
      formToken: undefined,
    };
    const twice = await csrf.open(`csrftoken=${s1}; csrftoken=${s1}`);
    assert.deepEqual(twice.check(request), { ok: true });
    const ambiguous = await csrf.open(`csrftoken=${s1}; csrftoken=${'b'.repeat(32)}`);
    assert.deepEqual(ambiguous.check(request), {
      ok: false,
      reason: 'CSRF cookie is ambiguous: the request carried 2 different csrftoken cookies.',
    });
    assert.notEqual(ambiguous.secret, s1, 'a new secret replaces them, as for a malformed cookie');
  });

  test('useSessions without a session is a ConfigError; trusted origins need a scheme', async () => {
    await assert.rejects(new Csrf({ useSessions: true }).open(undefined), ConfigError);
    assert.throws(() => new Csrf({ trustedOrigins: ['example.com'] }), /4_0.E001/);
  });

  test("the CSRF cookie's attributes are checked by the session cookie's rules, the 1024-byte limit included", () => {
    const bad: [CsrfOptions, RegExp][] = [
      [{ cookieName: 'a;b' }, /^Invalid CSRF cookie name "a;b"/],
      [{ cookieDomain: 'example.com; Domain=evil.com' }, /^Invalid CSRF cookie domain/],
      [{ cookiePath: 'app' }, /^Invalid CSRF cookie path/],
      [{ cookieDomain: `${'a'.repeat(1021)}.com` }, /^The CSRF cookie domain is 1025 bytes; browsers ignore/],
      [{ cookiePath: `/${'p'.repeat(1024)}` }, /^The CSRF cookie path is 1025 bytes; browsers ignore/],
      [{ cookieSameSite: 'lax ' as 'Lax' }, /^The CSRF cookie's SameSite must be/],
      [
        { cookieName: '__Host-csrftoken', cookieSecure: false },
        /^A CSRF cookie named "__Host-csrftoken" must be Secure/,
      ],
      [{ cookieName: '__Host-csrftoken', cookiePath: '/app' }, /needs path "\/"/],
      [{ cookieName: '__Host-csrftoken', cookieDomain: 'example.com' }, /must not set a domain/],
      [{ cookieSameSite: 'None', cookieSecure: false }, /^A CSRF cookie with SameSite=None must be Secure/],
    ];
    for (const [options, message] of bad) {
      assert.throws(
        () => new Csrf(options),
        (e: Error) => e instanceof ConfigError && message.test(e.message),
        JSON.stringify(options).slice(0, 80),
      );
    }
    assert.doesNotThrow(() => new Csrf({ cookiePath: `/${'p'.repeat(1023)}` }));
  });
});

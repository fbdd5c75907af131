/**
 * What SessionStore does beyond Django (docs/design.md decisions 4–7): enforced per-session expiry, stricter
 * reading with a reason for every refusal, fallback re-issue, secret checks, and nothing lost silently.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import {
  ConfigError,
  PayloadError,
  PayloadTooLarge,
  type RefusalReason,
  SessionMiddleware,
  SessionSettings,
  SessionStore,
  UnreadableValueError,
  ValidationUnavailable,
} from '../../src/index.js';
import type { CryptoBackend } from '../../src/signing/crypto/backend.js';
import { dumps, TimestampSigner } from '../../src/signing/index.js';
import { BACKENDS, frozen, SECRET } from '../helpers.js';
import { sessionLifecycle } from '../../src/session/session-store.js';

const T = 1_700_000_000;
const SALT = 'django.contrib.sessions.backends.signed_cookies';

/** Loads `token` at time `now` and returns the data and the reason it was refused, if it was. */
async function open(token: string, crypto: CryptoBackend | undefined, now = T, extra = {}) {
  const reasons: RefusalReason[] = [];
  const settings = new SessionSettings({
    secret: SECRET,
    now: frozen(now),
    onInvalid: (r) => reasons.push(r),
    crypto: crypto ?? 'auto',
    ...extra,
  });
  const store = new SessionStore(token, settings);
  const data = Object.fromEntries(crypto ? await store.aitems() : store.items());
  assert.equal(store.invalidReason, reasons[0]);
  return { data, reason: reasons[0], store };
}

/** Signs an arbitrary "payload:ts" message with the real key, as a holder of the secret could. */
const signMessage = (message: string): string =>
  `${message}:${new TimestampSigner({ key: SECRET, salt: SALT }).signature(message)}`;

// The vectors of docs/security.md#test-vectors (secret = SECRET, T = 1700000000, session salt).
const V = {
  V1: 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:zcrzy1Orqf-4gBFXQd9OgH56o4rnELfd8WiR9LSPxBc',
  V2: '.eJyrVkpOLCpRsopWyixJzVXSGaVQqdhaAFVWWIU:1r31eq:1wW0FysUt6pFSYDHjWJMipSc-pM41WdDqqz1Zgm2Bh8',
  V3: 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:toOpq3ZYg87poickTRYa4EkvHghOl_o28cZyX8UU5Ts',
  V4: 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:oP3hUGbncwVtItGaoXVDxgE1XdSyCkP8C11uBqfTFOI',
  V5: 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:bYN3sjIN_G9Xg6MIEmlXeUe70Io',
  V6: 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:14oLUsPxbDKMO8MvG3Gp4xOkBoxWQjurINpabZBD0t22sTJGAG0Dc2zHJSq-gbMk8M9ELuTbK3_0zdWRUJ0DWg',
  V7: 'eyJ1c2VyX2lkIjo0Mn0:1r32au:gMLyeOrsdPPpZRj_R1p1DE8EDkT9XpV1j9J6_GUe-fE',
  V7b: 'eyJ1c2VyX2lkIjo0Mn0:1r31fK:oFIFzBM9u39zvJr6HbUJPDwIxh2mLUZKBefTYO2V08o',
  V8: `eyJ1c2VyX2lkIjo0Mn0:${'z'.repeat(200)}:8KfabBMWEIj1cqrYmymmFCqlIwn819RrWO9h2ETW63o`,
  V8b: 'eyJ1c2VyX2lkIjo0Mn0:zzzzzzzzz:8Yyqe0tJgO13JwRudKi5ZKX0B8dHqO6VhhoOH6Zsk8o',
  V9: 'eyJ1c2VyX2lkIjo0Mn0:1!:WaxpqhznL7Hikv3op1IOlRdB0BF8DlbI5sUVm5oKotE',
  V10: 'eyJ1c2VyX2lkIjo0Mn0:-1:2xizSStu2CDdwAGrDqhxqRgNjmFdO6l-3H47WxHZU70',
  V11: 'eyJ1c2VyX2lkIjo0Mn0::tLaosmCWbT03w2SPVs02uDNyipvpN94o0Nv3WGOJ1hk',
  V12: ':1r31eq:qKMV-QDn2A8ui6OKfFPY9DIcD6EtW-SwFSVbZO8a45M',
  V13: 'eyJ1c2VyX2lkIjo0Mn0:eyJ1c2VyX2lkIjo0Mn0:1r31eq:IU5qMjNK6qMYfvdXadAjTrpi2QcnrWdD4a2Nf74OnjE',
  V14: 'eyJfX3Byb3RvX18iOnsiaXNBZG1pbiI6dHJ1ZX0sInVzZXJfaWQiOjQyfQ:1r31eq:CfTYnsjLeOINhBUTC7EgOeNWTtB8pEk3Xl-tx9c5ouo',
  V15: 'eyJ4IjpOYU59:1r31eq:OsbsoOUFVT2k0BkRio7rf0Xsv46vs8U-9zo4f_X1PhM',
  V16: 'bm90IGpzb24:1r31eq:5syq3EzAXQm05UmZ5jyJibdt17r9VUy-r1zNXe4l3tk',
  V17: '.bm90IHpsaWI:1r31eq:sPAu-A48QljQfwzsvSxGPu2VgNaFQanAhgs4eBE1MkI',
  V18: 'eyJuYW1lIjoiSm9zw6kifQ:1r31eq:ahjH-m0eFEQEop4HW--t_uOijO-OuQASBScoBl3Z5MM',
  V19: 'WzEsMl0:1r31eq:pp0yLWhigV-dhm1qFxfR0ifzkv1aA18e29kwLUXSZzE',
  V20: 'eyJ1c2VyX2lkIjo0Mn0:01r31eq:AKBXoQpHMsHx5yVafu00v122nyVSk2GRCDKIuDe9fTQ',
  V21: 'eyJ1c2VyX2lkIjo0Mn0=:1r31eq:D3XS3-SoLnv7-A4dOhfLdLNH6dlCiXML7o45WRFYfMo',
  V22: 'eyJ1Ijoi//4ifQ==:1r31eq:BRv2apdKkJ2xSgaBVLzrL5Uykh0-ph7tBQS9k6a1wns',
  V23: '.eJztwTENAAAAAqCgzv41rOEBJAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAMCrAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALcGHTjTaQ:1r31eq:b84jVN9WO9rd5cVWpaWKVWRFeuI0wwA1EyMA6XSoMdo',
  V25: '.eJyrVkpUsjKsBQAIKgIJZ2FyYmFnZQ:1r31eq:cYTM0sC7-hSS4uZGYngeb6a4ZYsanVb9phqxil7gGUw',
  V26: '.q1YqLU4tis9MUbIyMdJRKkgEMpQqSAZKtQA:1r31eq:w65r-UfK5g7fkHUGEgZhvF5BAtWRzocEjb-O1z1IsBo',
  V27: 'eyJuYW1lIjoiSm9zXHUwMGU5IiwiZSI6Ilx1ZDgzZFx1ZGUwMCJ9:1r31eq:gs3S6RrVGPPGBOjKgPLwGPEjpF5RDJVZqQ21Tv9NiGc',
  V28: 'eyJuIjoxODQ0Njc0NDA3MzcwOTU1MTYxNn0:1r31eq:MDfKObu27wkDoCiZoH_wIzVnup4puYuhJHX7yeo-Rns',
  V29: '.eJyrVipOLEtVsjLUUUpJLS4pyq8Es0vyvYL9_cDM5Pw8oHhpckl-kZJVtVJBUX5JfkllQSqIUwFUUVtbCwARPxcv:1r31eq:1nlXJwLOu-BKtH_xn_xRZI6pWxxnt7QmrA91rweOQ-M',
  V30: 'eyJzIjoiXHVkODAwIn0:1r31eq:mxjeZ8ZrFy-6fnMrVo1Ca2q-UFYBoguPo8pfNnjcYbw',
  V31: 'eyJhIjoxLCJhIjoyfQ:1r31eq:ISmESLGMLBOGYjcuZJXA1ndQVr8zpjsQyCylccAQgzo',
};

const REFUSED: [keyof typeof V, RefusalReason][] = [
  ['V3', 'bad-signature'], // Django's default salt is not the session salt
  ['V4', 'bad-signature'],
  ['V5', 'bad-signature'], // sha1 unless legacyAlgorithms asks for it
  ['V6', 'bad-signature'],
  ['V7', 'future-timestamp'],
  ['V8', 'malformed'],
  ['V8b', 'malformed'],
  ['V9', 'malformed'],
  ['V10', 'malformed'],
  ['V11', 'malformed'],
  ['V12', 'malformed'],
  ['V13', 'malformed'],
  ['V14', 'payload'], // __proto__
  ['V15', 'payload'], // NaN
  ['V16', 'payload'],
  ['V17', 'payload'],
  ['V18', 'payload'], // raw UTF-8: Django ≤ 6.1 would read mojibake
  ['V19', 'payload'], // not an object
  ['V20', 'malformed'],
  ['V21', 'malformed'],
  ['V22', 'malformed'],
  ['V23', 'payload-too-large'], // 100 000-deep nesting in 346 characters
  ['V25', 'payload'], // bytes after the zlib stream
  ['V26', 'payload'], // raw deflate, no zlib header
  ['V29', 'payload'], // "constructor"
];

for (const crypto of [undefined, ...BACKENDS]) {
  describe(`SessionStore reading (${crypto ? `async ${crypto}` : 'sync'})`, () => {
    test('V1 and V2 load', async () => {
      assert.deepEqual((await open(V.V1, crypto)).data, { user_id: 42 });
      assert.deepEqual((await open(V.V1, crypto, T + 1_209_600)).data, { user_id: 42 });
      assert.equal((await open(V.V2, crypto)).data['cart']?.toString(), Array(40).fill('item').toString());
      assert.deepEqual((await open(V.V7b, crypto)).data, { user_id: 42 }); // 30 s ahead: within the skew
    });

    for (const [name, reason] of REFUSED) {
      test(`${name} is refused: ${reason}`, async () => {
        const { data, store, reason: reported } = await open(V[name], crypto);
        assert.deepEqual(data, {});
        assert.equal(reported, reason);
        assert.equal(store.modified, true);
        assert.equal(({} as Record<string, unknown>)['isAdmin'], undefined);
      });
    }

    test('V24: a zlib bomb with a valid MAC is refused once it passes 64 KiB', async () => {
      const bomb = `.${Buffer.from(deflateSync(Buffer.from(`{"a":"${'a'.repeat(3_000_000)}"}`))).toString('base64url')}`;
      const token = signMessage(`${bomb}:1r31eq`);
      assert.ok(token.length < 4096);
      assert.equal((await open(token, crypto)).reason, 'payload-too-large');
    });

    test('V28: an integer beyond 2^53 loads (issue 14.3), kept unreadable rather than rounded', async () => {
      const reasons: RefusalReason[] = [];
      const store = new SessionStore(V.V28, {
        secret: SECRET,
        now: frozen(T),
        onInvalid: (r) => reasons.push(r),
        crypto: crypto ?? 'auto',
      });
      assert.equal(crypto ? await store.ahas('n') : store.has('n'), true);
      assert.throws(() => store.get('n'), UnreadableValueError);
      assert.deepEqual(reasons, []);
    });

    test('V27, V30, V31: escapes, lone surrogates, duplicate keys (last wins)', async () => {
      assert.deepEqual((await open(V.V27, crypto)).data, { name: 'José', e: '😀' });
      assert.deepEqual((await open(V.V30, crypto)).data, { s: '\ud800' });
      assert.deepEqual((await open(V.V31, crypto)).data, { a: 2 });
    });

    test('expired by SESSION_COOKIE_AGE, and oversized tokens', async () => {
      assert.equal((await open(V.V1, crypto, T + 1_209_600.001)).reason, 'expired');
      assert.equal((await open(`${V.V1}${'A'.repeat(4097)}`, crypto)).reason, 'too-large');
    });

    test('tampered cookie: bad-signature; short cookie: no key, no load, no reason', async () => {
      assert.equal((await open(V.V1.replace('zcrzy1', 'zcrzy2'), crypto)).reason, 'bad-signature');
      const short = await open('abc', crypto);
      assert.equal(short.store.sessionKey, null);
      assert.equal(short.reason, undefined);
      assert.equal(short.store.modified, false);
    });

    test('V5 (sha1) loads with legacyAlgorithms and is flagged for re-issue', async () => {
      const { data, store } = await open(V.V5, crypto, T, { legacyAlgorithms: ['sha1'] });
      assert.deepEqual(data, { user_id: 42 });
      assert.equal(store.needsReissue, true);
    });
  });
}

describe('per-session expiry is enforced on the server (docs/design.md decision 4)', () => {
  const make = (data: object) => dumps(data, { key: SECRET, salt: SALT, compress: true, now: frozen(T) });
  const cases: [string, object, number, boolean][] = [
    ['60 s: valid at +60', { a: 1, _session_expiry: 60 }, T + 60, true],
    ['60 s: expired at +60.001', { a: 1, _session_expiry: 60 }, T + 60.001, false],
    ['negative: expired at once', { a: 1, _session_expiry: -10 }, T, false],
    ['0 (browser close): SESSION_COOKIE_AGE applies', { a: 1, _session_expiry: 0 }, T + 1_209_600, true],
    ['0 (browser close): expired after SESSION_COOKIE_AGE', { a: 1, _session_expiry: 0 }, T + 1_209_601, false],
    ['#14.1 3 weeks: still valid at SESSION_COOKIE_AGE', { a: 1, _session_expiry: 1_814_400 }, T + 1_209_600, true],
    [
      '#14.1 3 weeks: refused once SESSION_COOKIE_AGE has passed, as every released Django refuses it',
      { a: 1, _session_expiry: 1_814_400 },
      T + 1_209_601,
      false,
    ],
    [
      '#14.1 a date beyond SESSION_COOKIE_AGE: refused once SESSION_COOKIE_AGE has passed',
      { a: 1, _session_expiry: '2023-12-14T22:13:20+00:00' },
      T + 1_209_601,
      false,
    ],
    ['ISO date ahead: valid', { a: 1, _session_expiry: '2023-11-14T22:14:20.250000+00:00' }, T + 60, true],
    ['ISO date passed: expired', { a: 1, _session_expiry: '2023-11-14T22:14:20.250000+00:00' }, T + 60.3, false],
    ['ISO date with another offset', { a: 1, _session_expiry: '2023-11-14T23:14:20+01:00' }, T + 61, false],
  ];
  for (const [name, data, now, valid] of cases) {
    test(name, async () => {
      const { data: loaded, reason } = await open(make(data), undefined, now);
      assert.deepEqual(loaded, valid ? data : {});
      assert.equal(reason, valid ? undefined : 'expired');
    });
  }

  test("#14.1 ownExpiryReplacesMaxAge: Django main's rule (#27775), a session's own expiry replaces the cookie age", async () => {
    const main = { ownExpiryReplacesMaxAge: true };
    assert.deepEqual((await open(make({ a: 1, _session_expiry: 1_814_400 }), undefined, T + 1_700_000, main)).data, {
      a: 1,
      _session_expiry: 1_814_400,
    });
    assert.equal(
      (await open(make({ a: 1, _session_expiry: 1_814_400 }), undefined, T + 1_814_401, main)).reason,
      'expired',
    );
    assert.equal((await open(make({ a: 1, _session_expiry: 60 }), undefined, T + 61, main)).reason, 'expired');
    assert.equal((await open(make({ a: 1 }), undefined, T + 1_209_601, main)).reason, 'expired');
    assert.throws(() => new SessionSettings({ secret: SECRET, ownExpiryReplacesMaxAge: 'yes' as never }), ConfigError);
  });

  test('an unreadable _session_expiry is refused as a payload error', async () => {
    assert.equal((await open(make({ _session_expiry: 'tomorrow' }), undefined)).reason, 'payload');
    assert.equal((await open(make({ _session_expiry: true }), undefined)).reason, 'payload');
  });
});

describe('rotation (docs/design.md decision 6)', () => {
  const OLD = 'an-old-secret-that-is-long-enough-0123456789';
  const old = dumps({ user: 1 }, { key: OLD, salt: SALT, now: frozen(T) });

  for (const crypto of [undefined, ...BACKENDS]) {
    test(`a fallback-verified cookie is re-issued under the current secret with its original timestamp (${crypto ?? 'sync'})`, async () => {
      const settings = new SessionSettings({
        secret: SECRET,
        fallbackSecrets: [OLD],
        now: frozen(T + 100),
        crypto: crypto ?? 'auto',
      });
      const store = new SessionStore(old, settings);
      assert.deepEqual(crypto ? await store.aitems() : store.items(), [['user', 1]]);
      assert.equal(store.needsReissue, true);
      assert.equal(store.signedAt, T);
      if (crypto) await sessionLifecycle.areissue(store);
      else sessionLifecycle.reissue(store);
      assert.equal(store.sessionKey, dumps({ user: 1 }, { key: SECRET, salt: SALT, compress: true, now: frozen(T) }));
      assert.equal(new SessionStore(store.sessionKey, settings).needsReissue, false);
    });
  }

  test('without the fallback, the old cookie is refused', async () => {
    assert.equal((await open(old, undefined)).reason, 'bad-signature');
  });
});

describe('configuration and writing', () => {
  test('a secret under 32 bytes, empty or blank is refused at construction', () => {
    for (const secret of ['', '   ', 'x'.repeat(31), new Uint8Array(0), new Uint8Array(31)]) {
      assert.throws(() => new SessionSettings({ secret }), ConfigError);
    }
    for (const secret of [undefined, null, 42])
      assert.throws(() => new SessionSettings({ secret } as never), ConfigError);
    assert.throws(() => new SessionSettings({ secret: SECRET, fallbackSecrets: ['short'] }), ConfigError);
    assert.doesNotThrow(() => new SessionSettings({ secret: 'x'.repeat(32) }));
    assert.doesNotThrow(() => new SessionSettings({ secret: new Uint8Array(32) }));
  });

  test('the short-secret error does not echo the secret', () => {
    const secret = 'hunter2-is-my-password';
    assert.throws(
      () => new SessionSettings({ secret }),
      (e: Error) => !e.message.includes(secret),
    );
  });

  test('an options object is validated once and reused', () => {
    const options = { secret: SECRET };
    assert.equal(new SessionStore(null, options).settings, new SessionStore(null, options).settings);
  });

  test('values JSON cannot carry faithfully are refused when set, not dropped on save', () => {
    const store = new SessionStore(null, { secret: SECRET });
    for (const value of [
      undefined,
      () => 1,
      new Date(),
      new Map(),
      NaN,
      Infinity,
      1n,
      { nested: undefined },
      [undefined],
    ]) {
      assert.throws(() => store.set('k', value as never), TypeError);
    }
    for (const key of ['__proto__', 'constructor']) assert.throws(() => store.set(key, 1), TypeError);
    assert.equal(store.modified, false);
  });

  test('data that would inflate past 64 KiB is refused when saved (never sign what we would refuse to read)', () => {
    const store = new SessionStore(null, { secret: SECRET });
    store.set('big', 'a'.repeat(70_000));
    assert.throws(() => store.save(), PayloadTooLarge);
  });

  test('keys named like methods stay data (V29-style)', () => {
    const store = new SessionStore(null, { secret: SECRET });
    store.update({ save: 1, toJSON: 2, get: 3 });
    store.save();
    const loaded = new SessionStore(store.sessionKey, { secret: SECRET });
    assert.equal(loaded.get('save'), 1);
    assert.deepEqual({ ...loaded.toJSON() }, { save: 1, toJSON: 2, get: 3 }); // toJSON has no prototype (decision 35)
  });

  test('insertion order is kept, as in a Python dict', () => {
    const store = new SessionStore(null, { secret: SECRET });
    store.set('z', 1);
    store.set('a', 2);
    assert.deepEqual(store.keys(), ['z', 'a']);
  });
});

describe('apreload (eager verification for async adapters)', () => {
  for (const crypto of BACKENDS) {
    test(`verifies without marking accessed; a refusal marks modified only on first access (${crypto})`, async () => {
      const settings = new SessionSettings({ secret: SECRET, crypto });
      const valid = new SessionStore(dumps({ a: 1 }, { key: SECRET, salt: SALT, compress: true }), settings);
      await sessionLifecycle.apreload(valid);
      assert.deepEqual([valid.accessed, valid.modified], [false, false]);
      assert.equal(valid.get('a'), 1);

      const tampered = new SessionStore(`${dumps({ a: 1 }, { key: SECRET, salt: SALT })}x`, settings);
      await sessionLifecycle.apreload(tampered);
      assert.deepEqual([tampered.accessed, tampered.modified, tampered.invalidReason], [false, false, 'bad-signature']);
      assert.equal(await tampered.aget('a'), undefined);
      assert.deepEqual([tampered.accessed, tampered.modified], [true, true]);
    });
  }
});

describe('after the cookie is written (sealed)', () => {
  test('every way of saving refuses, sync and async, instead of being lost', async () => {
    const { HeadersSentError } = await import('../../src/index.js');
    const store = new SessionStore(null, { secret: SECRET });
    store.set('a', 1);
    sessionLifecycle.seal(store);
    assert.throws(() => store.save(), HeadersSentError);
    assert.throws(() => store.cycleKey(), HeadersSentError);
    assert.throws(() => store.set('b', 2), HeadersSentError);
    await assert.rejects(store.asave(), HeadersSentError);
    await assert.rejects(store.acycleKey(), HeadersSentError);
    assert.equal(store.sessionKey, null, 'nothing was signed');
  });
});

describe('an async validate hook', () => {
  const token = dumps({ user: 1 }, { key: SECRET, salt: SALT, now: frozen(T) });
  test('is awaited on the async path, for every back end; a TokenError it throws is the refusal reason', async () => {
    for (const crypto of BACKENDS) {
      assert.equal((await open(token, crypto, T, { validate: async () => true })).reason, undefined);
      assert.equal((await open(token, crypto, T, { validate: async () => false })).reason, 'rejected');
      const unavailable = async (): Promise<boolean> => {
        throw new PayloadError('store down');
      };
      assert.equal((await open(token, crypto, T, { validate: unavailable })).reason, 'payload');
    }
  });

  test('on the sync path, a promise from validate is a ConfigError, never an accepted session', () => {
    const store = new SessionStore(token, { secret: SECRET, now: frozen(T), validate: async () => true });
    assert.throws(() => store.get('user'), ConfigError);
  });

  test('a ValidationUnavailable keeps the cookie: nothing to write, read-only for the request, flush still allowed; the middleware never deletes it', async () => {
    const down = async (): Promise<boolean> => {
      throw new ValidationUnavailable('store down');
    };
    for (const crypto of BACKENDS) {
      const { data, reason, store } = await open(token, crypto, T, { validate: down });
      assert.deepEqual([data, reason, store.sessionKey, store.modified], [{}, 'unavailable', token, false]);
      await assert.rejects(store.aset('user', 2), ValidationUnavailable);
      assert.throws(() => store.cycleKey(), ValidationUnavailable);
      await store.aflush();
      assert.equal(store.sessionKey, null);
    }
    const middleware = new SessionMiddleware({
      secret: SECRET,
      now: frozen(T),
      validate: down,
      clearInvalid: true,
      onWarning: () => undefined,
    });
    const state = await middleware.aopen(`sessionid=${token}`);
    assert.deepEqual(
      await middleware.acommit(state, 200),
      { setCookie: undefined, vary: false, noStore: false },
      'clearInvalid keeps it',
    );
  });

  test('gets the token itself in its meta', async () => {
    const seen: string[] = [];
    await open(token, 'node', T, { validate: (_: unknown, meta: { token: string }) => (seen.push(meta.token), true) });
    assert.deepEqual(seen, [token]);
  });
});

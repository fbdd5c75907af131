/**
 * Real Django 3.2, 4.2 and 5.2 sites (scripts/django.sh's packages, runserver on loopback) and servers
 * built on this library (node, Express, Hono on Web Crypto) share one `sessionid` cookie: data in both
 * directions, 20 alternations, expiry in seconds, 0, dates and durations in both USE_TZ modes with a
 * non-UTC TIME_ZONE, the cookie age, rotation, sign-out, a 503, lossless re-save, 5.2's async views, and
 * a randomized cross-check of dumps/loads against each Django's signing in one Python process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import { dumps, loads, Signer, TimestampSigner } from '../../src/signing/index.js';
import { jsonObjects } from '../arbitraries.js';
import { pythonEqual } from '../helpers.js';
import { CookieJar, DjangoSigning, ours, requireDjango, type Running, SERIES, startDjango } from './harness.js';

const SECRET = 'interop-shared-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const OLD_SECRET = 'interop-old-secret-9876543210-zyxwvutsrqponmlkjihgfedcba';
const SALT = 'django.contrib.sessions.backends.signed_cookies';
const ZONE = 'America/Chicago';
const SHORT_AGE = 2;

const RICH = {
  text: 'héllo wörld, 日本語, emoji 😀, a "quote", a \\ backslash, DEL \u007f, U+2028 \u2028',
  nested: { list: [1, 2.5, -3, true, false, null, { deep: ['x', { deeper: 'y' }] }], empty: {} },
  cart: Array.from({ length: 60 }, (_, i) => ({ sku: `SKU-${String(i).padStart(3, '0')}`, qty: (i % 3) + 1 })),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const withCookie = (cookie: string | undefined) => ({ headers: { cookie: `sessionid=${cookie}` } });

/** Our servers, per configuration: the settings that must match the Django site's. */
const CONFIGS: Record<string, SessionMiddlewareOptions> = {
  tz: { secret: SECRET, fallbackSecrets: [OLD_SECRET], secure: false, useTz: true, timeZone: ZONE },
  naive: { secret: SECRET, secure: false, useTz: false, timeZone: ZONE },
  short: { secret: SECRET, secure: false, maxAge: SHORT_AGE },
};
const servers: Record<string, Record<string, Running>> = {};

before(async () => {
  for (const [config, options] of Object.entries(CONFIGS)) {
    servers[config] = {};
    for (const [name, start] of Object.entries(ours)) servers[config]![name] = await start(options);
  }
});

after(async () => {
  await Promise.all(Object.values(servers).flatMap((group) => Object.values(group).map((s) => s.close())));
});

for (const series of SERIES) {
  // Counted as a failure, not just cancelled tests, when a Django is missing.
  test(`Django ${series} is available (scripts/django.sh)`, () => {
    assert.match(requireDjango(series), new RegExp(`^${series.replace('.', '\\.')}\\.\\d+$`));
  });

  describe(`interop with a real Django ${series} site`, () => {
    const atLeast = (v: string) => Number(series) >= Number(v);
    let django: Running;
    let djangoOld: Running;
    let djangoNaive: Running;
    let djangoShort: Running;

    before(async () => {
      requireDjango(series);
      // Django ≥ 4.1 reads SECRET_KEY_FALLBACKS; 3.2 ignores the setting.
      [django, djangoOld, djangoNaive, djangoShort] = await Promise.all([
        startDjango(series, { secret: SECRET, fallbacks: [OLD_SECRET], useTz: true, timeZone: ZONE }),
        startDjango(series, { secret: OLD_SECRET, useTz: true, timeZone: ZONE }),
        startDjango(series, { secret: SECRET, useTz: false, timeZone: ZONE }),
        startDjango(series, { secret: SECRET, cookieAge: SHORT_AGE }),
      ]);
    });

    after(async () => {
      await Promise.all([django, djangoOld, djangoNaive, djangoShort].map((d) => d?.close()));
    });

    for (const name of Object.keys(ours)) {
      describe(`Django ${series} ⇄ ${name}`, () => {
        const node = () => servers['tz']![name]!.url;
        const naive = () => servers['naive']![name]!.url;
        const short = () => servers['short']![name]!.url;

        test('a session Django creates (non-ASCII, nested, compressed) is read here intact', async () => {
          const jar = new CookieJar();
          await jar.post(`${django.url}/merge/`, RICH);
          assert.ok(jar.value?.startsWith('.'), 'large enough to be compressed');
          assert.deepEqual((await jar.request(`${node()}/session/`)).json.data, RICH);
        });

        test('a session created here is read by Django intact', async () => {
          const jar = new CookieJar();
          await jar.post(`${node()}/merge/`, RICH);
          assert.ok(jar.value?.startsWith('.'));
          assert.deepEqual((await jar.request(`${django.url}/session/`)).json.data, RICH);
        });

        test('20 alternations, each side changing the session in turn, keep all the data', async () => {
          const jar = new CookieJar();
          await jar.request(`${django.url}/login/?user=ada`);
          await jar.post(`${node()}/merge/`, { nested: RICH.nested });
          for (let i = 0; i < 20; i++) await jar.request(`${i % 2 ? node() : django.url}/incr/`);
          for (const side of [django.url, node()]) {
            assert.deepEqual((await jar.request(`${side}/session/`)).json.data, {
              user: 'ada',
              nested: RICH.nested,
              counter: 20,
            });
          }
        });

        test('set_expiry in seconds and 0 on either side is seen by the other', async () => {
          for (const seconds of [600, 0]) {
            const a = new CookieJar();
            await a.request(`${django.url}/expiry/?seconds=${seconds}`);
            assert.equal((await a.request(`${node()}/session/`)).json.expiry_age, seconds || 1_209_600);
            const b = new CookieJar();
            await b.request(`${node()}/expiry/?seconds=${seconds}`);
            assert.equal((await b.request(`${django.url}/session/`)).json.expiry_age, seconds || 1_209_600);
          }
        });

        test('#14.1 a session whose own expiry outlives the cookie age is refused once the cookie age passes, here as in Django', async () => {
          const jar = new CookieJar();
          await jar.post(`${djangoShort.url}/merge/`, { user: 'ada' });
          await jar.request(`${djangoShort.url}/expiry/?seconds=600`);
          const cookie = jar.value;
          assert.deepEqual((await new CookieJar().request(`${short()}/session/`, withCookie(cookie))).json.data, {
            user: 'ada',
            _session_expiry: 600,
          });
          await sleep((SHORT_AGE + 1.2) * 1000);
          assert.deepEqual(
            (await new CookieJar().request(`${djangoShort.url}/session/`, withCookie(cookie))).json.data,
            {},
          );
          assert.deepEqual((await new CookieJar().request(`${short()}/session/`, withCookie(cookie))).json.data, {});
        });

        test('where the rules differ: a session past its own expiry is refused here, still read by Django', async () => {
          // Released Django checks only SESSION_COOKIE_AGE on load (#19201); we also enforce the session's own.
          const jar = new CookieJar();
          await jar.post(`${django.url}/merge/`, { user: 'ada' });
          await jar.request(`${django.url}/expiry/?seconds=1`);
          const cookie = jar.value;
          await sleep(2100);
          assert.deepEqual((await new CookieJar().request(`${django.url}/session/`, withCookie(cookie))).json.data, {
            user: 'ada',
            _session_expiry: 1,
          });
          assert.deepEqual((await new CookieJar().request(`${node()}/session/`, withCookie(cookie))).json.data, {});
        });

        test(`#14.2 dates and durations under USE_TZ = True, TIME_ZONE = ${ZONE}`, async () => {
          const jar = new CookieJar();
          await jar.request(`${node()}/expiry-date/?seconds=600`);
          const read = await jar.request(`${django.url}/incr/`);
          // Django ≤ 4.0 stores no dates in JSON sessions and cannot read an ISO string: a 500.
          assert.equal(read.status, atLeast('4.1') ? 200 : 500);
          if (atLeast('4.1')) assert.ok(Math.abs(read.json.expiry_age! - 600) <= 2, String(read.json.expiry_age));
          const theirs = new CookieJar();
          const wrote = await theirs.request(`${django.url}/expiry-date/?seconds=900`);
          assert.equal(wrote.status, atLeast('4.1') ? 200 : 500);
          if (atLeast('4.1')) {
            const age = (await theirs.request(`${node()}/session/`)).json.expiry_age!;
            assert.ok(Math.abs(age - 900) <= 2, String(age));
          }
        });

        test(`#14.2 dates and durations under USE_TZ = False, TIME_ZONE = ${ZONE}: naive wall-clock dates both ways`, async () => {
          const jar = new CookieJar();
          await jar.request(`${naive()}/expiry-date/?seconds=600`);
          const read = await jar.request(`${djangoNaive.url}/incr/`);
          assert.equal(read.status, atLeast('4.1') ? 200 : 500, 'an aware date here would be a 500 on every request');
          if (atLeast('4.1')) assert.ok(Math.abs(read.json.expiry_age! - 600) <= 2, String(read.json.expiry_age));
          const theirs = new CookieJar();
          const wrote = await theirs.request(`${djangoNaive.url}/expiry-date/?seconds=1199`);
          assert.equal(wrote.status, atLeast('4.1') ? 200 : 500);
          if (atLeast('4.1')) {
            assert.doesNotMatch(
              String(wrote.json.data['_session_expiry']),
              /[+-]\d\d:\d\d$/,
              'Django wrote a naive date',
            );
            const here = (await theirs.request(`${naive()}/session/`)).json;
            assert.ok(Math.abs(here.expiry_age! - 1199) <= 2, `read in ${ZONE}, not as UTC: ${here.expiry_age}`);
          }
        });

        test('#14.3 values Node did not touch keep their type on re-save: 1.0 stays a float, an integer beyond 2^53 stays exact', async () => {
          const jar = new CookieJar();
          await jar.request(`${django.url}/merge/`, {
            method: 'POST',
            body: '{"price":1.0,"id":18446744073709551616,"10":"ten","a":{"2":1,"1":2}}',
          });
          await jar.request(`${node()}/incr/`);
          const { json } = await jar.request(`${django.url}/session/`);
          assert.deepEqual(json.types, { price: 'float', id: 'int', 10: 'str', a: 'dict', counter: 'int' });
          assert.equal(json.reprs!['id'], '18446744073709551616');
          assert.equal(json.reprs!['price'], '1.0');
          assert.equal(json.reprs!['a'], "{'2': 1, '1': 2}");
        });

        test('flushing on one side signs the user out of both', async () => {
          for (const [flusher, other] of [
            [django.url, node()],
            [node(), django.url],
          ] as const) {
            const jar = new CookieJar();
            await jar.request(`${other}/login/?user=ada`);
            assert.equal((await jar.request(`${flusher}/session/`)).json.data['user'], 'ada');
            await jar.request(`${flusher}/flush/`);
            assert.equal(jar.value, undefined, 'the cookie was deleted');
            assert.deepEqual((await jar.request(`${other}/session/`)).json.data, {});
          }
        });

        test(`a 503: ${atLeast('4.0') ? 'neither side saves' : 'Django 3.2 saves it (it skips only 500), we do not'}`, async () => {
          for (const side of [django.url, node()]) {
            const jar = new CookieJar();
            await jar.request(`${side}/login/?user=ada`);
            const before = jar.value;
            const { status, headers } = await jar.request(`${side}/unavailable/`);
            assert.equal(status, 503);
            const saved = headers.getSetCookie().some((c) => c.startsWith('sessionid='));
            assert.equal(saved, side === django.url && !atLeast('4.0'));
            if (!saved) assert.equal(jar.value, before);
          }
        });

        test('Vary: Cookie goes with every session cookie, here as in Django', async () => {
          for (const side of [django.url, node()]) {
            const { headers } = await new CookieJar().request(`${side}/login/?user=ada`);
            assert.ok(headers.getSetCookie().some((c) => c.startsWith('sessionid=')));
            assert.match(headers.get('vary') ?? '', /cookie/i, side);
          }
        });

        test('key rotation: a cookie signed with the old secret is accepted through fallbackSecrets and re-issued', async () => {
          const jar = new CookieJar();
          await jar.request(`${djangoOld.url}/login/?user=ada`);
          const old = jar.value!;
          if (atLeast('4.1')) {
            // SECRET_KEY_FALLBACKS: Django reads it and does not re-save it on a request that changes nothing.
            const { json, headers } = await new CookieJar().request(`${django.url}/session/`, withCookie(old));
            assert.deepEqual(json.data, { user: 'ada' });
            assert.equal(headers.getSetCookie().length, 0);
          } else {
            assert.deepEqual(
              (await new CookieJar().request(`${django.url}/session/`, withCookie(old))).json.data,
              {},
              'Django 3.2 has no fallbacks',
            );
          }
          assert.deepEqual((await jar.request(`${node()}/session/`)).json.data, { user: 'ada' });
          assert.notEqual(jar.value, old, 're-issued under the current secret');
          assert.equal(jar.value!.split(':')[1], old.split(':')[1], 'with its original timestamp');
          assert.deepEqual((await jar.request(`${django.url}/session/`)).json.data, { user: 'ada' });
        });

        if (atLeast('5.0')) {
          test("5.2's async views (acycle_key, aset, asave, aflush) write cookies we read and read ours", async () => {
            const jar = new CookieJar();
            await jar.request(`${django.url}/async/login/?user=ada`);
            await jar.request(`${django.url}/async/incr/`);
            assert.deepEqual((await jar.request(`${node()}/session/`)).json.data, { user: 'ada', counter: 1 });
            await jar.request(`${node()}/incr/`);
            assert.deepEqual((await jar.request(`${django.url}/async/session/`)).json.data, {
              user: 'ada',
              counter: 2,
            });
            await jar.request(`${django.url}/async/flush/`);
            assert.equal(jar.value, undefined);
            assert.deepEqual((await jar.request(`${node()}/session/`)).json.data, {});
          });
        }
      });
    }

    test(`#14.4 an invalid _session_expiry: Django ${series} loads it and fails (a 500) when it computes the age; we refuse it on load`, async () => {
      const token = dumps({ user: 'ada', _session_expiry: 'not a date' }, { key: SECRET, salt: SALT, compress: true });
      assert.equal((await new CookieJar().request(`${django.url}/incr/`, withCookie(token))).status, 500);
      const ours = await new CookieJar().request(`${servers['tz']!['node']!.url}/incr/`, withCookie(token));
      assert.equal(ours.status, 200);
      assert.deepEqual(ours.json.data, { counter: 1 });
    });

    describe(`randomized cross-check against Django ${series} signing (one Python process)`, () => {
      let helper: DjangoSigning;
      before(() => {
        helper = new DjangoSigning(series);
      });
      after(() => helper.close());

      const objects = jsonObjects({ maxDepth: 3, maxKeys: 6, maxString: 20 });

      test(`Signer's arguments: ${atLeast('5.1') ? 'keyword-only in Django 5.1+ (positional is a TypeError)' : 'positional still accepted'}; ours is one options object`, async () => {
        const answer = await helper.positional(SECRET, 'positional-salt');
        if (atLeast('5.1')) assert.equal(answer.error, 'TypeError');
        else assert.equal(answer.token, new Signer({ key: SECRET, salt: 'positional-salt' }).sign('x'));
      });

      test('our dumps → Django loads gives the same object', async () => {
        await fc.assert(
          fc.asyncProperty(objects, async (obj) => {
            const answer = await helper.loads(dumps(obj, { key: SECRET, salt: SALT, compress: true }), SECRET, SALT);
            assert.equal(answer.error, undefined);
            assert.ok(pythonEqual(answer.value, obj), `${JSON.stringify(answer.value)} != ${JSON.stringify(obj)}`);
          }),
          { numRuns: 200 },
        );
      });

      test("our compress: 'fast' (node:zlib level 2, the plain-JS compressor on Web APIs) → Django loads", async () => {
        const signers = (['node', 'web'] as const).map(
          (crypto) => new TimestampSigner({ key: SECRET, salt: SALT, crypto }),
        );
        let compressed = 0;
        const payloads = fc
          .array(jsonObjects({ maxDepth: 2, maxKeys: 4, maxString: 20 }), { minLength: 4, maxLength: 10 })
          .map((items) => ({ items }));
        await fc.assert(
          fc.asyncProperty(payloads, fc.constantFrom(0, 1), async (obj, which) => {
            const token = await signers[which]!.asignObject(obj, { compress: 'fast' });
            if (token.startsWith('.')) compressed++;
            const answer = await helper.loads(token, SECRET, SALT);
            assert.equal(answer.error, undefined);
            assert.ok(pythonEqual(answer.value, obj), `${JSON.stringify(answer.value)} != ${JSON.stringify(obj)}`);
          }),
          { numRuns: 200 },
        );
        assert.ok(compressed > 100, `${compressed} of 200 compressed`);
      });

      test('Django dumps → our loads gives the same object', async () => {
        await fc.assert(
          fc.asyncProperty(objects, async (obj) => {
            assert.deepStrictEqual(loads(await helper.dumps(obj, SECRET, SALT), { key: SECRET, salt: SALT }), obj);
          }),
          { numRuns: 200 },
        );
      });
    });
  });
}

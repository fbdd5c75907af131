/**
 * A real Django site (Debian's python3-django, runserver on loopback) and servers built on this library
 * share one `sessionid` cookie: data in both directions, 20 alternations, expiry on either side, sign-out,
 * key rotation, and a randomized cross-check of dumps/loads against Django's signing in one Python process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { dumps, loads, TimestampSigner } from '../../src/signing/index.js';
import { jsonObjects } from '../arbitraries.js';
import { pythonEqual } from '../helpers.js';
import { CookieJar, DjangoSigning, ours, requireDjango, type Running, startDjango } from './harness.js';

const SECRET = 'interop-shared-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const OLD_SECRET = 'interop-old-secret-9876543210-zyxwvutsrqponmlkjihgfedcba';
const SALT = 'django.contrib.sessions.backends.signed_cookies';

const RICH = {
  text: 'héllo wörld, 日本語, emoji 😀, a "quote", a \\ backslash, DEL \u007f, U+2028 \u2028',
  nested: { list: [1, 2.5, -3, true, false, null, { deep: ['x', { deeper: 'y' }] }], empty: {} },
  cart: Array.from({ length: 60 }, (_, i) => ({ sku: `SKU-${String(i).padStart(3, '0')}`, qty: (i % 3) + 1 })),
};

// Counted as a failure, not just cancelled tests, when Django is missing.
test('python3-django is installed', () => {
  requireDjango();
});

let version: string;
let django: Running;
let djangoOld: Running;
const servers: Record<string, Running> = {};

before(async () => {
  version = requireDjango();
  [django, djangoOld] = await Promise.all([startDjango(SECRET), startDjango(OLD_SECRET)]);
  for (const [name, start] of Object.entries(ours)) {
    servers[name] = await start({ secret: SECRET, fallbackSecrets: [OLD_SECRET], secure: false });
  }
});

after(async () => {
  await Promise.all([django?.close(), djangoOld?.close(), ...Object.values(servers).map((s) => s.close())]);
});

describe('interop with a real Django site', () => {
  test('the Django under test is the real one', () => {
    assert.match(version, /^\d+\.\d+/);
  });

  for (const name of Object.keys(ours)) {
    describe(`Django ⇄ ${name}`, () => {
      const node = () => servers[name]!.url;

      test('a session Django creates (non-ASCII, nested, compressed) is read here intact', async () => {
        const jar = new CookieJar();
        await jar.post(`${django.url}/merge/`, RICH);
        assert.ok(jar.value?.startsWith('.'), 'large enough to be compressed');
        const { json } = await jar.request(`${node()}/session/`);
        assert.deepEqual(json.data, RICH);
      });

      test('a session created here is read by Django intact', async () => {
        const jar = new CookieJar();
        await jar.post(`${node()}/merge/`, RICH);
        assert.ok(jar.value?.startsWith('.'));
        const { json } = await jar.request(`${django.url}/session/`);
        assert.deepEqual(json.data, RICH);
      });

      test('20 alternations, each side changing the session in turn, keep all the data', async () => {
        const jar = new CookieJar();
        await jar.request(`${django.url}/login/?user=ada`);
        await jar.post(`${node()}/merge/`, { nested: RICH.nested });
        for (let i = 0; i < 20; i++) await jar.request(`${i % 2 ? node() : django.url}/incr/`);
        for (const side of [django.url, node()]) {
          const { json } = await jar.request(`${side}/session/`);
          assert.deepEqual(json.data, { user: 'ada', nested: RICH.nested, counter: 20 });
        }
      });

      test('set_expiry on either side is seen by the other', async () => {
        const a = new CookieJar();
        await a.request(`${django.url}/expiry/?seconds=600`);
        assert.equal((await a.request(`${node()}/session/`)).json.expiry_age, 600);
        const b = new CookieJar();
        await b.request(`${node()}/expiry/?seconds=900`);
        assert.equal((await b.request(`${django.url}/session/`)).json.expiry_age, 900);
      });

      test('where the rules differ: a session past its own expiry is refused here, still read by Django 3.2', async () => {
        // Django ≤ 6.1 checks only SESSION_COOKIE_AGE on the server (#19201); we enforce each session's own
        // expiry, as Django's main branch does (#27775).
        const jar = new CookieJar();
        await jar.post(`${django.url}/merge/`, { user: 'ada' });
        await jar.request(`${django.url}/expiry/?seconds=1`);
        const cookie = jar.value;
        await new Promise((r) => setTimeout(r, 2100));
        assert.deepEqual((await new CookieJar().request(`${django.url}/session/`, { headers: { cookie: `sessionid=${cookie}` } })).json.data, { user: 'ada', _session_expiry: 1 });
        assert.deepEqual((await new CookieJar().request(`${node()}/session/`, { headers: { cookie: `sessionid=${cookie}` } })).json.data, {});
      });

      test('where the rules differ: an absolute-date expiry written here makes Django ≤ 4.0 fail on re-save', async () => {
        // Dates are stored as ISO strings, as Django ≥ 4.1 stores them; Django 3.2 cannot add a string to
        // time.time() and answers 500. The README says: keep to seconds while a Django ≤ 4.0 shares the session.
        const jar = new CookieJar();
        await jar.request(`${node()}/expiry-date/?seconds=600`);
        const { status } = await jar.request(`${django.url}/incr/`);
        assert.equal(status, version.startsWith('3.') || version.startsWith('4.0') ? 500 : 200);
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

      test('key rotation: a cookie Django signed with the old secret is accepted through fallbackSecrets and re-issued', async () => {
        const jar = new CookieJar();
        await jar.request(`${djangoOld.url}/login/?user=ada`);
        const old = jar.value!;
        assert.deepEqual((await jar.request(`${node()}/session/`)).json.data, { user: 'ada' });
        assert.notEqual(jar.value, old, 're-issued under the current secret');
        assert.equal(jar.value!.split(':')[1], old.split(':')[1], 'with its original timestamp');
        // The re-issued cookie is now one the Django site with the current secret accepts.
        assert.deepEqual((await jar.request(`${django.url}/session/`)).json.data, { user: 'ada' });
      });
    });
  }
});

describe('randomized cross-check against Django signing (one Python process)', () => {
  let helper: DjangoSigning;
  before(() => {
    helper = new DjangoSigning();
  });
  after(() => helper.close());

  const objects = jsonObjects({ maxDepth: 3, maxKeys: 6, maxString: 20 });

  test('our dumps → Django loads gives the same object', async () => {
    await fc.assert(
      fc.asyncProperty(objects, async (obj) => {
        const answer = await helper.loads(dumps(obj, { key: SECRET, salt: SALT, compress: true }), SECRET, SALT);
        assert.equal(answer.error, undefined);
        assert.ok(pythonEqual(answer.value, obj), `${JSON.stringify(answer.value)} != ${JSON.stringify(obj)}`);
        if (Object.values(obj).some((v) => Object.is(v, -0))) assert.ok(Object.is((answer.value as Record<string, unknown>)[Object.keys(obj).find((k) => Object.is(obj[k], -0))!], -0));
      }),
      { numRuns: 300 },
    );
  });

  test("our compress: 'fast' (level 2 on node:zlib, the plain-JS compressor on Web APIs) → Django loads", async () => {
    const signers = (['node', 'web'] as const).map((crypto) => new TimestampSigner({ key: SECRET, salt: SALT, crypto }));
    let compressed = 0;
    // Several objects together, so most payloads are large enough for compression to pay.
    const payloads = fc.array(jsonObjects({ maxDepth: 2, maxKeys: 4, maxString: 20 }), { minLength: 4, maxLength: 10 }).map((items) => ({ items }));
    await fc.assert(
      fc.asyncProperty(payloads, fc.constantFrom(0, 1), async (obj, which) => {
        const token = await signers[which]!.asignObject(obj, { compress: 'fast' });
        if (token.startsWith('.')) compressed++;
        const answer = await helper.loads(token, SECRET, SALT);
        assert.equal(answer.error, undefined);
        assert.ok(pythonEqual(answer.value, obj), `${JSON.stringify(answer.value)} != ${JSON.stringify(obj)}`);
      }),
      { numRuns: 300 },
    );
    assert.ok(compressed > 150, `${compressed} of 300 compressed`);
  });

  test('Django dumps → our loads gives the same object', async () => {
    await fc.assert(
      fc.asyncProperty(objects, async (obj) => {
        const token = await helper.dumps(obj, SECRET, SALT);
        assert.deepStrictEqual(loads(token, { key: SECRET, salt: SALT }), obj);
      }),
      { numRuns: 300 },
    );
  });
});

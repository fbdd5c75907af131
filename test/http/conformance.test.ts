/**
 * One conformance suite, every adapter, real HTTP on a loopback port: Django's middleware scenarios
 * (docs/testing.md#middleware-scenarios) with our two fixes (no save on ≥ 500; Vary: Cookie with every session Set-Cookie), plus
 * rotation re-issue, oversize refusal, tampered and wrong-salt cookies, coexisting cookies, throwing
 * handlers, HEAD requests and redirects.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { adapters, FRAMEWORK_VARY, NODE_RESPONSE_ADAPTERS, OTHER_COOKIES, type Running } from './apps.js';
import { dumps, loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
const OLD = 'an-old-secret-that-is-long-enough-0123456789';

const OPTIONS = { secret: SECRET, fallbackSecrets: [OLD], secure: false };

const VALID = () => dumps({ hello: 'world' }, { key: SECRET, salt: SALT, compress: true });
const attributes = (header: string) =>
  Object.fromEntries(
    header
      .split('; ')
      .slice(1)
      .map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=')[1] ?? true]),
  );
const valueOf = (header: string) => header.slice(header.indexOf('=') + 1, header.indexOf(';'));

/** The Vary header without the fields the framework adds to every response (see FRAMEWORK_VARY). */
function varyOf(adapter: string, res: Response): string | null {
  const own = new Set(FRAMEWORK_VARY[adapter] ?? []);
  const fields = res.headers
    .get('vary')
    ?.split(',')
    .map((f) => f.trim())
    .filter((f) => !own.has(f.toLowerCase()));
  return fields?.length ? fields.join(', ') : null;
}

for (const [name, start] of Object.entries(adapters))
  describe(`${name} adapter: Django middleware scenarios over real HTTP`, () => {
    let base: string;
    let everyRequest: string;
    let running: Running[] = [];
    before(async () => {
      running = [await start(OPTIONS), await start({ ...OPTIONS, saveEveryRequest: true })];
      [base, everyRequest] = running.map((r) => r.url) as [string, string];
    });
    after(() => Promise.all(running.map((r) => r.close())));

    async function get(path: string, cookie?: string, init: RequestInit = {}) {
      const res = await fetch(`${base}${path}`, {
        ...init,
        redirect: 'manual',
        headers: cookie === undefined ? {} : { cookie },
      });
      const sessionCookies = res.headers.getSetCookie().filter((c) => c.startsWith('sessionid='));
      assert.ok(sessionCookies.length <= 1, 'at most one session Set-Cookie');
      return { res, setCookie: sessionCookies[0], all: res.headers.getSetCookie(), vary: varyOf(name, res) };
    }

    test('G1 no cookie, write: a new signed cookie, Max-Age=1209600, Vary: Cookie', async () => {
      const { setCookie, vary } = await get('/write');
      assert.deepEqual(loads(valueOf(setCookie!), { key: SECRET, salt: SALT }), { hello: 'world' });
      const attrs = attributes(setCookie!);
      assert.equal(attrs['max-age'], '1209600');
      assert.equal(attrs['path'], '/');
      assert.equal(attrs['httponly'], true);
      assert.equal(attrs['samesite'], 'Lax');
      assert.ok(attrs['expires']);
      assert.equal(vary, 'Cookie');
    });

    test('G2/G3 no cookie: read gives Vary only; nothing gives neither', async () => {
      assert.deepEqual([(await get('/read')).setCookie, (await get('/read')).vary], [undefined, 'Cookie']);
      assert.deepEqual([(await get('/nothing')).setCookie, (await get('/nothing')).vary], [undefined, null]);
    });

    test('G4/G5 valid cookie: nothing gives neither; read gives Vary only', async () => {
      const cookie = `sessionid=${VALID()}`;
      assert.deepEqual(
        [(await get('/nothing', cookie)).setCookie, (await get('/nothing', cookie)).vary],
        [undefined, null],
      );
      assert.deepEqual(
        [(await get('/read', cookie)).setCookie, (await get('/read', cookie)).vary],
        [undefined, 'Cookie'],
      );
    });

    test('G6/G7/G25 tampered or wrong-salt cookie: read re-issues a signed {}; untouched, nothing', async () => {
      const tampered = `sessionid=${VALID().slice(0, -2)}xx`;
      const wrongSalt = `sessionid=${dumps({ hello: 'world' }, { key: SECRET })}`;
      for (const cookie of [tampered, wrongSalt]) {
        const { setCookie, vary } = await get('/read', cookie);
        assert.ok(valueOf(setCookie!).startsWith('e30:'));
        assert.equal(vary, 'Cookie');
        assert.equal((await get('/nothing', cookie)).setCookie, undefined);
      }
    });

    test('G9 a short cookie is deleted on every response', async () => {
      for (const cookie of ['sessionid=abc', 'sessionid=']) {
        const { setCookie, vary } = await get('/nothing', cookie);
        assert.equal(valueOf(setCookie!), '');
        assert.equal(attributes(setCookie!)['max-age'], '0');
        assert.equal(attributes(setCookie!)['expires'], 'Thu, 01 Jan 1970 00:00:00 GMT');
        assert.equal(vary, 'Cookie');
      }
    });

    test('G10/G11 flush deletes a cookie that was sent; without one, only Vary', async () => {
      assert.equal(valueOf((await get('/flush', `sessionid=${VALID()}`)).setCookie!), '');
      const none = await get('/flush');
      assert.deepEqual([none.setCookie, none.vary], [undefined, 'Cookie']);
    });

    test('G12 clear() on a valid session re-issues a signed {}', async () => {
      assert.ok(valueOf((await get('/clear', `sessionid=${VALID()}`)).setCookie!).startsWith('e30:'));
    });

    test('G13/G14 no save on a status ≥ 500 (Django 4.2+)', async () => {
      for (const path of ['/write-500', '/write-503']) {
        const { res, setCookie, vary } = await get(path);
        assert.equal(res.status, Number(path.slice(-3)));
        assert.deepEqual([setCookie, vary], [undefined, 'Cookie']);
      }
    });

    test('G15/G16 set_expiry(0) gives a browser-session cookie; set_expiry(60) gives Max-Age=60', async () => {
      const zero = attributes((await get('/expiry-0')).setCookie!);
      assert.equal(zero['max-age'], undefined);
      assert.equal(zero['expires'], undefined);
      assert.equal(attributes((await get('/expiry-60')).setCookie!)['max-age'], '60');
    });

    test('G18 cycle_key re-signs the same data', async () => {
      const { setCookie } = await get('/cycle', `sessionid=${VALID()}`);
      assert.deepEqual(loads(valueOf(setCookie!), { key: SECRET, salt: SALT }), { hello: 'world' });
    });

    test('G19 SAVE_EVERY_REQUEST re-signs an untouched session, with Vary: Cookie (CVE-2026-35192 fix)', async () => {
      const res = await fetch(`${everyRequest}/nothing`, { headers: { cookie: `sessionid=${VALID()}` } });
      assert.equal(res.headers.getSetCookie().length, 1);
      assert.equal(varyOf(name, res), 'Cookie');
    });

    test('G28/G29 an existing Vary is extended once; * stays *', async () => {
      assert.equal((await get('/write?vary=Accept-Encoding')).vary, 'Accept-Encoding, Cookie');
      assert.equal((await get('/write?vary=*')).vary, '*');
      assert.equal((await get('/write?vary=cookie')).vary, 'cookie');
    });

    test('other cookies set by the app survive, each on its own line', async () => {
      const { all } = await get('/write?other=1');
      assert.equal(all.length, 3);
      assert.deepEqual(
        all.filter((c) => !c.startsWith('sessionid=')),
        OTHER_COOKIES,
      );
    });

    test('a Set-Cookie over 4096 bytes is refused before any header is sent: 500, nothing saved', async () => {
      const { res, setCookie } = await get('/huge');
      assert.equal(res.status, 500);
      assert.equal(setCookie, undefined);
    });

    test('a cookie signed with a fallback secret is re-issued under the current one with its original timestamp', async () => {
      const old = dumps({ user: 1 }, { key: OLD, salt: SALT, now: () => Date.now() - 60_000 });
      const { setCookie } = await get('/read', `sessionid=${old}`);
      const value = valueOf(setCookie!);
      assert.equal(value.split(':')[1], old.split(':')[1]);
      assert.deepEqual(loads(value, { key: SECRET, salt: SALT }), { user: 1 });
    });

    test('a handler that throws gives a 500 and saves nothing', async () => {
      const { res, setCookie } = await get('/throw');
      assert.equal(res.status, 500);
      assert.equal(setCookie, undefined);
    });

    test('HEAD requests and redirects carry the session headers too', async () => {
      const head = await get('/write', undefined, { method: 'HEAD' });
      assert.ok(head.setCookie);
      const redirect = await get('/write?redirect=1');
      assert.equal(redirect.res.status, 302);
      assert.ok(redirect.setCookie);
      // Express's redirect adds `Vary: Accept` itself; Cookie must be among the fields.
      assert.ok(redirect.vary?.split(', ').includes('Cookie'));
    });

    const signed = (data: Record<string, string>) => dumps(data, { key: SECRET, salt: SALT, compress: true });
    const decoded = (setCookie: string | undefined) => loads(valueOf(setCookie!), { key: SECRET, salt: SALT });

    test('#13.1 a comma is part of a cookie value: a sibling\'s "tossed=x,sessionid=…" is never our cookie', async () => {
      const attacker = signed({ user: 'attacker' });
      const victim = signed({ user: 'victim' });
      // A visitor without a session is not served the planted one (fixation).
      assert.deepEqual(decoded((await get('/write', `tossed=x,sessionid=${attacker}`)).setCookie), { hello: 'world' });
      // Beside the visitor's own cookie, theirs is used: not ambiguous, never deleted.
      assert.deepEqual(
        decoded((await get('/write', `tossed=x,sessionid=${attacker}; sessionid=${victim}`)).setCookie),
        { user: 'victim', hello: 'world' },
      );
      assert.equal((await get('/read', `tossed=x,sessionid=${attacker}; sessionid=${victim}`)).setCookie, undefined);
      // Nine junk values in one tossed cookie do not push past the candidate limit.
      const junk = `tossed=${Array.from({ length: 9 }, (_, i) => `x,sessionid=junk${i}junkjunk`).join(',')}`;
      assert.deepEqual(decoded((await get('/write', `${junk}; sessionid=${victim}`)).setCookie), {
        user: 'victim',
        hello: 'world',
      });
    });

    test('#13.3 two different valid cookies: an empty session, nothing deleted, still refused while both are sent', async () => {
      const both = `sessionid=${signed({ user: 'a' })}; sessionid=${signed({ user: 'b' })}`;
      const read = await get('/read', both);
      assert.equal(read.setCookie, undefined, "no deletion: it could only hit the host-only cookie, the victim's");
      assert.equal(read.vary, 'Cookie');
      assert.equal((await get('/nothing', both)).setCookie, undefined);
      const written = await get('/write', both);
      assert.deepEqual(decoded(written.setCookie), { hello: 'world' }, 'neither value is trusted');
      // The browser now holds the new host-only cookie beside the other one: still refused.
      assert.deepEqual(decoded((await get('/write', `${both}; sessionid=${valueOf(written.setCookie!)}`)).setCookie), {
        hello: 'world',
      });
    });

    if (NODE_RESPONSE_ADAPTERS.has(name)) {
      test('#13.2 headers passed to writeHead are merged first: the session cookie stays and its cache rules win', async () => {
        const redirect = await get('/head/redirect-cookie');
        assert.equal(redirect.res.status, 302);
        assert.equal(redirect.res.headers.get('location'), '/');
        assert.ok(redirect.all.includes('flash=1'));
        assert.deepEqual(decoded(redirect.setCookie), { hello: 'world' });
        assert.equal(redirect.res.headers.get('cache-control'), 'private, no-store');
        assert.equal(redirect.vary, 'Cookie');
        const shared = await get('/head/public-cache');
        assert.ok(shared.setCookie);
        assert.equal(shared.res.headers.get('cache-control'), 'private, max-age=600, no-store');
        assert.equal((await get('/head/vary')).vary, 'Accept, Cookie');
        assert.equal((await get('/head/vary-only')).vary, 'Accept, Cookie');
        const array = await get('/head/array');
        assert.deepEqual(
          array.all.filter((c) => !c.startsWith('sessionid=')),
          ['flash=1', 'other=2'],
        );
        assert.ok(array.setCookie);
        assert.equal(array.res.headers.get('cache-control'), 'private, no-store');
        const reason = await get('/head/reason');
        assert.deepEqual([reason.res.status, reason.res.statusText], [201, 'Made']);
        assert.ok(reason.all.includes('flash=1') && reason.setCookie);
      });

      test('#13.4 a streamed response (on Fastify a hijacked reply on reply.raw, on Koa ctx.respond = false) carries the session; a later change is a HeadersSentError', async () => {
        const stream = await get('/head/stream');
        assert.deepEqual(decoded(stream.setCookie), { hello: 'world' });
        assert.equal(stream.vary, 'Cookie');
        assert.equal(await stream.res.text(), 'data: 1\n\ndata: HeadersSentError\n\n');
      });
    }

    test('an async validate hook runs before the handler: a refused session is empty (reason rejected), an accepted one reads', async () => {
      const reasons: string[] = [];
      const validate = async (data: Readonly<Record<string, unknown>>) => {
        await new Promise((r) => setTimeout(r, 1));
        return data['hello'] !== 'revoked';
      };
      const app = await start({
        ...OPTIONS,
        cookieName: 'validated',
        validate,
        onInvalid: (reason) => reasons.push(reason),
      });
      try {
        const sign = (hello: string) => `validated=${dumps({ hello }, { key: SECRET, salt: SALT, compress: true })}`;
        const read = async (cookie: string) => {
          const res = await fetch(`${app.url}/read`, { headers: { cookie } });
          return res.headers.getSetCookie().find((c) => c.startsWith('validated='));
        };
        assert.equal(await read(sign('world')), undefined, 'an accepted session is read as it is');
        assert.ok(
          valueOf((await read(sign('revoked')))!).startsWith('e30:'),
          'a refused one is replaced by an empty session',
        );
        assert.deepEqual(reasons, ['rejected']);
      } finally {
        await app.close();
      }
    });

    test('a Secure cookie over plain HTTP from another host: warned once; from localhost: not', async () => {
      const warnings: string[] = [];
      const secure = await start({
        ...OPTIONS,
        secure: true,
        cookieName: `secure_${name.replace(/\W/g, '_')}`,
        salt: `s-${name}`,
        onWarning: (w) => warnings.push(w),
      });
      // node:http, not fetch: fetch does not let a request name its own Host.
      const send = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(`${secure.url}/read`, { headers: { host } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        });
      try {
        assert.equal(await send('localhost:3000'), 200);
        assert.equal(warnings.filter((w) => w.includes('plain HTTP')).length, 0);
        assert.equal(await send('example.com'), 200);
        assert.equal(await send('example.com'), 200);
        assert.equal(warnings.filter((w) => w.includes('plain HTTP')).length, 1);
      } finally {
        await secure.close();
      }
    });
  });

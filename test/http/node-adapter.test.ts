/**
 * The node:http adapter over real HTTP on a loopback port: Django's middleware scenarios (spec §d.4) with
 * our two fixes, plus rotation re-issue, oversize refusal, coexisting cookies, HEAD and redirects.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { withSession } from '../../src/adapters/node.js';
import { dumps, loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
const OLD = 'an-old-secret-that-is-long-enough-0123456789';

type Action = (s: import('../../src/index.js').SessionStore) => number | void;
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
};

function serve(options: Record<string, unknown>): Promise<{ server: Server; url: string }> {
  const handler = withSession(
    (req, res) => {
      const url = new URL(req.url!, 'http://x');
      const status = actions[url.pathname.slice(1)]?.(req.session) ?? 200;
      if (url.searchParams.has('vary')) res.setHeader('Vary', url.searchParams.get('vary')!);
      if (url.searchParams.has('other')) res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/']);
      if (url.searchParams.has('redirect')) {
        res.writeHead(302, { Location: '/' }).end();
        return;
      }
      res.statusCode = status;
      res.end('ok');
    },
    { secret: SECRET, fallbackSecrets: [OLD], secure: false, ...options },
    () => undefined,
  );
  const server = createServer((req, res) => void handler(req, res));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const VALID = () => dumps({ hello: 'world' }, { key: SECRET, salt: SALT, compress: true });
const attributes = (header: string) => Object.fromEntries(header.split('; ').slice(1).map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=')[1] ?? true]));
const valueOf = (header: string) => header.slice(header.indexOf('=') + 1, header.indexOf(';'));

describe('node adapter: Django middleware scenarios over real HTTP', () => {
  let base: string;
  let everyRequest: string;
  let server: Server;
  let server2: Server;
  before(async () => {
    ({ server, url: base } = await serve({}));
    ({ server: server2, url: everyRequest } = await serve({ saveEveryRequest: true }));
  });
  after(() => {
    server.close();
    server2.close();
  });

  async function get(path: string, cookie?: string, init: RequestInit = {}) {
    const res = await fetch(`${base}${path}`, { ...init, redirect: 'manual', headers: cookie === undefined ? {} : { cookie } });
    const sessionCookies = res.headers.getSetCookie().filter((c) => c.startsWith('sessionid='));
    assert.ok(sessionCookies.length <= 1, 'at most one session Set-Cookie');
    return { res, setCookie: sessionCookies[0], all: res.headers.getSetCookie(), vary: res.headers.get('vary') };
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
    assert.deepEqual([(await get('/nothing', cookie)).setCookie, (await get('/nothing', cookie)).vary], [undefined, null]);
    assert.deepEqual([(await get('/read', cookie)).setCookie, (await get('/read', cookie)).vary], [undefined, 'Cookie']);
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
    assert.equal(res.headers.get('vary'), 'Cookie');
  });

  test('G28/G29 an existing Vary is extended once; * stays *', async () => {
    assert.equal((await get('/write?vary=Accept-Encoding')).vary, 'Accept-Encoding, Cookie');
    assert.equal((await get('/write?vary=*')).vary, '*');
    assert.equal((await get('/write?vary=cookie')).vary, 'cookie');
  });

  test('other cookies set by the app survive, each on its own line', async () => {
    const { all } = await get('/write?other=1');
    assert.equal(all.length, 3);
    assert.deepEqual(all.slice(0, 2), ['a=1; Path=/', 'b=2; Path=/']);
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

  test('HEAD requests and redirects carry the session headers too', async () => {
    const head = await get('/write', undefined, { method: 'HEAD' });
    assert.ok(head.setCookie);
    const redirect = await get('/write?redirect=1');
    assert.equal(redirect.res.status, 302);
    assert.ok(redirect.setCookie);
    assert.equal(redirect.vary, 'Cookie');
  });
});

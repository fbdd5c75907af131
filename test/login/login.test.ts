/**
 * One login shared by a real Django (5.2 and 4.2, django.contrib.auth on SQLite, users made with
 * manage.py) and Node servers on our node and Express adapters reading the same database file, over
 * real HTTP in both directions: sign-in, password changes, inactive users, secret rotation, sign-out and
 * CSRF tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SessionStore } from '../../src/index.js';
import { type Adapter, startNodeSite } from './node-site.js';
import { Browser, freePort, prepareDatabase, type Running, SERIES, startDjango, USERS } from './django.js';

const SECRET = 'login-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH';
const OLD_SECRET = 'login-test-OLD-secret-9876543210-zyxwvutsrqponmlkjihgfedcba-HGFEDCBA';
const ADAPTERS: readonly Adapter[] = ['node', 'express'];

/** The session data inside a cookie, read with our own store under `secret`. */
function sessionOf(
  cookie: string | undefined,
  secret: string,
  fallbackSecrets: string[] = [],
): Record<string, unknown> {
  const store = new SessionStore(cookie ?? null, { secret, fallbackSecrets, onWarning: () => {} });
  return store.toJSON();
}

const deletesSession = (setCookies: string[]) =>
  setCookies.some((c) => /^sessionid=("")?;/.test(c) && /max-age=0/i.test(c));
const restorePassword = (django: Running, username: keyof typeof USERS) =>
  new Browser().post(`${django.url}/set-password/`, { username, password: USERS[username] });
const whoami = async (browser: Browser, site: Running) => (await browser.request(`${site.url}/whoami/`)).json()['user'];
const tokenInForm = (html: string) => /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(html)?.[1];

for (const series of SERIES) {
  for (const adapter of ADAPTERS) {
    describe(`Django ${series} and the ${adapter} adapter share a login`, () => {
      let django: Running;
      let node: Awaited<ReturnType<typeof startNodeSite>>;
      let cleanup: () => void;

      before(async () => {
        const database = prepareDatabase(series);
        cleanup = database.cleanup;
        const [djangoPort, nodePort] = [await freePort(), await freePort()];
        const djangoOrigin = `http://127.0.0.1:${djangoPort}`;
        const nodeOrigin = `http://127.0.0.1:${nodePort}`;
        [django, node] = await Promise.all([
          startDjango(series, { secret: SECRET, db: database.db, trustedOrigins: [nodeOrigin] }, djangoPort),
          startNodeSite(adapter, { secret: SECRET, db: database.db, trustedOrigins: [djangoOrigin] }, nodePort),
        ]);
      });
      after(async () => {
        await Promise.all([django?.close(), node?.close()]);
        cleanup?.();
      });

      test('signed in on Django: Node knows the user', async () => {
        const browser = new Browser();
        assert.equal(
          (await browser.post(`${django.url}/login/`, { username: 'alice', password: USERS.alice })).status,
          200,
        );
        assert.equal(await whoami(browser, node), 'alice');
        assert.equal(await whoami(browser, django), 'alice');
      });

      test("signed in on Node: Django's request.user is that user", async () => {
        const browser = new Browser();
        assert.equal(
          (await browser.post(`${node.url}/login/`, { username: 'alice', password: USERS.alice })).status,
          200,
        );
        const data = sessionOf(browser.cookies.get('sessionid'), SECRET);
        assert.deepEqual(Object.keys(data).sort(), ['_auth_user_backend', '_auth_user_hash', '_auth_user_id']);
        assert.equal(await whoami(browser, django), 'alice');
        assert.equal(await whoami(browser, node), 'alice');
        assert.equal((await browser.post(`${node.url}/login/`, { username: 'alice', password: 'wrong' })).status, 403);
      });

      test('a password changed on Django signs the Node session out and flushes its cookie', async (t) => {
        const browser = new Browser();
        await browser.post(`${node.url}/login/`, { username: 'bob', password: USERS.bob });
        assert.equal(await whoami(browser, node), 'bob');
        await new Browser().post(`${django.url}/set-password/`, { username: 'bob', password: 'bob-new-pw' });
        t.after(() => restorePassword(django, 'bob'));
        const reply = await browser.request(`${node.url}/whoami/`);
        assert.equal(reply.json()['user'], null);
        assert.ok(
          deletesSession(reply.setCookies),
          `the flushed session's cookie is deleted: ${reply.setCookies.join(' | ')}`,
        );
        assert.equal(browser.cookies.has('sessionid'), false);
      });

      test('a password changed on Node signs the Django session out, and Django accepts the new hash', async (t) => {
        const browser = new Browser();
        await browser.post(`${django.url}/login/`, { username: 'bob', password: USERS.bob });
        assert.equal(await whoami(browser, django), 'bob');
        await new Browser().post(`${node.url}/set-password/`, { username: 'bob', password: 'bob-node-pw' });
        t.after(() => restorePassword(django, 'bob'));
        const reply = await browser.request(`${django.url}/whoami/`);
        assert.equal(reply.json()['user'], null);
        assert.ok(
          deletesSession(reply.setCookies),
          `Django deletes the flushed cookie: ${reply.setCookies.join(' | ')}`,
        );
        assert.equal(await whoami(browser, node), null);
        // Django's check_password reads the pbkdf2 hash Node made.
        const again = new Browser();
        assert.equal(
          (await again.post(`${django.url}/login/`, { username: 'bob', password: 'bob-node-pw' })).status,
          200,
        );
        assert.equal(await whoami(again, node), 'bob');
      });

      test('an inactive user is refused on both sides', async () => {
        const browser = new Browser();
        await browser.post(`${django.url}/login/`, { username: 'carol', password: USERS.carol });
        assert.equal(await whoami(browser, node), 'carol');
        node.users.setActive('carol', false);
        try {
          assert.equal(await whoami(browser, node), null);
          assert.equal(await whoami(browser, django), null);
          assert.equal(
            (await new Browser().post(`${node.url}/login/`, { username: 'carol', password: USERS.carol })).status,
            403,
          );
          assert.equal(
            (await new Browser().post(`${django.url}/login/`, { username: 'carol', password: USERS.carol })).status,
            403,
          );
        } finally {
          node.users.setActive('carol', true);
        }
        // As in Django, an inactive user's session is refused, not flushed: active again, the login is back.
        assert.equal(await whoami(browser, node), 'carol');
      });

      test('signing out on Node ends the Django login, and the reverse', async () => {
        const browser = new Browser();
        await browser.post(`${django.url}/login/`, { username: 'alice', password: USERS.alice });
        assert.equal(await whoami(browser, node), 'alice');
        const out = await browser.post(`${node.url}/logout/`, {});
        assert.ok(deletesSession(out.setCookies));
        assert.equal(await whoami(browser, django), null);

        await browser.post(`${node.url}/login/`, { username: 'alice', password: USERS.alice });
        assert.equal(await whoami(browser, django), 'alice');
        await browser.post(`${django.url}/logout/`, {});
        assert.equal(browser.cookies.has('sessionid'), false);
        assert.equal(await whoami(browser, node), null);
      });

      test("signing in as another user on Node flushes the first user's session data", async () => {
        const browser = new Browser();
        await browser.post(`${django.url}/login/`, { username: 'alice', password: USERS.alice });
        assert.equal(await whoami(browser, django), 'alice');
        const data = sessionOf(browser.cookies.get('sessionid'), SECRET);
        assert.equal((await browser.post(`${node.url}/login/`, { username: 'bob', password: USERS.bob })).status, 200);
        assert.equal(await whoami(browser, django), 'bob');
        assert.notEqual(
          sessionOf(browser.cookies.get('sessionid'), SECRET)['_auth_user_hash'],
          data['_auth_user_hash'],
        );
      });

      test("a form rendered by Django posts to Node with Django's token; a missing or forged token and a foreign Origin get 403", async () => {
        const browser = new Browser();
        const page = await browser.request(
          `${django.url}/form/?action=${encodeURIComponent(`${node.url}/protected/`)}`,
        );
        const token = tokenInForm(page.body);
        assert.ok(token && token.length === 64, page.body);
        assert.ok(browser.cookies.get('csrftoken'), 'Django set the csrftoken cookie');
        const origin = { origin: django.url };
        const ok = await browser.post(`${node.url}/protected/`, { csrfmiddlewaretoken: token, note: 'hello' }, origin);
        assert.equal(ok.status, 200, ok.body);
        assert.deepEqual(ok.json(), { ok: true, note: 'hello' });

        const missing = await browser.post(`${node.url}/protected/`, { note: 'hello' }, origin);
        assert.equal(missing.status, 403);
        assert.match(missing.body, /CSRF token missing/);
        const forged = await browser.post(`${node.url}/protected/`, { csrfmiddlewaretoken: 'A'.repeat(64) }, origin);
        assert.equal(forged.status, 403);
        assert.match(forged.body, /CSRF token from POST incorrect/);
        const foreign = await browser.post(
          `${node.url}/protected/`,
          { csrfmiddlewaretoken: token },
          { origin: 'http://evil.example' },
        );
        assert.equal(foreign.status, 403);
        assert.match(foreign.body, /Origin checking failed - http:\/\/evil.example does not match any trusted origins/);
        const noCookie = await new Browser().post(`${node.url}/protected/`, { csrfmiddlewaretoken: token }, origin);
        assert.equal(noCookie.status, 403);
        assert.match(noCookie.body, /CSRF cookie not set/);
        // Django itself agrees on each.
        const djangoOk = await browser.post(
          `${django.url}/protected/`,
          { csrfmiddlewaretoken: token, note: 'x' },
          { origin: django.url },
        );
        assert.equal(djangoOk.status, 200);
        const djangoForeign = await browser.post(
          `${django.url}/protected/`,
          { csrfmiddlewaretoken: token },
          { origin: 'http://evil.example' },
        );
        assert.equal(djangoForeign.status, 403);
      });

      test('a token minted by Node is accepted by Django, in the header and in a form', async () => {
        const browser = new Browser();
        const { token } = (await browser.request(`${node.url}/token/`)).json() as { token: string };
        assert.equal(token.length, 64);
        assert.match(
          browser.cookies.get('csrftoken') ?? '',
          /^[A-Za-z0-9]{32}$/,
          'Node set an unmasked 32-character secret, as Django 4.0+ does',
        );
        const header = await browser.post(
          `${django.url}/protected/`,
          { note: 'via header' },
          { 'x-csrftoken': token, origin: node.url },
        );
        assert.equal(header.status, 200, header.body);
        const form = await browser.post(
          `${django.url}/protected/`,
          { csrfmiddlewaretoken: token, note: 'via form' },
          { origin: node.url },
        );
        assert.equal(form.status, 200, form.body);
        const stale = await browser.post(
          `${django.url}/protected/`,
          { csrfmiddlewaretoken: token.slice(0, 32) + 'a'.repeat(32) },
          { origin: node.url },
        );
        assert.equal(stale.status, 403);
      });

      test('signing in rotates the CSRF secret on either side, and the old token stops working', async () => {
        const browser = new Browser();
        const { token } = (await browser.request(`${django.url}/token/`)).json() as { token: string };
        const before = browser.cookies.get('csrftoken');
        await browser.post(`${node.url}/login/`, { username: 'alice', password: USERS.alice });
        assert.notEqual(browser.cookies.get('csrftoken'), before, 'Node rotated the secret at login');
        assert.equal(
          (await browser.post(`${django.url}/protected/`, { csrfmiddlewaretoken: token }, { origin: django.url }))
            .status,
          403,
        );

        const { token: nodeToken } = (await browser.request(`${node.url}/token/`)).json() as { token: string };
        await browser.post(`${django.url}/login/`, { username: 'alice', password: USERS.alice });
        assert.equal(
          (await browser.post(`${node.url}/protected/`, { csrfmiddlewaretoken: nodeToken }, { origin: node.url }))
            .status,
          403,
        );
      });
    });
  }

  describe(`Django ${series}: rotating SECRET_KEY with SECRET_KEY_FALLBACKS`, () => {
    let cleanup: () => void;
    let db: string;
    before(() => ({ db, cleanup } = prepareDatabase(series)));
    after(() => cleanup?.());

    for (const adapter of ADAPTERS) {
      test(`keeps the login and rewrites the hash as Django does (${adapter})`, async () => {
        // Signed in under the old secret.
        const old = await startDjango(series, { secret: OLD_SECRET, db });
        const browser = new Browser();
        try {
          await browser.post(`${old.url}/login/`, { username: 'alice', password: USERS.alice });
        } finally {
          await old.close();
        }
        const original = browser.cookies.get('sessionid')!;
        const oldHash = sessionOf(original, OLD_SECRET)['_auth_user_hash'];

        // Both sides now sign with the new secret and accept the old one.
        const rotated = { secret: SECRET, fallbacks: [OLD_SECRET], db };
        const [django, node] = await Promise.all([startDjango(series, rotated), startNodeSite(adapter, rotated)]);
        let nodeCookie: string;
        let djangoCookie: string;
        try {
          const viaNode = new Browser();
          viaNode.cookies.set('sessionid', original);
          assert.equal(await whoami(viaNode, node), 'alice');
          nodeCookie = viaNode.cookies.get('sessionid')!;
          const viaDjango = new Browser();
          viaDjango.cookies.set('sessionid', original);
          assert.equal(await whoami(viaDjango, django), 'alice');
          djangoCookie = viaDjango.cookies.get('sessionid')!;
        } finally {
          await Promise.all([django.close(), node.close()]);
        }
        assert.notEqual(nodeCookie, original, 'Node cycled the key');
        const nodeHash = sessionOf(nodeCookie, SECRET)['_auth_user_hash'];
        assert.notEqual(nodeHash, oldHash);
        assert.equal(nodeHash, sessionOf(djangoCookie, SECRET)['_auth_user_hash'], "Node's rewritten hash is Django's");

        // With the old secret retired, each side accepts the other's rewritten cookie, and not the original.
        const current = { secret: SECRET, db };
        const [django2, node2] = await Promise.all([startDjango(series, current), startNodeSite(adapter, current)]);
        try {
          const a = new Browser();
          a.cookies.set('sessionid', nodeCookie);
          assert.equal(await whoami(a, django2), 'alice');
          const b = new Browser();
          b.cookies.set('sessionid', djangoCookie);
          assert.equal(await whoami(b, node2), 'alice');
          const c = new Browser();
          c.cookies.set('sessionid', original);
          assert.equal(await whoami(c, node2), null);
        } finally {
          await Promise.all([django2.close(), node2.close()]);
        }
      });
    }
  });

  describe(`Django ${series}: CSRF_USE_SESSIONS`, () => {
    let django: Running;
    let nodes: Awaited<ReturnType<typeof startNodeSite>>[];
    let cleanup: () => void;
    before(async () => {
      const database = prepareDatabase(series);
      cleanup = database.cleanup;
      const ports = [await freePort(), await freePort(), await freePort()];
      const origins = ports.map((p) => `http://127.0.0.1:${p}`);
      const common = { secret: SECRET, db: database.db, csrfUseSessions: true };
      [django, ...nodes] = await Promise.all([
        startDjango(series, { ...common, trustedOrigins: origins.slice(1) }, ports[0]),
        startNodeSite('node', { ...common, trustedOrigins: [origins[0]!] }, ports[1]),
        startNodeSite('express', { ...common, trustedOrigins: [origins[0]!] }, ports[2]),
      ]);
    });
    after(async () => {
      await Promise.all([django?.close(), ...(nodes ?? []).map((n) => n.close())]);
      cleanup?.();
    });

    for (const [i, adapter] of ADAPTERS.entries()) {
      test(`the secret lives in the session, and tokens cross both ways (${adapter})`, async () => {
        const node = nodes[i]!;
        const browser = new Browser();
        const page = await browser.request(`${django.url}/form/`);
        const token = tokenInForm(page.body)!;
        assert.equal(browser.cookies.has('csrftoken'), false, 'no CSRF cookie with CSRF_USE_SESSIONS');
        assert.match(String(sessionOf(browser.cookies.get('sessionid'), SECRET)['_csrftoken']), /^[A-Za-z0-9]{32}$/);
        const ok = await browser.post(
          `${node.url}/protected/`,
          { csrfmiddlewaretoken: token, note: 'n' },
          { origin: django.url },
        );
        assert.equal(ok.status, 200, ok.body);
        assert.equal((await browser.post(`${node.url}/protected/`, { note: 'n' }, { origin: django.url })).status, 403);

        const fresh = new Browser();
        const { token: nodeToken } = (await fresh.request(`${node.url}/token/`)).json() as { token: string };
        assert.equal(fresh.cookies.has('csrftoken'), false);
        const accepted = await fresh.post(
          `${django.url}/protected/`,
          { csrfmiddlewaretoken: nodeToken },
          { origin: node.url },
        );
        assert.equal(accepted.status, 200, accepted.body);
        // A login on Node flushes nothing here but rotates the session's secret: the old token is refused.
        await fresh.post(`${node.url}/login/`, { username: 'alice', password: USERS.alice });
        assert.equal(
          (await fresh.post(`${django.url}/protected/`, { csrfmiddlewaretoken: nodeToken }, { origin: node.url }))
            .status,
          403,
        );
        assert.equal(await whoami(fresh, django), 'alice');
      });
    }
  });
}

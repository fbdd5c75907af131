/**
 * Django's CSRF check on the glue of Koa, h3, React Router, SvelteKit and Next.js, against real Django
 * (5.2 and 4.2) over real HTTP: a form Django renders posts to each app with Django's token and is
 * accepted; no token, a forged token, a foreign Origin or no cookie are refused with 403 and Django's
 * reason; a token the app mints is accepted by Django, in the header and in a form.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CSRF_APPS } from './csrf-apps.js';
import { Browser, freePort, prepareDatabase, type Running, SERIES, startDjango } from './django.js';

const SECRET = 'login-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH';
const tokenInForm = (html: string) => /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(html)?.[1];

for (const series of SERIES) {
  describe(`Django ${series} and the CSRF glue of Koa, h3, React Router, SvelteKit and Next.js`, () => {
    let django: Running;
    const apps = new Map<string, Running>();
    let cleanup: () => void;

    before(async () => {
      const database = prepareDatabase(series);
      cleanup = database.cleanup;
      const djangoPort = await freePort();
      const options = { cookieSecure: false, trustedOrigins: [`http://127.0.0.1:${djangoPort}`] };
      for (const [name, start] of Object.entries(CSRF_APPS)) apps.set(name, await start(options));
      const origins = [...apps.values()].map(({ url }) => new URL(url).origin);
      django = await startDjango(series, { secret: SECRET, db: database.db, trustedOrigins: origins }, djangoPort);
    });
    after(async () => {
      await Promise.all([django?.close(), ...[...apps.values()].map((app) => app.close())]);
      cleanup?.();
    });

    for (const name of Object.keys(CSRF_APPS)) {
      test(`${name}: a form Django renders is accepted with Django's token; no token, a forged one, a foreign Origin or no cookie get 403`, async () => {
        const app = apps.get(name)!;
        const browser = new Browser();
        const page = await browser.request(`${django.url}/form/?action=${encodeURIComponent(`${app.url}/submit`)}`);
        const token = tokenInForm(page.body);
        assert.ok(token && token.length === 64, page.body);
        assert.ok(browser.cookies.get('csrftoken'), 'Django set the csrftoken cookie');
        const origin = { origin: django.url };
        const ok = await browser.post(`${app.url}/submit`, { csrfmiddlewaretoken: token, note: 'hello' }, origin);
        assert.equal(ok.status, 200, ok.body);
        assert.deepEqual(ok.json(), { ok: true, note: 'hello' });

        const refused: [Browser, Record<string, string>, Record<string, string>, RegExp][] = [
          [browser, { note: 'hello' }, origin, /^Forbidden \(CSRF token missing\.\)$/],
          [
            browser,
            { csrfmiddlewaretoken: 'A'.repeat(64) },
            origin,
            /^Forbidden \(CSRF token from POST incorrect\.\)$/,
          ],
          [
            browser,
            { csrfmiddlewaretoken: token },
            { origin: 'http://evil.example' },
            /Origin checking failed - http:\/\/evil.example does not match any trusted origins/,
          ],
          [new Browser(), { csrfmiddlewaretoken: token }, origin, /CSRF cookie not set/],
        ];
        for (const [who, fields, headers, reason] of refused) {
          const reply = await who.post(`${app.url}/submit`, fields, headers);
          assert.equal(reply.status, 403, `${JSON.stringify(fields)} ${JSON.stringify(headers)}: ${reply.body}`);
          assert.match(reply.body, reason);
        }
      });

      test(`${name}: a token the app mints is accepted by Django, in the header and in a form`, async () => {
        const app = apps.get(name)!;
        const browser = new Browser();
        const minted = await browser.request(`${app.url}/token`);
        assert.equal(minted.status, 200, minted.body);
        const { token } = minted.json() as { token: string };
        assert.match(token, /^[A-Za-z0-9]{64}$/);
        assert.match(browser.cookies.get('csrftoken') ?? '', /^[A-Za-z0-9]{32}$/, 'an unmasked secret, as Django 4.0+');
        const origin = new URL(app.url).origin;
        const header = await browser.post(`${django.url}/protected/`, { note: 'h' }, { 'x-csrftoken': token, origin });
        assert.equal(header.status, 200, header.body);
        const form = await browser.post(
          `${django.url}/protected/`,
          { csrfmiddlewaretoken: token, note: 'f' },
          { origin },
        );
        assert.equal(form.status, 200, form.body);
        const stale = await browser.post(
          `${django.url}/protected/`,
          { csrfmiddlewaretoken: token.slice(0, 32) + 'a'.repeat(32) },
          { origin },
        );
        assert.equal(stale.status, 403);
      });
    }
  });
}

describe("Next.js Server Actions: Django's check on top of Next.js's own", () => {
  let app: Running;
  before(async () => (app = await CSRF_APPS['next']!({ cookieSecure: false })));
  after(() => app?.close());

  /** The fields of the page's Server Action form (its action id, the token, the note), with a csrftoken cookie. */
  const form = async () => {
    const browser = new Browser();
    await browser.request(`${app.url}/token`);
    const page = await browser.request(`${app.url}/form`);
    assert.equal(page.status, 200, page.body);
    const fields = new Map<string, string>();
    for (const [input] of page.body.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input)?.[1];
      if (name) fields.set(name, /value="([^"]*)"/.exec(input)?.[1] ?? '');
    }
    assert.ok(
      [...fields.keys()].some((name) => name.startsWith('$ACTION_ID_')),
      page.body,
    );
    assert.match(fields.get('csrfmiddlewaretoken') ?? '', /^[A-Za-z0-9]{64}$/);
    return { browser, fields };
  };
  /** The form posted as a browser without JavaScript posts it (multipart), to the page's URL. */
  const submit = (browser: Browser, fields: Map<string, string>, headers: Record<string, string>) => {
    const body = new FormData();
    for (const [name, value] of fields) body.append(name, value);
    return browser.request(`${app.url}/form`, { method: 'POST', body, headers });
  };

  test('the action runs with the token from the same origin, or with no Origin (as Django over HTTP)', async () => {
    const { browser, fields } = await form();
    const origins: Record<string, string>[] = [{ origin: new URL(app.url).origin }, {}];
    for (const headers of origins) {
      const reply = await submit(browser, fields, headers);
      assert.equal(reply.status, 303, `${JSON.stringify(headers)}: ${reply.body.slice(0, 300)}`);
    }
  });

  test('no token, a forged token, or an Origin whose scheme differs (which Next.js lets through) are refused', async () => {
    const { browser, fields } = await form();
    const origin = new URL(app.url).origin;
    const without = new Map(fields);
    without.delete('csrfmiddlewaretoken');
    const forged = new Map(fields).set('csrfmiddlewaretoken', 'A'.repeat(64));
    const cases: [Map<string, string>, Record<string, string>][] = [
      [without, { origin }],
      [without, {}],
      [forged, { origin }],
      [fields, { origin: origin.replace('http:', 'https:') }],
    ];
    for (const [sent, headers] of cases) {
      const reply = await submit(browser, sent, headers);
      assert.equal(reply.status, 500, `${sent.get('csrfmiddlewaretoken')} ${JSON.stringify(headers)}: refused`);
    }
  });
});

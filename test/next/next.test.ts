/**
 * The Next.js adapter on a real Next.js 16 app (this folder, `next build` + `next start` on loopback):
 * what the conformance suite cannot see through its Route Handler. Server Components read (and refuse
 * writes), the proxy's write reaches the browser and the page rendered after it, a Route Handler that
 * also uses cookies() keeps the session line exact, and Server Action forms in Chromium write a cookie
 * byte for byte that Django 5.2's own Cookie parser reads. Next.js's own cookie serialiser is checked
 * against every attribute combination of the line a Server Action hands it.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { exactCookie } from '../../src/adapters/next-cookie.js';
import { UnwritableCookie } from '../../src/adapters/next-errors.js';
import { resolveCookieOptions } from '../../src/http/cookie-options.js';
import { SessionCookieWriter } from '../../src/http/set-cookie.js';
import { dumps, loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { launchChromium } from '../e2e/chromium.js';
import { DjangoSigning } from '../interop/harness.js';
import { useNextServer } from './server.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** The session cookie's line, as our writer makes it: `sessionid=<token>; Max-Age=…; …; SameSite=Lax`. */
const LINE =
  /^sessionid=([\w-]+:[\w-]+:[\w-]+); Max-Age=1209600; Path=\/; Expires=[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT; HttpOnly; SameSite=Lax$/;
const sessionLine = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('sessionid='));
const tokenOf = (line: string) => line.slice('sessionid='.length, line.indexOf(';'));
const data = (token: string) => loads(token, { key: SECRET, salt: SALT });

describe("Next.js's cookie serialiser writes the line a Server Action hands it unchanged", () => {
  // Next.js's own copy of @edge-runtime/cookies, as cookies().set() and appendMutableCookies use it.
  const { ResponseCookies } = createRequire(import.meta.url)(
    'next/dist/compiled/@edge-runtime/cookies',
  ) as typeof import('next/dist/compiled/@edge-runtime/cookies');
  const throughNext = (line: string, cookieName = 'sessionid') => {
    const headers = new Headers();
    new ResponseCookies(headers).set(exactCookie(line, cookieName));
    return headers.getSetCookie();
  };

  test('every attribute combination with SameSite, for a lifetime, a browser session and the deletion', () => {
    let checked = 0;
    for (const sameSite of ['Lax', 'Strict', 'None'] as const)
      for (const secure of [true, false])
        for (const httpOnly of [true, false])
          for (const partitioned of [false, true])
            for (const domain of [undefined, 'example.com'])
              for (const path of ['/', '/app']) {
                if ((sameSite === 'None' || partitioned) && !secure) continue;
                const writer = new SessionCookieWriter(
                  resolveCookieOptions({
                    cookieName: '__Secure-s'.slice(secure ? 0 : 9),
                    sameSite,
                    secure,
                    httpOnly,
                    partitioned,
                    domain,
                    path,
                  }),
                );
                const name = secure ? '__Secure-s' : 's';
                for (const line of [
                  writer.write('e30:1xYSSi:abc-_', 1209600, Date.now()),
                  writer.write('e30:1xYSSi:abc', undefined, Date.now()),
                  writer.deletion(),
                ]) {
                  assert.deepEqual(throughNext(line, name), [line]);
                  checked++;
                }
              }
    assert.ok(checked > 100);
  });

  test('the plain cookies().set() percent-encodes the token, which is why the adapter does not use it', () => {
    const headers = new Headers();
    new ResponseCookies(headers).set('sessionid', 'e30:1xYSSi:abc');
    assert.equal(headers.getSetCookie()[0], 'sessionid=e30%3A1xYSSi%3Aabc; Path=/');
  });

  test('without SameSite no split passes unchanged: UnwritableCookie, saying which paths work', () => {
    const writer = new SessionCookieWriter(resolveCookieOptions({ sameSite: false, secure: false }));
    assert.throws(
      () => exactCookie(writer.write('e30:1xYSSi:abc', 60, Date.now()), 'sessionid'),
      (error: Error) => {
        assert.ok(error instanceof UnwritableCookie);
        assert.match(error.message, /%3A/);
        assert.match(error.message, /route\(\)/);
        assert.match(error.message, /proxy\(\)/);
        return true;
      },
    );
  });
});

describe('the Next.js test app over HTTP', () => {
  let url: string;
  let release: () => Promise<void>;
  before(async () => ({ url, release } = await useNextServer(SECRET)));
  after(() => release());

  test('a Server Component reads the session from the request', async () => {
    const cookie = `sessionid=${dumps({ user: 'ada', count: 3 }, { key: SECRET, salt: SALT, compress: true })}`;
    const html = await (await fetch(`${url}/`, { headers: { cookie } })).text();
    assert.match(html, /<p id="user">ada<\/p>/);
    assert.match(html, /<p id="count">3<\/p>/);
  });

  test('a Server Component that writes gets ReadOnlySession, naming the paths that can write; nothing is sent', async () => {
    const res = await fetch(`${url}/readonly`);
    const html = await res.text();
    assert.match(html, /ReadOnlySession: This session was read with read\(\), which cannot write/);
    assert.match(html, /action\(\).*route\(\).*proxy\(\)/);
    assert.equal(sessionLine(res), undefined);
  });

  test("the proxy's write reaches the browser as signed, and the page rendered after it in the same request", async () => {
    const first = await fetch(`${url}/proxied`);
    const line = sessionLine(first)!;
    assert.match(line, LINE);
    assert.deepEqual(data(tokenOf(line)), { visits: 1 });
    assert.match(await first.text(), /<p id="visits">1<\/p>/);
    // Next.js sets its own Vary on pages (dropping the proxy's); private, no-store keeps every cache off it.
    assert.equal(first.headers.get('cache-control'), 'private, no-store');
    // The request headers handed to the render (the Cookie header among them) never reach the browser.
    const internal: string[] = [];
    first.headers.forEach((_value, name) => void (name.startsWith('x-middleware') && internal.push(name)));
    assert.deepEqual(internal, []);

    const second = await fetch(`${url}/proxied`, { headers: { cookie: `sessionid=${tokenOf(line)}` } });
    assert.match(await second.text(), /<p id="visits">2<\/p>/);
    assert.deepEqual(data(tokenOf(sessionLine(second)!)), { visits: 2 });
  });

  test('a Route Handler that also sets a cookie through cookies() keeps the session line exact', async () => {
    const res = await fetch(`${url}/also-cookies`);
    const lines = res.headers.getSetCookie();
    assert.equal(lines.length, 2);
    assert.match(sessionLine(res)!, LINE);
    assert.deepEqual(data(tokenOf(sessionLine(res)!)), { hello: 'world' });
    // Next.js encodes its own cookie: that one is the app's to choose.
    assert.ok(lines.includes('theme=dark%3Ablue; Path=/'));
  });
});

describe('Server Action forms in Chromium', () => {
  let url: string;
  let release: () => Promise<void>;
  let browser: Browser;
  let django: DjangoSigning;

  before(async () => {
    django = new DjangoSigning('5.2');
    mkdirSync(RESULTS, { recursive: true });
    ({ url, release } = await useNextServer(SECRET));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    django?.close();
    await release?.();
  });

  /** Clicks a form's button and returns the Set-Cookie lines of the Server Action's response. */
  async function submit(page: Page, button: string): Promise<string[]> {
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.click(button);
    return (await (await response).headersArray())
      .filter((h) => h.name.toLowerCase() === 'set-cookie')
      .map((h) => h.value);
  }

  const browserCookie = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'sessionid');

  test('sign in, count, redirect, fail, sign out: each write byte for byte, read by Django', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${url}/`);
      assert.equal(await page.textContent('#user'), 'anonymous');

      const [signedIn] = await submit(page, '#sign-in');
      assert.match(signedIn!, LINE);
      await page.waitForSelector('#user:text("ada")'); // the action's re-render reads what it wrote
      const stored = await browserCookie(page);
      assert.equal(stored!.value, tokenOf(signedIn!), 'Chromium stores the token exactly as it was signed');
      assert.ok(stored!.value.includes(':') && !stored!.value.includes('%'));
      assert.equal(stored!.httpOnly, true);
      assert.equal(stored!.sameSite, 'Lax');
      assert.deepEqual(data(stored!.value), { user: 'ada' });

      // The Cookie header Chromium sends next, through Django's own parser and signing.loads.
      const sent = page.waitForRequest((r) => r.url() === `${url}/`);
      await page.reload();
      const cookieHeader = (await (await sent).allHeaders())['cookie']!;
      assert.deepEqual(await django.cookie(cookieHeader, 'sessionid', SECRET, SALT), { value: { user: 'ada' } });

      const [counted] = await submit(page, '#increment');
      assert.match(counted!, LINE);
      await page.waitForSelector('#count:text("1")');
      assert.deepEqual(data((await browserCookie(page))!.value), { user: 'ada', count: 1 });

      // redirect() inside the action: committed before Next.js answers with the redirect.
      await submit(page, '#sign-in-redirect');
      await page.waitForSelector('#user:text("grace")');
      assert.deepEqual(data((await browserCookie(page))!.value), { user: 'grace', count: 1 });

      // An action that throws after writing saves nothing.
      const before = (await browserCookie(page))!.value;
      const failed = await submit(page, '#fail');
      assert.deepEqual(failed, []);
      assert.equal((await browserCookie(page))!.value, before);
      await page.goto(`${url}/`); // past the error the failed action left on the page

      await page.screenshot({ path: `${RESULTS}next-signed-in.png`, fullPage: true });
      const [signedOut] = await submit(page, '#sign-out');
      assert.match(
        signedOut!,
        /^sessionid=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
      );
      await page.waitForSelector('#user:text("anonymous")');
      assert.equal(await browserCookie(page), undefined);
    } finally {
      await page.close();
    }
  });
});

/**
 * The demo in a real browser: Playwright (playwright-core) driving Debian's Chromium, headless, against the
 * demo served on loopback. Sign in, survive a reload, count; the token's three parts decoded; the code
 * behind a button; the same cookie verified by the CLI; replay an older cookie (accepted: no freshness);
 * tamper (refused, and why); let a 10-second session expire and replay it (refused, and why); a cookie
 * dated beyond any date; sign out. Screenshots of each stage, at desktop and phone widths, in
 * test-results/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createDemo } from '../../examples/demo/server.js';
import { SECRET } from '../helpers.js';
import { launchChromium } from './chromium.js';

const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

let browser: Browser;
let url: string;
const server = createServer(createDemo(SECRET));

before(async () => {
  if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))))
    throw new Error('The demo runs the built CLI: run "npm run build" first (npm test does).');
  mkdirSync(RESULTS, { recursive: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

const shots: string[] = [];
/** A full-page screenshot at each width, with every "Code this runs" panel open. */
async function shot(page: Page, name: string): Promise<void> {
  await page.$$eval('details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  for (const [width, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    const path = `${RESULTS}demo-${name}-${width}.png`;
    await page.screenshot({ path, fullPage: true });
    shots.push(path);
  }
  await page.setViewportSize(WIDTHS.desktop);
}

test('the demo in Chromium: every control, refusals in words, replay, the CLI', async () => {
  const context = await browser.newContext({ viewport: WIDTHS.desktop });
  const page = await context.newPage();
  const session = async () => (await context.cookies()).find((c) => c.name === 'sessionid');
  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  /** Presses a button (a form POST, then the redirect to /) and waits for the new page. */
  const press = async (name: string, nth = 0) => {
    await Promise.all([
      page.waitForResponse((r) => r.url() === url && r.request().method() === 'GET'),
      page.getByRole('button', { name, exact: true }).nth(nth).click(),
    ]);
    await page.waitForLoadState();
  };

  await page.goto(url);
  assert.equal(await text('#status'), 'Not signed in');
  assert.match(
    await text('[data-code="login"] pre'),
    /s\.cycleKey\(\);.*\ns\.set\('user', name\);/,
    'the code behind Sign in',
  );

  await page.fill('#name', 'Ada');
  await press('Sign in');
  assert.equal(await text('#status'), 'Signed in as Ada');
  const cookie = await session();
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');

  await page.reload();
  assert.equal(await text('#status'), 'Signed in as Ada', 'the session survives a reload');

  await press('Count');
  await press('Count');
  assert.equal(await text('#counter'), '2');
  assert.ok(Number(await text('#size')) < 4096);
  // The token's three parts, each decoded.
  const value = (await session())!.value;
  const [payload, timestamp, signature] = value.split(':');
  assert.equal(await text('#raw .p-payload'), payload);
  assert.equal(await text('#raw .p-timestamp'), timestamp);
  assert.equal(await text('#raw .p-signature'), signature);
  assert.match(await text('#decoded'), /"user": "Ada",\s+"counter": 2/);
  assert.match(
    await text('#part-timestamp'),
    new RegExp(`${timestamp} = \\d+ seconds after 1970 = ${new Date().toISOString().slice(0, 10)}T`),
  );
  assert.match(await text('#part-signature'), /HMAC-SHA256 of "payload:timestamp"/);
  assert.match(await text('[data-code="count"] pre'), /s\.set\('counter', s\.get\('counter', 0\) \+ 1\)/);
  await shot(page, 'signed-in');

  // The same cookie through the CLI, as a developer would check it.
  await press('Verify with the CLI');
  assert.match(
    await text('#cli'),
    new RegExp(
      `\\$ SESSION_SECRET=… npx signed-cookie-session verify 'sessionid=${value.replace(/[.]/g, '\\.')}'\\nvalid: signed at `,
    ),
  );
  assert.match(await text('#cli'), /"counter": 2[\s\S]*exit code 0 \(valid\)/);
  assert.ok(!(await text('#cli')).includes(SECRET), 'the secret is never shown');
  await shot(page, 'cli');

  // Replay the oldest cookie this browser sent (the one from signing in): genuine, so accepted.
  const older = page.locator('#older li');
  assert.ok((await older.count()) >= 2, 'the earlier cookies are listed');
  await press('Replay', (await older.count()) - 1);
  assert.match(await text('#notice'), /Replayed the cookie this browser sent \d+ s ago\. The server accepted it/);
  assert.equal(await text('#counter'), '0', 'the session went back to what it was');
  assert.equal(await text('#status'), 'Signed in as Ada');
  await shot(page, 'replay-accepted');

  await press('Tamper with the cookie');
  assert.match(await text('#refused'), /refused \(bad-signature\)/);
  assert.match(await text('#refused-why'), /changed by someone without the secret/);
  assert.match(await text('#decoded'), /"user": "admin"/, 'the forged data is visible, and refused');
  assert.equal(await text('#status'), 'Not signed in', 'tampering signs the user out');
  assert.equal(await text('#counter'), '0');
  await shot(page, 'tampered');

  // A 10-second session: the browser drops it when it ends, and the server refuses a kept copy.
  await page.fill('#name', 'Ada');
  await press('Sign in');
  await press('Expire in 10 s');
  assert.equal(await text('#expiry'), '10 s after the last change');
  assert.match(await text('#decoded'), /"_session_expiry": 10/);
  assert.match(await text('[data-code="expiry"] pre'), /s\.setExpiry\(value\)/);
  await sleep(11_500);
  await page.reload();
  assert.equal(await session(), undefined, 'the browser dropped the expired cookie');
  assert.equal(await text('#status'), 'Not signed in');
  await press('Replay', 0);
  assert.match(await text('#refused'), /refused \(expired\)/);
  assert.match(
    await text('#refused-why'),
    /genuine but too old: it outlived its own expiry, 10 s after its last save\. It was signed at .*, \d+ s ago\. The server checks the age from the signed timestamp/,
  );
  assert.equal(await text('#status'), 'Not signed in');
  await shot(page, 'replay-expired');

  // A canonical timestamp beyond any date: the page says so (no 500).
  await context.addCookies([{ name: 'sessionid', value: 'e30:zzzzzzzz:c2lnbmF0dXJl', url }]);
  const response = await page.reload();
  assert.equal(response?.status(), 200);
  assert.match(await text('#part-timestamp'), /218340105584895 seconds after 1970: no possible date/);
  assert.match(await text('#refused'), /refused \(/);
  await shot(page, 'impossible-timestamp');

  await page.fill('#name', 'Ada');
  await press('Sign in');
  assert.equal(await text('#status'), 'Signed in as Ada');
  await press('Sign out');
  assert.equal(await text('#status'), 'Not signed in');
  assert.equal(await session(), undefined, 'signing out clears the cookie');
  await shot(page, 'signed-out');
  console.log(`screenshots:\n${shots.join('\n')}`);
  await context.close();
});

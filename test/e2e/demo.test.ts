/**
 * The demo in a real browser: Playwright (playwright-core) driving Debian's Chromium, headless, against the
 * demo served on loopback. Sign in, survive a reload, count, tamper (signed out), sign out (cookie gone).
 * A screenshot of each stage is kept in test-results/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createDemo } from '../../examples/demo/server.js';
import { SECRET } from '../helpers.js';
import { launchChromium } from './chromium.js';

const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

let browser: Browser;
let url: string;
const server = createServer(createDemo(SECRET));

before(async () => {
  mkdirSync(RESULTS, { recursive: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS}demo-${name}.png`, fullPage: true });
}

test('the demo in Chromium: sign in, reload, count, tamper, sign out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const session = async () => (await context.cookies()).find((c) => c.name === 'sessionid');
  /** Presses a button (a form POST, then the redirect to /) and waits for the new page. */
  const press = async (name: string) => {
    await Promise.all([
      page.waitForResponse((r) => r.url() === url && r.request().method() === 'GET'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    await page.waitForLoadState();
  };

  await page.goto(url);
  assert.equal(await page.textContent('#status'), 'Not signed in');

  await page.fill('#name', 'Ada');
  await press('Sign in');
  assert.equal(await page.textContent('#status'), 'Signed in as Ada');
  const cookie = await session();
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');

  await page.reload();
  assert.equal(await page.textContent('#status'), 'Signed in as Ada', 'the session survives a reload');

  await press('Count');
  await press('Count');
  assert.equal(await page.textContent('#counter'), '2');
  assert.match((await page.textContent('#decoded'))!, /"user": "Ada"/);
  assert.ok(Number(await page.textContent('#size')) < 4096);
  await shot(page, 'signed-in');

  await press('Tamper with the cookie');
  assert.match((await page.textContent('#refused'))!, /refused \(bad-signature\)/);
  assert.match((await page.textContent('#decoded'))!, /"user": "admin"/, 'the forged data is visible, and refused');
  assert.equal(await page.textContent('#status'), 'Not signed in', 'tampering signs the user out');
  assert.equal(await page.textContent('#counter'), '0');
  await shot(page, 'tampered');

  await page.fill('#name', 'Ada');
  await press('Sign in');
  assert.equal(await page.textContent('#status'), 'Signed in as Ada');
  await press('Sign out');
  assert.equal(await page.textContent('#status'), 'Not signed in');
  assert.equal(await session(), undefined, 'signing out clears the cookie');
  await shot(page, 'signed-out');
  console.log(`screenshots: ${RESULTS}demo-*.png`);
  await context.close();
});

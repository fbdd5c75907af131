/**
 * middleware.ts (Next.js's convention before proxy.ts) with the same proxy() wrapper: its write reaches
 * the browser as signed and the page rendered after it in the same request.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { ensureBuilt, type StartedApp, startApp } from './build.js';

const APP = fileURLToPath(new URL('./middleware-app/', import.meta.url));
const SALT = 'django.contrib.sessions.backends.signed_cookies';

let app: StartedApp;
before(async () => {
  await ensureBuilt(APP);
  app = await startApp(APP, { SESSION_SECRET: SECRET }, '/');
});
after(() => app?.stop());

test("middleware.ts: the write reaches the browser byte for byte and the page's read() in the same request", async () => {
  const first = await fetch(`${app.url}/`);
  const line = first.headers.getSetCookie().find((c) => c.startsWith('sessionid='))!;
  assert.match(
    line,
    /^sessionid=[\w-]+:[\w-]+:[\w-]+; Max-Age=1209600; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
  );
  assert.match(await first.text(), /<p id="visits">1<\/p>/);
  const token = line.slice('sessionid='.length, line.indexOf(';'));
  assert.deepEqual(loads(token, { key: SECRET, salt: SALT }), { visits: 1 });
  const second = await fetch(`${app.url}/`, { headers: { cookie: `sessionid=${token}` } });
  assert.match(await second.text(), /<p id="visits">2<\/p>/);
});

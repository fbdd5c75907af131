/**
 * middleware.ts (Next.js's convention before proxy.ts) with the same proxy() wrapper, on the Node.js and
 * on the Edge runtime: its write reaches the browser as signed and the page rendered after it in the same
 * request, and Django reads the cookie the Edge runtime wrote.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { DjangoSigning } from '../interop/harness.js';
import { ensureBuilt, type StartedApp, startApp } from './build.js';

const APP = fileURLToPath(new URL('./middleware-app/', import.meta.url));
const EDGE_APP = fileURLToPath(new URL('./edge-app/', import.meta.url));
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

describe('middleware.ts on the Edge runtime', () => {
  let edge: StartedApp;
  let django: DjangoSigning;
  before(async () => {
    django = new DjangoSigning('5.2');
    await ensureBuilt(EDGE_APP);
    edge = await startApp(EDGE_APP, { SESSION_SECRET: SECRET }, '/');
  });
  after(async () => {
    django?.close();
    await edge?.stop();
  });

  test('reads and writes the session there, compressed without CompressionStream; Django reads the cookie', async () => {
    const first = await fetch(`${edge.url}/`);
    assert.equal(first.headers.get('x-runtime'), 'edge-runtime', 'the middleware ran on the Edge runtime');
    const line = first.headers.getSetCookie().find((c) => c.startsWith('sessionid='))!;
    assert.match(
      line,
      /^sessionid=\.[\w-]+:[\w-]+:[\w-]+; Max-Age=1209600; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
    assert.match(await first.text(), /<p id="visits">1<\/p>/);
    const token = line.slice('sessionid='.length, line.indexOf(';'));
    const note = 'written on the Edge runtime, '.repeat(24);
    assert.deepEqual(await django.cookie(`sessionid=${token}`, 'sessionid', SECRET, SALT), {
      value: { visits: 1, note },
    });
    const dumped = first.headers.get('x-dumps')!;
    assert.ok(dumped.startsWith('.'), `dumps(compress: true) compressed on the Edge runtime: ${dumped}`);
    assert.deepEqual(await django.loads(dumped, SECRET, 'django.core.signing'), { value: { note } });

    const second = await fetch(`${edge.url}/`, { headers: { cookie: `sessionid=${token}` } });
    assert.match(await second.text(), /<p id="visits">2<\/p>/);
    const next = second.headers.getSetCookie().find((c) => c.startsWith('sessionid='))!;
    assert.deepEqual(loads(next.slice('sessionid='.length, next.indexOf(';')), { key: SECRET, salt: SALT }), {
      visits: 2,
      note,
    });
  });
});

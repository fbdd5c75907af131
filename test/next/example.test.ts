/**
 * examples/next over real HTTP, built with `next build` and served with `next start`: the proxy counts
 * views, the page reads the count it wrote, the sign-in form posts to its Server Action without
 * JavaScript (as a browser does before hydration) through the proxy, and the Route Handler reads and
 * deletes the session. README.md's Next.js section shows these files: each block there equals its file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { ensureBuilt, type StartedApp, startApp } from './build.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/next/', import.meta.url));
const SALT = 'django.contrib.sessions.backends.signed_cookies';

let app: StartedApp;
before(async () => {
  await ensureBuilt(EXAMPLE);
  app = await startApp(EXAMPLE, { SECRET_KEY: SECRET }, '/api/session');
});
after(() => app?.stop());

/**
 * The session line the browser keeps: the last. A Server Action's POST passes through the proxy too, so
 * both write (the action's line, last, carries the proxy's count); each must be the line as signed.
 */
const sessionLine = (res: Response) => {
  const lines = res.headers.getSetCookie().filter((c) => c.startsWith('sessionid='));
  for (const line of lines) assert.doesNotMatch(line, /%/, 'no session line is percent-encoded');
  return lines.at(-1);
};
const tokenOf = (res: Response) => sessionLine(res)!.slice('sessionid='.length, sessionLine(res)!.indexOf(';'));

/** Posts a page's form to its Server Action the way a browser without JavaScript does. */
async function submitForm(html: string, fields: Record<string, string>, cookie: string): Promise<Response> {
  const actionId = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
  assert.ok(actionId, 'the page renders a Server Action form');
  const form = new FormData();
  form.set(actionId, '');
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return fetch(`${app.url}/`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
}

test('examples/next: the proxy counts views, a Server Action signs in and out, the Route Handler reads and deletes', async () => {
  const first = await fetch(`${app.url}/`);
  assert.match(await first.text(), /Visits: (<!-- -->)?1</);
  assert.match(
    sessionLine(first)!,
    /^sessionid=[\w-]+:[\w-]+:[\w-]+; Max-Age=1209600; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/,
  );
  let cookie = `sessionid=${tokenOf(first)}`;

  const second = await fetch(`${app.url}/`, { headers: { cookie } });
  const page = await second.text();
  assert.match(page, /Visits: (<!-- -->)?2</);
  cookie = `sessionid=${tokenOf(second)}`;

  const signIn = await submitForm(page, { user: 'grace' }, cookie);
  assert.equal(signIn.status, 303);
  assert.equal(signIn.headers.get('location'), '/');
  assert.match(signIn.headers.get('cache-control')!, /no-store/, 'Next.js keeps an action response out of caches');
  assert.equal(signIn.headers.getSetCookie().length, 2);
  assert.deepEqual(loads(tokenOf(signIn), { key: SECRET, salt: SALT }), { visits: 3, user: 'grace' });
  cookie = `sessionid=${tokenOf(signIn)}`;

  const api = await fetch(`${app.url}/api/session`, { headers: { cookie } });
  assert.deepEqual(await api.json(), { user: 'grace', visits: 3 });
  assert.equal(sessionLine(api), undefined);

  const home = await fetch(`${app.url}/`, { headers: { cookie } });
  const signedIn = await home.text();
  assert.match(signedIn, /Signed in as (<!-- -->)?grace/);
  const signOut = await submitForm(signedIn, {}, `sessionid=${tokenOf(home)}`);
  assert.equal(signOut.status, 303);
  assert.match(
    sessionLine(signOut)!,
    /^sessionid=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/,
  );

  const deleted = await fetch(`${app.url}/api/session`, { method: 'DELETE', headers: { cookie } });
  assert.equal(deleted.status, 204);
  assert.match(sessionLine(deleted)!, /^sessionid=; Max-Age=0;/);
  assert.equal(deleted.headers.get('cache-control'), 'private, no-store');
});

test("README.md's Next.js blocks are examples/next's files, which the type check and the build above cover", () => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const blocks = [...readme.matchAll(/```tsx\n\/\/ examples\/next\/(\S+)\n([\s\S]*?)```\n/g)];
  assert.ok(blocks.length >= 5);
  for (const [, path, code] of blocks)
    assert.equal(code, readFileSync(join(EXAMPLE, path!), 'utf8'), `README.md's block for ${path}`);
});

/**
 * examples/django-login.ts over real HTTP: signed out, a CSRF-checked sign-in that sets Django's three
 * session keys, the signed-in user, a refused post without a token, and sign-out.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { createApp, exampleUsers } from '../../examples/django-login.js';
import { SessionStore } from '../../src/index.js';
import { SECRET } from '../helpers.js';
import { Browser, listen } from './django.js';

test('examples/django-login.ts signs in and out as Django does, behind Django-compatible CSRF', async () => {
  const { url, close } = await listen(createServer(createApp(SECRET, await exampleUsers())));
  try {
    const browser = new Browser();
    const home = (await browser.request(`${url}/`)).json() as { user: string | null; csrfToken: string };
    assert.equal(home.user, null);
    assert.equal(
      (await browser.post(`${url}/login`, { username: 'alice', password: 'alice-password' })).status,
      403,
      'no CSRF token',
    );
    const wrong = await browser.post(`${url}/login`, {
      username: 'alice',
      password: 'nope',
      csrfmiddlewaretoken: home.csrfToken,
    });
    assert.equal(wrong.status, 403);
    const ok = await browser.post(
      `${url}/login`,
      { username: 'alice', password: 'alice-password', csrfmiddlewaretoken: home.csrfToken },
      { origin: url },
    );
    assert.equal(ok.status, 200, ok.body);
    const data = new SessionStore(browser.cookies.get('sessionid'), { secret: SECRET, onWarning: () => {} }).toJSON();
    assert.deepEqual(Object.keys(data).sort(), ['_auth_user_backend', '_auth_user_hash', '_auth_user_id']);
    const me = (await browser.request(`${url}/`)).json() as { user: string | null; csrfToken: string };
    assert.equal(me.user, 'alice');
    assert.equal(
      (await browser.post(`${url}/logout`, {}, { 'x-csrftoken': home.csrfToken })).status,
      403,
      'the login rotated the CSRF secret',
    );
    assert.equal((await browser.post(`${url}/logout`, {}, { 'x-csrftoken': me.csrfToken })).status, 200);
    assert.equal(browser.cookies.has('sessionid'), false);
    assert.equal(((await browser.request(`${url}/`)).json() as { user: string | null }).user, null);
  } finally {
    await close();
  }
});

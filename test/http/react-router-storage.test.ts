/**
 * The React Router storage against React Router's own createCookieSessionStorage: the same app code gives
 * the same session behaviour (get, set, unset, has, flash read once), while the cookie is Django's.
 */
import '../built-package.js'; // first: a missing or stale dist/ stops the run here
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCookie, createCookieSessionStorage as reactRouterStorage, type SessionStorage } from 'react-router';
import { createCookieSessionStorage } from 'signed-cookie-session/react-router';
import { ConfigError } from 'signed-cookie-session';
import { loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
type Data = { user: string; n: number };
type Flash = { message: string };
const cookieOptions = {
  name: '__session',
  secrets: [SECRET],
  maxAge: 3600,
  sameSite: 'lax' as const,
  secure: true,
  httpOnly: true,
  path: '/',
};
const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;

/** One scripted visit sequence; returns what the app observed at each step. */
async function script({ getSession, commitSession }: SessionStorage<Data, Flash>) {
  const seen: unknown[] = [];
  let session = await getSession(null);
  seen.push(session.data, session.has('user'));
  session.set('user', 'ada');
  session.set('n', 1);
  session.flash('message', 'hi');
  let cookie = cookieOf(await commitSession(session));
  session = await getSession(cookie);
  seen.push(session.has('message'), session.get('message'), session.get('message'), session.get('user'));
  session.unset('n');
  cookie = cookieOf(await commitSession(session));
  session = await getSession(cookie);
  seen.push(session.data, session.get('message'));
  return seen;
}

describe('signed-cookie-session/react-router: createCookieSessionStorage', () => {
  test("the same app code observes what React Router's cookie storage gives it", async () => {
    const ours = createCookieSessionStorage<Data, Flash>({ cookie: cookieOptions });
    const theirs = reactRouterStorage<Data, Flash>({ cookie: cookieOptions });
    assert.deepEqual(await script(ours), await script(theirs));
  });

  test('the cookie carries Django-signed data (a Django site reads it) with the attributes React Router would write', async () => {
    const { getSession, commitSession } = createCookieSessionStorage<Data, Flash>({ cookie: cookieOptions });
    const session = await getSession(undefined);
    session.set('user', 'ada');
    session.flash('message', 'hi');
    const header = await commitSession(session);
    assert.match(header, /^__session=[^;%]+; Max-Age=3600; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
    assert.deepEqual(loads(cookieOf(header).slice('__session='.length), { key: SECRET, salt: SALT }), {
      user: 'ada',
      __flash_message__: 'hi',
    });
  });

  test("commitSession({ maxAge }) sets this cookie's lifetime; destroySession deletes with the same Path", async () => {
    const { getSession, commitSession, destroySession } = createCookieSessionStorage<Data>({
      cookie: { ...cookieOptions, path: '/app' },
    });
    const session = await getSession(null);
    session.set('user', 'ada');
    assert.match(await commitSession(session, { maxAge: 60 }), /; Max-Age=60;/);
    assert.match(
      await destroySession(session),
      /^__session=; Max-Age=0; Path=\/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT/,
    );
    assert.match(
      await commitSession(await getSession(null)),
      /^__session=; Max-Age=0/,
      'an empty session deletes the cookie, as Django does',
    );
  });

  test('without maxAge the cookie ends with the browser, as React Router writes it', async () => {
    const { getSession, commitSession } = createCookieSessionStorage<Data>({
      cookie: { name: 's', secrets: [SECRET] },
    });
    const session = await getSession(null);
    session.set('user', 'ada');
    const header = await commitSession(session);
    assert.doesNotMatch(header, /Max-Age|Expires/);
  });

  test('rotation: the first secret signs, the others verify', async () => {
    const OLD = 'the-previous-secret-of-this-app-0123456789abcdefghij';
    const before = createCookieSessionStorage<Data>({ cookie: { name: 's', secrets: [OLD] } });
    const session = await before.getSession(null);
    session.set('user', 'ada');
    const cookie = cookieOf(await before.commitSession(session));
    const after = createCookieSessionStorage<Data>({ cookie: { name: 's', secrets: [SECRET, OLD] } });
    assert.equal((await after.getSession(cookie)).get('user'), 'ada');
    const resigned = cookieOf(await after.commitSession(await after.getSession(cookie)));
    assert.deepEqual(loads(resigned.slice(2), { key: SECRET, salt: SALT }), { user: 'ada' });
  });

  test('a tampered cookie gives an empty session', async () => {
    const { getSession, commitSession } = createCookieSessionStorage<Data>({ cookie: cookieOptions });
    const session = await getSession(null);
    session.set('user', 'ada');
    const cookie = cookieOf(await commitSession(session));
    assert.deepEqual((await getSession(`${cookie.slice(0, -2)}xx`)).data, {});
  });

  test('clear errors: no secret, a short one, a createCookie() cookie, per-commit attributes', async () => {
    assert.throws(() => createCookieSessionStorage({ cookie: { name: 's' } }), ConfigError);
    assert.throws(() => createCookieSessionStorage({ cookie: { name: 's', secrets: ['s3cr3t'] } }), ConfigError);
    assert.throws(
      () => createCookieSessionStorage({ cookie: createCookie('s', { secrets: [SECRET] }) as never }),
      /createCookie/,
    );
    const { getSession, commitSession } = createCookieSessionStorage<Data>({ cookie: cookieOptions });
    await assert.rejects(
      commitSession(await getSession(null), { domain: 'example.com' }),
      /maxAge and expires only; set domain/,
    );
  });
});

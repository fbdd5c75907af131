/**
 * Django's session tests (tests/sessions_tests/tests.py): the SessionTestsMixin as CookieSessionTests runs
 * it, and SessionBaseTests. One test each, named after Django's; async twins run on both back ends.
 * Django's test SECRET_KEY is 23 bytes, under our 32-byte minimum, so a longer one is used.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeyError, NotImplementedError, SessionBase, SessionStore, SessionSettings } from '../../src/index.js';
import { TimestampSigner } from '../../src/signing/index.js';
import { BACKENDS, SECRET } from '../helpers.js';

const COOKIE_AGE = 1_209_600;
const settings = (backend: 'auto' | 'node' | 'web' = 'auto', extra = {}) =>
  new SessionSettings({ secret: SECRET, crypto: backend, ...extra });
const backend = (key: string | null = null, s = settings()) => new SessionStore(key, s);

describe('CookieSessionTests (SessionTestsMixin)', () => {
  test('test_new_session', () => {
    const session = backend();
    assert.equal(session.modified, false);
    assert.equal(session.accessed, false);
  });

  test('test_get_empty', () => {
    assert.equal(backend().get('cat'), undefined);
  });

  test('test_store', () => {
    const session = backend();
    session.set('cat', 'dog');
    assert.equal(session.modified, true);
    assert.equal(session.pop('cat'), 'dog');
  });

  test('test_pop', () => {
    const session = backend();
    session.set('some key', 'exists');
    session.accessed = false;
    session.modified = false;
    assert.equal(session.pop('some key'), 'exists');
    assert.equal(session.accessed, true);
    assert.equal(session.modified, true);
    assert.equal(session.get('some key'), undefined);
  });

  test('test_pop_default', () => {
    const session = backend();
    assert.equal(session.pop('some key', 'does not exist'), 'does not exist');
    assert.equal(session.accessed, true);
    assert.equal(session.modified, false);
  });

  test('test_pop_default_named_argument', () => {
    // JS has no keyword arguments; an explicit undefined default counts as a default, as default=None does.
    const session = backend();
    assert.equal(session.pop('some key', undefined), undefined);
    assert.equal(session.accessed, true);
    assert.equal(session.modified, false);
  });

  test('test_pop_no_default_keyerror_raised', () => {
    assert.throws(() => backend().pop('some key'), KeyError);
  });

  test('test_setdefault', () => {
    const session = backend();
    assert.equal(session.setdefault('foo', 'bar'), 'bar');
    assert.equal(session.setdefault('foo', 'baz'), 'bar');
    assert.equal(session.accessed, true);
    assert.equal(session.modified, true);
  });

  test('test_update', () => {
    const session = backend();
    session.update({ 'update key': 1 });
    assert.equal(session.accessed, true);
    assert.equal(session.modified, true);
    assert.equal(session.get('update key'), 1);
  });

  test('test_update with nothing still marks modified', () => {
    const session = backend();
    session.update({});
    assert.equal(session.modified, true);
  });

  test('test_has_key', () => {
    const session = backend();
    session.set('some key', 1);
    session.modified = false;
    session.accessed = false;
    assert.equal(session.has('some key'), true);
    assert.equal(session.accessed, true);
    assert.equal(session.modified, false);
  });

  test('test_values', () => {
    const session = backend();
    assert.deepEqual(session.values(), []);
    assert.equal(session.accessed, true);
    session.set('some key', 1);
    session.modified = false;
    session.accessed = false;
    assert.deepEqual(session.values(), [1]);
    assert.equal(session.accessed, true);
    assert.equal(session.modified, false);
  });

  test('test_keys', () => {
    const session = backend();
    session.set('x', 1);
    session.modified = false;
    session.accessed = false;
    assert.deepEqual(session.keys(), ['x']);
    assert.equal(session.accessed, true);
    assert.equal(session.modified, false);
  });

  test('test_items', () => {
    const session = backend();
    session.set('x', 1);
    session.modified = false;
    session.accessed = false;
    assert.deepEqual(session.items(), [['x', 1]]);
    assert.equal(session.accessed, true);
    assert.equal(session.modified, false);
  });

  test('test_clear', () => {
    const session = backend();
    session.set('x', 1);
    session.modified = false;
    session.accessed = false;
    assert.deepEqual(session.items(), [['x', 1]]);
    session.clear();
    assert.deepEqual(session.items(), []);
    assert.equal(session.accessed, true);
    assert.equal(session.modified, true);
  });

  test('test_delete', () => {
    const session = backend();
    session.save();
    session.delete(session.sessionKey);
    assert.equal(session.exists(session.sessionKey), false);
  });

  test('test_flush', () => {
    const session = backend();
    session.set('foo', 'bar');
    session.save();
    const prevKey = session.sessionKey;
    session.flush();
    assert.equal(session.exists(prevKey), false);
    assert.notEqual(session.sessionKey, prevKey);
    assert.equal(session.sessionKey, null);
    assert.equal(session.modified, true);
    assert.equal(session.accessed, true);
  });

  test('test_cycle_with_no_session_cache', () => {
    const session = backend();
    session.set('a', 'c');
    session.set('b', 'd');
    session.save();
    const data = session.items();
    const fresh = backend(session.sessionKey);
    assert.equal((fresh as unknown as { cache: unknown }).cache, undefined);
    fresh.cycleKey();
    assert.deepEqual(fresh.items(), data);
  });

  test('test_save_doesnt_clear_data', () => {
    const session = backend();
    session.set('a', 'b');
    session.save();
    assert.equal(session.get('a'), 'b');
  });

  test('test_invalid_key', () => {
    const session = backend('1');
    session.save();
    assert.notEqual(session.sessionKey, '1');
    assert.equal(session.get('cat'), undefined);
  });

  test('test_session_key_empty_string_invalid', () => {
    assert.equal(backend('').sessionKey, null);
  });

  test('test_session_key_too_short_invalid', () => {
    assert.equal(backend('1234567').sessionKey, null);
  });

  test('test_session_key_valid_string_saved', () => {
    assert.equal(backend('12345678').sessionKey, '12345678');
  });

  test('test_session_key_is_read_only', () => {
    const session = backend();
    assert.throws(() => {
      (session as unknown as { sessionKey: string }).sessionKey = 'x'.repeat(10);
    }, TypeError);
  });

  test('test_default_expiry', () => {
    const session = backend();
    assert.equal(session.getExpiryAge(), COOKIE_AGE);
    session.setExpiry(0);
    assert.equal(session.getExpiryAge(), COOKIE_AGE);
  });

  test('test_custom_expiry_seconds', () => {
    const modification = new Date();
    const session = backend();
    session.setExpiry(10);
    assert.deepEqual(session.getExpiryDate({ modification }), new Date(modification.getTime() + 10_000));
    assert.equal(session.getExpiryAge({ modification }), 10);
  });

  test('test_custom_expiry_timedelta', () => {
    const modification = new Date(Math.floor(Date.now() / 1000) * 1000);
    const session = backend(null, settings('auto', { now: () => modification.getTime() }));
    session.setExpiry({ seconds: 10 });
    assert.deepEqual(session.getExpiryDate({ modification }), new Date(modification.getTime() + 10_000));
    assert.equal(session.getExpiryAge({ modification }), 10);
    // Stored as Django 4.1+ stores it: an ISO string with offset.
    assert.match(session.get('_session_expiry') as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  test('test_custom_expiry_datetime', () => {
    const modification = new Date(1_700_000_000_250);
    const session = backend();
    session.setExpiry(new Date(modification.getTime() + 10_000));
    assert.deepEqual(session.getExpiryDate({ modification }), new Date(modification.getTime() + 10_000));
    assert.equal(session.getExpiryAge({ modification }), 10);
    assert.equal(session.get('_session_expiry'), '2023-11-14T22:13:30.250000+00:00');
  });

  test('test_custom_expiry_reset', () => {
    const session = backend();
    session.setExpiry(null);
    session.setExpiry(10);
    session.setExpiry(null);
    assert.equal(session.getExpiryAge(), COOKIE_AGE);
  });

  test('test_get_expire_at_browser_close', () => {
    for (const [setting, after10, after0, afterNone] of [
      [false, false, true, false],
      [true, false, true, true],
    ] as const) {
      const session = backend(null, settings('auto', { expireAtBrowserClose: setting }));
      session.setExpiry(10);
      assert.equal(session.getExpireAtBrowserClose(), after10);
      session.setExpiry(0);
      assert.equal(session.getExpireAtBrowserClose(), after0);
      session.setExpiry(null);
      assert.equal(session.getExpireAtBrowserClose(), afterNone);
    }
  });

  test('test_decode', () => {
    const session = backend();
    const data = { 'a test key': 'a test value' };
    assert.deepEqual(session.decode(session.encode(data)), data);
  });

  test('test_decode_failure_logged_to_security', () => {
    const reasons: string[] = [];
    const session = backend(null, settings('auto', { onInvalid: (reason: string) => reasons.push(reason) }));
    for (const bad of [Buffer.from('flaskdj:alkdjf').toString('base64'), 'bad:encoded:value']) {
      assert.deepEqual(session.decode(bad), {});
    }
    // Django logs "Session data corrupted"; we report a reason for each refusal.
    assert.equal(reasons.length, 2);
  });

  test('test_decode_serializer_exception', () => {
    const session = backend();
    const encoded = new TimestampSigner({ key: SECRET, salt: 'django.contrib.sessions.SessionStore' }).sign(
      Buffer.from('invalid data').toString('base64url'),
    );
    assert.deepEqual(session.decode(encoded), {});
  });

  test('test_actual_expiry', () => {
    // expectedFailure for Django's cookie backend (#19201); we enforce each session's own expiry, as Django
    // main does (#27775), so here it passes.
    const session = backend();
    session.set('foo', 'bar');
    session.setExpiry({ seconds: -10 });
    session.save();
    const newSession = backend(session.sessionKey);
    assert.equal(newSession.has('foo'), false);
  });

  test('test_unpickling_exception', () => {
    // Django patches signing.loads to raise; here a validly signed non-JSON payload must not raise either.
    const token = new TimestampSigner({ key: SECRET, salt: 'django.contrib.sessions.backends.signed_cookies' }).sign(
      Buffer.from('not json').toString('base64url'),
    );
    const session = backend(token);
    assert.deepEqual(session.load(), {});
  });

  for (const crypto of BACKENDS) {
    describe(`async twins (${crypto})`, () => {
      const abackend = (key: string | null = null) => backend(key, settings(crypto));

      test('test_store_async', async () => {
        const session = abackend();
        await session.aset('cat', 'dog');
        assert.equal(session.modified, true);
        assert.equal(await session.apop('cat'), 'dog');
      });

      test('test_pop_async / test_pop_default_async / test_pop_no_default_keyerror_raised_async', async () => {
        const session = abackend();
        await session.aset('some key', 'exists');
        assert.equal(await session.apop('some key'), 'exists');
        assert.equal(await session.aget('some key'), undefined);
        assert.equal(await session.apop('other', 'does not exist'), 'does not exist');
        await assert.rejects(session.apop('other'), KeyError);
      });

      test('test_setdefault_async / test_update_async / test_has_key_async', async () => {
        const session = abackend();
        assert.equal(await session.asetdefault('foo', 'bar'), 'bar');
        assert.equal(await session.asetdefault('foo', 'baz'), 'bar');
        await session.aupdate({ 'update key': 1 });
        assert.equal(await session.aget('update key'), 1);
        assert.equal(await session.ahas('foo'), true);
      });

      test('test_values_async / test_keys_async / test_items_async', async () => {
        const session = abackend();
        await session.aset('x', 1);
        session.modified = false;
        assert.deepEqual(await session.avalues(), [1]);
        assert.deepEqual(await session.akeys(), ['x']);
        assert.deepEqual(await session.aitems(), [['x', 1]]);
        assert.equal(session.modified, false);
      });

      test('test_flush_async', async () => {
        const session = abackend();
        await session.aset('foo', 'bar');
        await session.asave();
        const prevKey = session.sessionKey;
        await session.aflush();
        assert.equal(await session.aexists(prevKey), false);
        assert.equal(session.sessionKey, null);
        assert.equal(session.modified, true);
        assert.equal(session.accessed, true);
      });

      test('test_cycle_with_no_session_cache_async', async () => {
        const session = abackend();
        await session.aset('a', 'c');
        await session.aset('b', 'd');
        await session.asave();
        const data = await session.aitems();
        const fresh = abackend(session.sessionKey);
        await fresh.acycleKey();
        assert.deepEqual(await fresh.aitems(), data);
      });

      test('test_default_expiry_async / test_custom_expiry_seconds_async / test_get_expire_at_browser_close_async', async () => {
        const session = abackend();
        assert.equal(await session.agetExpiryAge(), COOKIE_AGE);
        await session.asetExpiry(10);
        const modification = new Date();
        assert.equal(await session.agetExpiryAge({ modification }), 10);
        assert.deepEqual(await session.agetExpiryDate({ modification }), new Date(modification.getTime() + 10_000));
        assert.equal(await session.agetExpireAtBrowserClose(), false);
        await session.asetExpiry(0);
        assert.equal(await session.agetExpireAtBrowserClose(), true);
      });

      test('test_actual_expiry_async', async () => {
        const session = abackend();
        await session.aset('foo', 'bar');
        await session.asetExpiry({ seconds: -10 });
        await session.asave();
        assert.equal(await abackend(session.sessionKey).ahas('foo'), false);
      });

      test('test_save_doesnt_clear_data_async / reload', async () => {
        const session = abackend();
        await session.aset('a', 'b');
        await session.asave();
        assert.equal(await session.aget('a'), 'b');
        assert.equal(await abackend(session.sessionKey).aget('a'), 'b');
      });

      test('test_clear_expired_async', async () => {
        await SessionStore.aclearExpired();
      });
    });
  }
});

describe('SessionBaseTests', () => {
  const methods = [
    ['create', 'a'],
    ['delete', 'a'],
    ['exists', 'an'],
    ['load', 'a'],
    ['save', 'a'],
  ] as const;

  for (const [method, article] of methods) {
    test(`test_${method}`, () => {
      const session = new SessionBase();
      assert.throws(
        () => (session[method] as () => unknown)(),
        (e: Error) =>
          e instanceof NotImplementedError &&
          e.message === `subclasses of SessionBase must provide ${article} ${method}() method`,
      );
    });

    test(`test_a${method}`, async () => {
      const session = new SessionBase();
      const amethod = `a${method}` as 'acreate';
      await assert.rejects(
        session[amethod](),
        (e: Error) =>
          e instanceof NotImplementedError &&
          e.message === `subclasses of SessionBase must provide ${article} ${method}() method`,
      );
    });
  }

  test('test_test_cookie', () => {
    const session = new SessionBase();
    assert.equal(session.has('testcookie'), false);
    session.setTestCookie();
    assert.equal(session.testCookieWorked(), true);
    session.deleteTestCookie();
    assert.equal(session.has('testcookie'), false);
  });

  test('test_atest_cookie', async () => {
    const session = new SessionBase();
    assert.equal(await session.ahas('testcookie'), false);
    await session.asetTestCookie();
    assert.equal(await session.atestCookieWorked(), true);
    await session.adeleteTestCookie();
    assert.equal(await session.ahas('testcookie'), false);
  });

  test('test_is_empty', () => {
    assert.equal(new SessionBase().isEmpty(), true);
  });

  test('clear_expired is not supported on the base class', () => {
    assert.throws(() => SessionBase.clearExpired(), NotImplementedError);
  });
});

/**
 * Issue 14.2: Django's USE_TZ and TIME_ZONE. Under USE_TZ = False a Django site writes and expects naive
 * ISO dates in TIME_ZONE's wall clock; an aware date there is a 500 on every request, and a naive date
 * read as UTC is hours off. Both directions, and configurations that cannot be honoured refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, SessionStore } from '../../src/index.js';
import { loads } from '../../src/signing/index.js';
import { frozen, SECRET } from '../helpers.js';

const T = 1_700_000_000; // 2023-11-14T22:13:20Z: 16:13:20 in Chicago (CST, UTC-6)
const SALT = 'django.contrib.sessions.backends.signed_cookies';
const chicago = { secret: SECRET, now: frozen(T), useTz: false, timeZone: 'America/Chicago' };

describe('#14.2 useTz and timeZone', () => {
  test('#14.2 useTz: false writes a naive date in the wall clock of timeZone, as Django does', () => {
    const store = new SessionStore(null, chicago);
    store.setExpiry(new Date((T + 600) * 1000));
    assert.equal(store.get('_session_expiry'), '2023-11-14T16:23:20');
    store.setExpiry({ seconds: 1.5 });
    assert.equal(store.get('_session_expiry'), '2023-11-14T16:13:21.500000');
    store.save();
    assert.equal(
      (loads(store.sessionKey!, { key: SECRET, salt: SALT }) as Record<string, unknown>)['_session_expiry'],
      '2023-11-14T16:13:21.500000',
    );
  });

  test('#14.2 a naive date Django wrote is read in timeZone, not as UTC', () => {
    const writer = new SessionStore(null, chicago);
    writer.set('u', 1);
    writer.setExpiry(new Date((T + 1199) * 1000));
    writer.save();
    const store = new SessionStore(writer.sessionKey, chicago);
    assert.equal(store.getExpiryAge(), 1199);
    assert.deepEqual({ ...store.toJSON() }, { u: 1, _session_expiry: '2023-11-14T16:33:19' });
    // Read as UTC (a UTC site), the same text is six hours earlier: already expired.
    const utc = new SessionStore(writer.sessionKey, { ...chicago, timeZone: 'UTC' });
    assert.deepEqual({ ...utc.toJSON() }, {});
    assert.equal(utc.invalidReason, 'expired');
  });

  test('#14.2 summer time: the offset of the date itself (CDT, UTC-5)', () => {
    const july = Date.UTC(2024, 6, 1, 12) / 1000;
    const store = new SessionStore(null, { ...chicago, now: frozen(july) });
    store.setExpiry({ seconds: 60 });
    assert.equal(store.get('_session_expiry'), '2024-07-01T07:01:00');
    assert.equal(store.getExpiryAge(), 60);
  });

  test("#14.2 the default is Django 5.2's: USE_TZ = True, aware UTC dates", () => {
    const store = new SessionStore(null, { secret: SECRET, now: frozen(T) });
    store.setExpiry({ seconds: 60 });
    assert.equal(store.get('_session_expiry'), '2023-11-14T22:14:20+00:00');
  });

  test('#14.2 a configuration that cannot be honoured is a ConfigError', () => {
    assert.throws(() => new SessionStore(null, { secret: SECRET, timeZone: 'Mars/Olympus_Mons' }), ConfigError);
    assert.throws(() => new SessionStore(null, { secret: SECRET, timeZone: '' }), ConfigError);
    assert.throws(() => new SessionStore(null, { secret: SECRET, useTz: 'false' as never }), ConfigError);
  });
});

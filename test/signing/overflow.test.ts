/**
 * Issue 13.7: a JSON number that overflows a double (`1e400`, `-1e400`, `1E309`, 400 digits) would read as
 * ±Infinity, which JSON cannot carry, so the next save would throw: refused on read, on every path (the
 * fast reader, the lossless one the session store uses, sync and async on both back ends).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type RefusalReason, SessionStore } from '../../src/index.js';
import { aloads, loads, PayloadError, TimestampSigner } from '../../src/signing/index.js';
import { frozen, MODES, SECRET } from '../helpers.js';

const T = 1_700_000_000;
const SALT = 'django.contrib.sessions.backends.signed_cookies';
const signer = new TimestampSigner({ key: SECRET, salt: SALT, now: frozen(T) });
const cookieOf = (json: string): string => signer.sign(Buffer.from(json).toString('base64url'));

const OVERFLOWING = [
  '{"a":1e400}',
  '{"a":-1e400}',
  '{"a":1E309}',
  '{"a":1e+309}',
  '{"a":10e308}',
  '{"a":[1,{"b":-1E0400}]}',
  `{"a":${'9'.repeat(400)}.5}`,
  '{"a":1.0,"b":1e400}', // takes the lossless reader (the integral float)
  `{"a":${'1'.repeat(400)}}`, // a 400-digit integer: refused as a big integer by loads
];
const FINE: [string, unknown][] = [
  ['{"a":1e308}', { a: 1e308 }],
  ['{"a":-1.7976931348623157e+308}', { a: -1.7976931348623157e308 }],
  ['{"a":1e-400}', { a: 0 }],
  ['{"e400":"1e400"}', { e400: '1e400' }],
];

for (const { name, backend } of MODES) {
  const sync = backend === undefined;
  describe(`#13.7 overflowing numbers (${name})`, () => {
    test('#13.7 loads refuses a number that would read as ±Infinity', async () => {
      for (const json of OVERFLOWING) {
        const options = { key: SECRET, salt: SALT, now: frozen(T), crypto: backend ?? 'auto' } as const;
        const read = () => (sync ? loads(cookieOf(json), options) : aloads(cookieOf(json), options));
        await assert.rejects(async () => read(), PayloadError, json.slice(0, 40));
      }
    });

    test('#13.7 the session store refuses it (reason "payload", an empty session), in both big-integer modes', async () => {
      for (const bigIntegers of ['keep', 'bigint'] as const) {
        for (const json of OVERFLOWING.slice(0, -1)) {
          const reasons: RefusalReason[] = [];
          const store = new SessionStore(cookieOf(json), {
            secret: SECRET,
            now: frozen(T),
            crypto: backend ?? 'auto',
            bigIntegers,
            onInvalid: (r) => reasons.push(r),
          });
          assert.deepEqual(sync ? store.items() : await store.aitems(), [], json.slice(0, 40));
          assert.deepEqual(reasons, ['payload']);
        }
      }
    });

    test('#13.7 the largest doubles, underflow to 0 and the text "1e400" still load', async () => {
      for (const [json, expected] of FINE) {
        const options = { key: SECRET, salt: SALT, now: frozen(T), crypto: backend ?? 'auto' } as const;
        assert.deepEqual(sync ? loads(cookieOf(json), options) : await aloads(cookieOf(json), options), expected);
        const store = new SessionStore(cookieOf(json), { secret: SECRET, now: frozen(T), crypto: backend ?? 'auto' });
        assert.deepEqual({ ...store.toJSON() }, expected);
      }
    });
  });
}

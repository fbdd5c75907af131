/**
 * Issue 13, the independent review of 0.1.0: the items that live in the session layer. The HTTP items
 * (#13.1–#13.4) run on every adapter in test/http/conformance.test.ts, #13.1 also in Chromium
 * (test/e2e/cookie-tossing.test.ts), and #13.6 in test/http/core.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionStore } from '../../src/index.js';
import { SECRET } from '../helpers.js';

describe('#13.14 nothing the app stored is changed or lost silently', () => {
  test('#13.14 toJSON() has no prototype: data keys such as hasOwnProperty and toString are data only', () => {
    const session = new SessionStore(null, { secret: SECRET });
    session.set('hasOwnProperty', 1);
    session.set('toString', 'two');
    const copy = session.toJSON() as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(copy), null);
    assert.equal(copy['hasOwnProperty'], 1);
    assert.equal(copy['toString'], 'two');
    assert.equal('valueOf' in copy, false, 'nothing inherited looks like data');
    assert.equal(JSON.stringify(session), '{"hasOwnProperty":1,"toString":"two"}');
  });

  test('#13.14 an array with named properties or holes is refused at set(), as JSON would drop or change them', () => {
    const session = new SessionStore(null, { secret: SECRET });
    const named = Object.assign([1, 2], { extra: 3 });
    assert.throws(
      () => session.set('a', named),
      (e: Error) => e instanceof TypeError && e.message.includes('"extra"'),
    );
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1, , 3];
    assert.throws(
      () => session.set('b', holes as number[]),
      (e: Error) => e instanceof TypeError && e.message.includes('holes'),
    );
    assert.throws(() => session.set('c', { nested: [Object.assign([], { x: 1 })] }), TypeError);
    session.set('d', [1, [2, 3], { e: [] }]);
    assert.deepEqual(session.get('d'), [1, [2, 3], { e: [] }]);
  });
});

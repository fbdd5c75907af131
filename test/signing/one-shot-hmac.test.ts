/**
 * The one-shot HMAC (two `crypto.hash` calls over prepared pads) must give exactly what `createHmac`
 * gives, for every algorithm, key length (longer than a block included) and message, in any order of
 * calls: its scratch buffer is reused and grows.
 */
import assert from 'node:assert/strict';
import * as nodeCrypto from 'node:crypto';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { derivedKey } from '../../src/signing/crypto/derived-key.js';
import { signNode, verifyNode } from '../../src/signing/crypto/node.js';
import type { Algorithm } from '../../src/signing/crypto/keys.js';
import { OneShotHmac, oneShotHmacFor } from '../../src/signing/crypto/one-shot-hmac.js';

const ALGORITHMS: Algorithm[] = ['sha1', 'sha256', 'sha384', 'sha512'];

describe('one-shot HMAC', () => {
  test('this Node provides it (the signing path under test is the one-shot one)', () => {
    assert.ok(oneShotHmacFor('sha256', randomBytes(32)) instanceof OneShotHmac);
    assert.ok(derivedKey('sha256', 'salt', 'secret').oneShot() instanceof OneShotHmac);
  });

  test('equals createHmac for arbitrary keys and messages, calls interleaved', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALGORITHMS),
        // Key lengths spread evenly over 1–300 bytes, so keys longer than a block (64 or 128) are common.
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 }),
            fc.string({ unit: 'binary', maxLength: 400 }),
            fc.string({ unit: 'grapheme', maxLength: 3000, size: 'max' }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (algorithm, key, messages) => {
          const mac = new OneShotHmac(algorithm, key, nodeCrypto, Buffer);
          for (const message of messages) {
            const expected = createHmac(algorithm, key).update(message).digest();
            assert.equal(mac.sign(message), expected.toString('base64url'));
            const text = expected.toString('base64url');
            assert.equal(mac.verify(message, text), true);
            const flipped = Buffer.from(expected);
            flipped[flipped.length - 1]! ^= 1;
            assert.equal(mac.verify(message, flipped.toString('base64url')), false);
            assert.equal(mac.verify(message, expected.subarray(1).toString('base64url')), false);
            assert.equal(mac.verify(message, `${text}AAAA`), false);
            assert.equal(mac.verify(`${message}.`, text), false);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('a long message, then a short one: nothing of the first leaks into the second', () => {
    const mac = new OneShotHmac('sha256', Buffer.from('k'), nodeCrypto, Buffer);
    const long = 'é'.repeat(5000);
    assert.equal(mac.sign(long), createHmac('sha256', 'k').update(long).digest('base64url'));
    assert.equal(mac.sign('a'), createHmac('sha256', 'k').update('a').digest('base64url'));
    assert.equal(mac.verify('', createHmac('sha256', 'k').update('').digest('base64url')), true);
  });

  test('signNode and verifyNode agree with createHmac on the derived key', () => {
    for (const algorithm of ALGORITHMS) {
      const key = derivedKey(algorithm, 'django.core.signing', 'a secret');
      const expected = createHmac(algorithm, key.node()).update('hello:1abc').digest('base64url');
      assert.equal(signNode(key, 'hello:1abc'), expected);
      assert.equal(verifyNode(key, 'hello:1abc', expected), true);
      assert.equal(verifyNode(key, 'hello:1abd', expected), false);
      assert.equal(
        verifyNode(key, 'hello:1abc', signNode(derivedKey(algorithm, 'another salt', 'a secret'), 'hello:1abc')),
        false,
      );
    }
  });
});

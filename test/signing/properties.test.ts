/**
 * Properties (fast-check): dumps/loads round-trip arbitrary JSON objects; the sync form and both async
 * back ends produce the same bytes; and any single-character change to a valid token is refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { adumps, aloads, dumps, loads, PayloadTooLarge, TokenError } from '../../src/signing/index.js';
import { decodeBase64Url, isCanonicalBase64Url } from '../../src/signing/base64url.js';
import { hasLongDigitRun } from '../../src/signing/json.js';
import { jsonObjects } from '../arbitraries.js';
import { BACKENDS, frozen, SECRET } from '../helpers.js';

async function settle<T>(fn: () => T | Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error };
  }
}

const NOW = frozen(1_700_000_000.25);
const key = SECRET;
const salt = 'django.contrib.sessions.backends.signed_cookies';

const jsonObject = jsonObjects();
const repetitive = fc.record(
  { cart: fc.array(fc.constantFrom('SKU-001', 'SKU-002', 'SKU-003'), { minLength: 30, maxLength: 120 }) },
  { noNullPrototype: true },
);

describe('dumps/loads properties', () => {
  test('loads(dumps(x)) equals x for arbitrary JSON objects, compressed or not', () => {
    fc.assert(
      fc.property(fc.oneof(jsonObject, repetitive), fc.boolean(), (value, compress) => {
        let token: string;
        try {
          token = dumps(value, { key, salt, compress, now: NOW });
        } catch (error) {
          // Too large for a cookie: refused when written, never written and then refused when read.
          assert.ok(error instanceof PayloadTooLarge);
          return;
        }
        assert.ok(token.length <= 4096);
        assert.deepStrictEqual(loads(token, { key, salt, now: NOW }), value);
      }),
      { numRuns: 500 },
    );
  });

  for (const crypto of BACKENDS) {
    test(`sync and async (${crypto}) agree byte for byte, and each reads the other`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(jsonObject, repetitive), fc.boolean(), async (value, compress) => {
          const sync = await settle(() => dumps(value, { key, salt, compress, now: NOW }));
          const async = await settle(() => adumps(value, { key, salt, compress, now: NOW, crypto }));
          assert.equal(async.value, sync.value);
          if (sync.value === undefined) {
            assert.ok(sync.error instanceof PayloadTooLarge && async.error instanceof PayloadTooLarge);
            return;
          }
          assert.deepStrictEqual(await aloads(sync.value, { key, salt, now: NOW, crypto }), value);
        }),
        { numRuns: 200, endOnFailure: true },
      );
    });
  }

  for (const crypto of [undefined, ...BACKENDS]) {
    test(`any single-character change to a valid token is refused (${crypto ?? 'sync'})`, async () => {
      const alphabet = fc.constantFrom(
        ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:=+/ !%é\u0000',
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(jsonObject, repetitive), fc.nat(), alphabet, async (value, at, c) => {
          const token = (await settle(() => dumps(value, { key, salt, compress: true, now: NOW }))).value;
          fc.pre(token !== undefined);
          const i = at % token.length;
          fc.pre(token[i] !== c);
          const changed = token.slice(0, i) + c + token.slice(i + 1);
          const read = crypto
            ? aloads(changed, { key, salt, now: NOW, crypto })
            : Promise.resolve().then(() => loads(changed, { key, salt, now: NOW }));
          await assert.rejects(read, TokenError);
        }),
        { numRuns: crypto === 'web' ? 300 : 1000, endOnFailure: true },
      );
    });
  }

  test('a token longer than the read cap is refused when written', () => {
    const big = { blob: Array.from({ length: 400 }, (_, i) => `${i}-${(i * 7919) % 1000}`) };
    assert.throws(() => dumps(big, { key, salt, now: NOW }), PayloadTooLarge);
    assert.ok(dumps(big, { key, salt, now: NOW, maxLength: 10_000 }).length > 4096);
  });

  test('every substitution at every position of a real token is refused (exhaustive)', () => {
    const token = dumps({ user_id: 42, roles: ['admin'] }, { key, salt, now: NOW });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let tried = 0;
    for (let i = 0; i < token.length; i++) {
      for (const c of alphabet) {
        if (token[i] === c) continue;
        assert.throws(() => loads(token.slice(0, i) + c + token.slice(i + 1), { key, salt, now: NOW }), TokenError);
        tried++;
      }
    }
    assert.ok(tried > 5000);
  });
});

describe("the reader's fast scans agree with the plain regexes they replace", () => {
  test('hasLongDigitRun ⇔ /\\d{16}/, on digit-heavy text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('0', '1', '9', '.', '"', 'a', ',', '5', '7', '3', '4', '2'),
          minLength: 20,
          maxLength: 200,
          size: 'max',
        }),
        (text) => {
          assert.equal(hasLongDigitRun(text), /\d{16}/.test(text));
        },
      ),
      { numRuns: 5000 },
    );
    for (let n = 0; n < 40; n++)
      for (let at = 0; at < 10; at++) {
        const text = `${'x'.repeat(at)}${'7'.repeat(n)}x`;
        assert.equal(hasLongDigitRun(text), n >= 16, text);
      }
  });

  test('decodeBase64Url (decode, then re-encode and compare) accepts exactly the canonical spellings', () => {
    const canonical = (text: string): Uint8Array | undefined => {
      // The rule spelled out: only [A-Za-z0-9_-], no length ≡ 1 (mod 4), zero spare bits.
      if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
      const bytes = Buffer.from(text, 'base64url');
      const spare = text.length % 4 === 2 ? 4 : text.length % 4 === 3 ? 2 : 0;
      const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(text.at(-1) ?? 'A');
      return (last & ((1 << spare) - 1)) === 0 ? bytes : undefined;
    };
    const unit = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') },
      { weight: 1, arbitrary: fc.constantFrom('+', '/', '=', ' ', '\n', '.', '%', '\u00e9', '\u0141', '\ud83d') },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        const expected = canonical(text);
        assert.equal(isCanonicalBase64Url(text), expected !== undefined, text);
        assert.deepEqual(decodeBase64Url(text), expected, text);
      }),
      { numRuns: 20000 },
    );
    // Every byte string's own spelling is accepted and decodes back to it.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        assert.deepEqual(decodeBase64Url(Buffer.from(bytes).toString('base64url')), Buffer.from(bytes));
      }),
    );
  });

  test('writing escapes exactly the characters from DEL up, as Python', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('\u007e', '\u007f', '\u0080', 'a'),
            fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
          ),
          maxLength: 30,
        }),
        (text) => {
          const written = dumps({ text }, { key: SECRET, compress: false });
          assert.deepEqual(loads(written, { key: SECRET }), { text });
          const json = Buffer.from(written.slice(0, written.indexOf(':')), 'base64url').toString('latin1');
          assert.ok(!/[\u007f-\uffff]/.test(json), json);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

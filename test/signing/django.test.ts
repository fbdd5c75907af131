/**
 * Django's own signing tests (tests/signing/tests.py, 3.2 through main), one test each, named after
 * Django's. Sync tests use node:crypto; every async twin runs on both back ends.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  aloads,
  b62Decode,
  b62Encode,
  BadSignature,
  ConfigError,
  dumps,
  InvalidAlgorithm,
  loads,
  PayloadError,
  SignatureExpired,
  Signer,
  TimestampSigner,
} from '../../src/signing/index.js';
import { BACKENDS, frozen } from '../helpers.js';

/** Django's `base64_hmac(salt, value, key, algorithm)`, computed independently with node:crypto. */
function base64Hmac(salt: string, value: string | Uint8Array, key: string, algorithm = 'sha256'): string {
  const derived = createHash(algorithm).update(salt).update(key).digest();
  return createHmac(algorithm, derived).update(value).digest('base64url');
}

describe('TestSigner', () => {
  test('test_signature', () => {
    const signer = new Signer({ key: 'predictable-secret' });
    for (const s of ['hello', '3098247:529:087:', '\u2019']) {
      assert.equal(signer.signature(s), base64Hmac(`${signer.salt}signer`, s, 'predictable-secret', signer.algorithm));
      assert.notEqual(signer.signature(s), new Signer({ key: 'predictable-secret2' }).signature(s));
    }
  });

  test('test_signature_with_salt', () => {
    const signer = new Signer({ key: 'predictable-secret', salt: 'extra-salt' });
    assert.equal(signer.signature('hello'), base64Hmac('extra-saltsigner', 'hello', 'predictable-secret'));
    assert.notEqual(
      new Signer({ key: 'predictable-secret', salt: 'one' }).signature('hello'),
      new Signer({ key: 'predictable-secret', salt: 'two' }).signature('hello'),
    );
  });

  test('test_custom_algorithm', () => {
    const signer = new Signer({ key: 'predictable-secret', algorithm: 'sha512' });
    assert.equal(
      signer.signature('hello'),
      'Usf3uVQOZ9m6uPfVonKR-EBXjPe7bjMbp3_Fq8MfsptgkkM1ojidN0BxYaT5HAEN1VzO9_jVu7R-VkqknHYNvw',
    );
  });

  test('test_invalid_algorithm', () => {
    // Django raises when signing; we raise when the signer is made, so a typo never reaches a request.
    assert.throws(
      () => new Signer({ key: 'predictable-secret', algorithm: 'whatever' as 'sha256' }),
      (e: Error) => e instanceof InvalidAlgorithm && e.message.includes("'whatever'"),
    );
  });

  test('test_sign_unsign', () => {
    const signer = new Signer({ key: 'predictable-secret' });
    for (const example of [
      'q;wjmbk;wkmb',
      '3098247529087',
      '3098247:529:087:',
      'jkw osanteuh ,rcuh nthu aou oauh ,ud du',
      '\u2019',
    ]) {
      const signed = signer.sign(example);
      assert.equal(typeof signed, 'string');
      assert.notEqual(signed, example);
      assert.equal(signer.unsign(signed), example);
    }
  });

  test('test_sign_unsign_non_string', () => {
    const signer = new Signer({ key: 'predictable-secret' });
    // Coerced as Python's str() would: True → "True", 1.23 → "1.23".
    for (const [example, text] of [
      [123, '123'],
      [1.23, '1.23'],
      [true, 'True'],
    ] as const) {
      const signed = signer.sign(example);
      assert.notEqual(signed, example);
      assert.equal(signer.unsign(signed), text);
    }
  });

  test('test_unsign_detects_tampering', () => {
    const signer = new Signer({ key: 'predictable-secret' });
    const signed = signer.sign('Another string');
    for (const transform of [
      (s: string) => s.toUpperCase(),
      (s: string) => `${s}a`,
      (s: string) => `a${s.slice(1)}`,
      (s: string) => s.replaceAll(':', ''),
    ]) {
      assert.throws(() => signer.unsign(transform(signed)), BadSignature);
    }
  });

  test('test_sign_unsign_object', () => {
    const signer = new Signer({ key: 'predictable-secret' });
    for (const obj of [['a', 'list'], 'a string \u2019', { a: 'dictionary' }]) {
      for (const compress of [false, true]) {
        const signed = signer.signObject(obj, { compress });
        assert.notEqual(signed, obj);
        assert.deepEqual(signer.unsignObject(signed), obj);
      }
    }
  });

  test('test_dumps_loads', () => {
    for (const obj of [['a', 'list'], 'a string \u2019', { a: 'dictionary' }]) {
      assert.deepEqual(loads(dumps(obj, { key: 'predictable-secret' }), { key: 'predictable-secret' }), obj);
      assert.deepEqual(
        loads(dumps(obj, { key: 'predictable-secret', compress: true }), { key: 'predictable-secret' }),
        obj,
      );
    }
  });

  test('test_decode_detects_tampering', () => {
    const value = { foo: 'bar', baz: 1 };
    const encoded = dumps(value, { key: 'predictable-secret' });
    for (const transform of [
      (s: string) => s.toUpperCase(),
      (s: string) => `${s}a`,
      (s: string) => `a${s.slice(1)}`,
      (s: string) => s.replaceAll(':', ''),
    ]) {
      assert.throws(() => loads(transform(encoded), { key: 'predictable-secret' }), BadSignature);
    }
  });

  test('test_works_with_non_ascii_keys', () => {
    const binaryKey = new Uint8Array([0xe7]);
    assert.equal(new Signer({ key: binaryKey }).sign('foo'), 'foo:EE4qGC5MEKyQG5msxYA0sBohAxLC0BJf8uRhemh0BGU');
  });

  test('test_valid_sep', () => {
    for (const sep of ['/', '*sep*', ',']) {
      assert.equal(
        new Signer({ key: 'predictable-secret', sep }).sign('foo'),
        `foo${sep}jZQoX_FtSO70jX9HLRGg2A_2s4kdDBxz1QoO_OpEQb0`,
      );
    }
  });

  test('test_invalid_sep', () => {
    for (const sep of ['', '-', 'abc']) {
      assert.throws(
        () => new Signer({ key: 'predictable-secret', sep }),
        (e: Error) =>
          e instanceof ConfigError &&
          e.message === `Unsafe Signer separator: '${sep}' (cannot be empty or consist of only A-z0-9-_=)`,
      );
    }
  });

  test('test_unsafe_base64_sep (fork)', () => {
    for (const sep of ['', '-', '_', '=', 'A', '0', 'abc'])
      assert.throws(() => new Signer({ key: 'k', sep }), ConfigError);
  });

  test('test_verify_with_non_default_key', () => {
    const signed = new Signer({ key: 'secret' }).sign('abc');
    assert.equal(new Signer({ key: 'newsecret', fallbackKeys: ['othersecret', 'secret'] }).unsign(signed), 'abc');
  });

  test('test_sign_unsign_multiple_keys', () => {
    const signer = new Signer({ key: 'secret', fallbackKeys: ['oldsecret'] });
    assert.equal(signer.unsign(signer.sign('abc')), 'abc');
  });

  test('test_sign_unsign_ignore_secret_key_fallbacks', () => {
    // There are no global settings here; an explicit empty list is the only way to have no fallbacks.
    const oldSigned = new Signer({ key: 'oldsecret' }).sign('abc');
    assert.throws(() => new Signer({ key: 'secret', fallbackKeys: [] }).unsign(oldSigned), BadSignature);
  });

  test('test_default_keys_verification', () => {
    const oldSigned = new Signer({ key: 'oldsecret' }).sign('abc');
    assert.equal(new Signer({ key: 'secret', fallbackKeys: ['oldsecret'] }).unsign(oldSigned), 'abc');
  });

  for (const backend of BACKENDS) {
    test(`async sign/unsign, fallbacks and tampering (${backend})`, async () => {
      const signer = new Signer({ key: 'newsecret', fallbackKeys: ['secret'], crypto: backend });
      const signed = await new Signer({ key: 'secret', crypto: backend }).asign('abc');
      assert.deepEqual(await signer.averify(signed), { value: 'abc', rotated: true });
      assert.deepEqual(await signer.averify(await signer.asign('abc')), { value: 'abc', rotated: false });
      await assert.rejects(signer.aunsign(`${signed}a`), BadSignature);
      await assert.rejects(signer.aunsign(signed.toUpperCase()), BadSignature);
    });
  }
});

describe('TestTimestampSigner', () => {
  test('test_timestamp_signer', () => {
    const value = 'hello';
    const signer = new TimestampSigner({ key: 'predictable-key', now: frozen(123456789) });
    const ts = signer.sign(value);
    assert.notEqual(ts, new Signer({ key: 'predictable-key' }).sign(value));
    assert.equal(signer.unsign(ts), value);
    const later = new TimestampSigner({ key: 'predictable-key', now: frozen(123456800) });
    assert.equal(later.unsign(ts, { maxAge: 12 }), value);
    assert.equal(later.unsign(ts, { maxAge: 11 }), value); // age == maxAge passes: the test is age > maxAge
    assert.throws(() => later.unsign(ts, { maxAge: 10 }), SignatureExpired);
  });

  for (const backend of BACKENDS) {
    test(`test_timestamp_signer async (${backend})`, async () => {
      const ts = await new TimestampSigner({ key: 'predictable-key', now: frozen(123456789), crypto: backend }).asign(
        'hello',
      );
      const later = new TimestampSigner({ key: 'predictable-key', now: frozen(123456800), crypto: backend });
      assert.equal(await later.aunsign(ts, { maxAge: 11 }), 'hello');
      await assert.rejects(later.aunsign(ts, { maxAge: 10 }), SignatureExpired);
    });
  }
});

describe('TestBase62', () => {
  test('test_base62', () => {
    const tests = [-1e10, 1e10, 1620378259, ...Array.from({ length: 200 }, (_, i) => i - 100)];
    for (const i of tests) assert.equal(b62Decode(b62Encode(i)), i);
  });

  test('test_base62_decode_invalid (fork)', () => {
    for (const s of ['', '-', '!', 'a!b', '-!', '--1', '1-', 'a\n', 'é']) assert.throws(() => b62Decode(s), RangeError);
  });

  test('test_base62_roundtrip (fork)', () => {
    for (const i of [0, 1, -1]) assert.equal(b62Decode(b62Encode(i)), i);
    // ±10^100 is out of range by design: timestamps are safe integers, and a JS number cannot hold 10^100 exactly.
    assert.throws(() => b62Encode(1e100), RangeError);
  });
});

describe('TestJSONSerializerEncoding', () => {
  test('test_non_ascii_round_trip', () => {
    const payload = { precomposed: 'héllo', combining: 'he\u0301llo', emoji: '🐍', zh: '你好' };
    assert.deepEqual(loads(dumps(payload, { key: 'k' }), { key: 'k' }), payload);
  });

  test('test_loads_reads_utf_8_bytes', () => {
    // Django main reads raw UTF-8 JSON; Django ≤ 6.1 reads it as latin-1 and returns mojibake. Django itself
    // only writes ASCII JSON, so we refuse raw non-ASCII bytes rather than pick one reading silently.
    const token = new TimestampSigner({ key: 'k', salt: 'django.core.signing' }).sign(
      Buffer.from('{"text":"h\xc3\xa9llo"}', 'latin1').toString('base64url'),
    );
    assert.throws(() => loads(token, { key: 'k' }), PayloadError);
  });
});

describe('Version-specific signing tests', () => {
  test('test_positional_arguments', () => {
    const signer = new Signer({
      key: 'secret',
      sep: '/',
      salt: 'somesalt',
      algorithm: 'sha1',
      fallbackKeys: ['oldsecret'],
    });
    const signed = signer.sign('xyz');
    assert.equal(signed, 'xyz/zzdO_8rk-NGnm8jNasXRTF2P5kY');
    assert.equal(signer.unsign(signed), 'xyz');
    const old = new Signer({ key: 'oldsecret', sep: '/', salt: 'somesalt', algorithm: 'sha1' });
    assert.equal(signer.unsign(old.sign('xyz')), 'xyz');
  });

  test('test_dumps_loads_legacy_signature', () => {
    const token = 'ImEgc3RyaW5nIFx1MjAyMCI:1k1beT:ZfNhN1kdws7KosUleOvuYroPHEc';
    assert.equal(loads(token, { key: 'django_tests_secret_key', legacyAlgorithms: ['sha1'] }), 'a string \u2020');
    assert.throws(() => loads(token, { key: 'django_tests_secret_key' }), BadSignature); // as Django 4.0+
  });

  for (const backend of BACKENDS) {
    test(`test_dumps_loads_legacy_signature async (${backend})`, async () => {
      const token = 'ImEgc3RyaW5nIFx1MjAyMCI:1k1beT:ZfNhN1kdws7KosUleOvuYroPHEc';
      assert.equal(
        await aloads(token, { key: 'django_tests_secret_key', legacyAlgorithms: ['sha1'], crypto: backend }),
        'a string \u2020',
      );
    });
  }

  test('test_dumps_loads_default_hashing_algorithm_sha1', () => {
    const value = 'a string \u2020';
    const token = dumps(value, { key: 'django_tests_secret_key', algorithm: 'sha1' });
    assert.equal(loads(token, { key: 'django_tests_secret_key', legacyAlgorithms: ['sha1'] }), value);
  });

  test('test_default_hashing_algorithm', () => {
    assert.equal(
      new Signer({ key: 'predictable-secret', algorithm: 'sha1' }).signature('hello'),
      base64Hmac('django.core.signing.Signersigner', 'hello', 'predictable-secret', 'sha1'),
    );
  });
});

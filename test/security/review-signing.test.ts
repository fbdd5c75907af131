/**
 * Issue 13's signing items (the independent review of 0.1.0), one test per item with its number in the
 * name, each on the sync API and on both async back ends (node:crypto and Web Crypto forced) where crypto
 * is involved.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ConfigError, generateSecret, secretWarnings, SessionSettings } from '../../src/index.js';
import {
  aloads,
  BadSignature,
  dumps,
  inspectToken,
  loads,
  type LoadsOptions,
  MalformedToken,
  SignatureExpired,
  Signer,
  TimestampSigner,
} from '../../src/signing/index.js';
import { derivedKey } from '../../src/signing/crypto/derived-key.js';
import { MAX_KEPT_MESSAGE_BYTES } from '../../src/signing/crypto/one-shot-hmac.js';
import { frozen, MODES, SECRET } from '../helpers.js';

const T = 1_700_000_000;

for (const { name, backend } of MODES) {
  const crypto = backend ?? 'auto';
  /** `loads` or `aloads`, whichever this mode runs. */
  const read = (token: string, options: Omit<LoadsOptions, 'key'>) =>
    backend === undefined
      ? Promise.resolve().then(() => loads(token, { key: SECRET, crypto, ...options }))
      : aloads(token, { key: SECRET, crypto, ...options });

  describe(`review of the signing layer (${name})`, () => {
    /** Django's signature, computed here from its definition: HMAC(SHA-256(salt + "signer" + secret), value). */
    const djangoSignature = (salt: string, secret: string | Uint8Array, value: string) =>
      createHmac('sha256', createHash('sha256').update(`${salt}signer`).update(secret).digest())
        .update(value)
        .digest('base64url');
    const signWith = (signer: Signer, value: string) =>
      backend === undefined ? Promise.resolve(signer.sign(value)) : signer.asign(value);

    test('#13.12 with sep ".", compressed object tokens are read as Django reads them: split from the right', async () => {
      const value = { a: 'x'.repeat(200) };
      // Made by Django 5.2: TimestampSigner(sep='.', salt='review') at T, and Signer(sep='.', salt='review'), compress=True.
      const django = '.eJyrVkpUslKqGCZAqRYAvw9f3A.1r31eq.2UAU0YIm61Eq3GCp730ouO2jaZt1ILBcJk_jBl5o5yk';
      const djangoPlain = '.eJyrVkpUslKqGCZAqRYAvw9f3A.6NewuRB7n8YZDPSl3VkBKu1-Sfz5YTAAitVZq3XJUEI';
      const stamped = new TimestampSigner({ key: SECRET, sep: '.', salt: 'review', now: frozen(T), crypto });
      const plain = new Signer({ key: SECRET, sep: '.', salt: 'review', crypto });
      const sync = backend === undefined;
      for (const compress of [true, 'fast'] as const) {
        const own = sync ? stamped.signObject(value, { compress }) : await stamped.asignObject(value, { compress });
        assert.ok(own.startsWith('.'), own);
        assert.deepEqual(sync ? stamped.unsignObject(own) : await stamped.aunsignObject(own), value);
        const ownPlain = sync ? plain.signObject(value, { compress }) : await plain.asignObject(value, { compress });
        assert.deepEqual(sync ? plain.unsignObject(ownPlain) : await plain.aunsignObject(ownPlain), value);
      }
      assert.deepEqual(sync ? stamped.verifyObject(django) : await stamped.averifyObject(django), {
        value,
        timestamp: T,
        rotated: false,
      });
      assert.deepEqual(sync ? plain.unsignObject(djangoPlain) : await plain.aunsignObject(djangoPlain), value);
      assert.deepEqual(inspectToken(django, '.').payload, value);
      // Still strict: an extra part is not a payload.
      for (const bad of [`x.${django}`, `..${django.slice(1)}`, django.replace('.1r31eq.', '.1r31eq..')]) {
        assert.throws(() => stamped.verifyObject(bad), MalformedToken, bad);
      }
    });

    test('#13.13 a long message does not leave its size held per key: the one-shot HMAC hashes it as a stream', async () => {
      const salt = `review-13.13-${name}`;
      const signer = new Signer({ key: SECRET, salt, crypto });
      const value = 'v'.repeat(20_000_000);
      const signed = await signWith(signer, value);
      assert.equal(signed, `${value}:${djangoSignature(salt, SECRET, value)}`);
      const tampered = `${value}w${signed.slice(value.length)}`;
      if (backend === undefined) {
        assert.equal(signer.unsign(signed), value);
        assert.throws(() => signer.unsign(tampered), BadSignature);
      } else {
        assert.equal(await signer.aunsign(signed), value);
        await assert.rejects(signer.aunsign(tampered), BadSignature);
      }
      // What the node back end keeps for this key (Web Crypto keeps no buffer of ours).
      const kept = derivedKey('sha256', salt, SECRET).oneShot()!;
      assert.ok(kept.retainedBytes <= 64 + MAX_KEPT_MESSAGE_BYTES + 3 * 64, `${kept.retainedBytes} bytes kept`);
      // Short messages still take the kept buffer, and still match createHmac.
      for (const short of ['a', 'é'.repeat(3000), 'x'.repeat(5461), 'x'.repeat(5462)]) {
        assert.equal(await signWith(signer, short), `${short}:${djangoSignature(salt, SECRET, short)}`);
      }
    });

    test('#13.11 the derived-key cache key is unambiguous: salts and secrets with NUL never share a key', async () => {
      // With the cache key `${alg}\0${salt}\0s${secret}` each pair below named the same entry.
      const pairs: [[string, string | Uint8Array], [string, string | Uint8Array]][] = [
        [
          ['x', 'y\0sz-secret'],
          ['x\0sy', 'z-secret'],
        ],
        [
          ['x', new TextEncoder().encode('y\0sz-secret')],
          ['x\0by', 'z-secret'],
        ],
      ];
      for (const [[saltA, secretA], [saltB, secretB]] of pairs) {
        const a = new Signer({ key: secretA, salt: saltA, crypto });
        const b = new Signer({ key: secretB, salt: saltB, crypto });
        const value = `v-${name}`;
        assert.equal(await signWith(a, value), `${value}:${djangoSignature(a.salt, secretA, value)}`);
        assert.equal(await signWith(b, value), `${value}:${djangoSignature(b.salt, secretB, value)}`);
      }
    });

    test('#13.5 maxAge and maxClockSkew fail closed: seconds or a Duration, anything else a TypeError', async () => {
      const old = dumps({ a: 1 }, { key: SECRET, now: frozen(T - 10 * 365 * 86_400) });
      const fresh = dumps({ a: 1 }, { key: SECRET, now: frozen(T - 3599) });
      const ahead = dumps({ a: 1 }, { key: SECRET, now: frozen(T + 2 * 365 * 86_400) });
      for (const maxAge of [
        NaN,
        Infinity,
        '3600',
        new Date(),
        { hour: 1 },
        { hours: '1' },
        {},
        [3600],
        null,
        () => 3600,
      ]) {
        await assert.rejects(read(old, { now: frozen(T), maxAge: maxAge as never }), TypeError, String(maxAge));
        await assert.rejects(read(fresh, { now: frozen(T), maxAge: maxAge as never }), TypeError, String(maxAge));
      }
      // A Duration, as setExpiry takes it (Django's max_age=timedelta(hours=1)).
      assert.deepEqual(await read(fresh, { now: frozen(T), maxAge: { hours: 1 } }), { a: 1 });
      await assert.rejects(read(old, { now: frozen(T), maxAge: { hours: 1 } }), SignatureExpired);
      await assert.rejects(read(fresh, { now: frozen(T), maxAge: { minutes: 59, seconds: 58 } }), SignatureExpired);
      // The per-signer paths: unsign, verifyTimestamped, unsignObject, verifyObject.
      const signer = new TimestampSigner({ key: SECRET, now: frozen(T), crypto });
      const value = new TimestampSigner({ key: SECRET, now: frozen(T - 7200) }).sign('v');
      const object = new TimestampSigner({ key: SECRET, now: frozen(T - 7200) }).signObject({ a: 1 });
      const calls =
        backend === undefined
          ? [
              (o: object) => signer.unsign(value, o),
              (o: object) => signer.verifyTimestamped(value, o),
              (o: object) => signer.unsignObject(object, o),
              (o: object) => signer.verifyObject(object, o),
            ]
          : [
              (o: object) => signer.aunsign(value, o),
              (o: object) => signer.averifyTimestamped(value, o),
              (o: object) => signer.aunsignObject(object, o),
              (o: object) => signer.averifyObject(object, o),
            ];
      for (const call of calls) {
        await assert.rejects(async () => call({ maxAge: NaN }), TypeError);
        await assert.rejects(async () => call({ maxAge: { hours: 1 } }), SignatureExpired);
        await call({ maxAge: { hours: 2 } });
      }
      // maxClockSkew: checked when the signer is made; NaN would accept tokens dated years ahead.
      for (const maxClockSkew of [NaN, '60', new Date(), { minute: 1 }]) {
        assert.throws(
          () => new TimestampSigner({ key: SECRET, crypto, maxClockSkew: maxClockSkew as never }),
          TypeError,
        );
        await assert.rejects(read(ahead, { now: frozen(T), maxClockSkew: maxClockSkew as never }), TypeError);
      }
      await assert.rejects(read(ahead, { now: frozen(T), maxClockSkew: { days: 365 } }), SignatureExpired);
      assert.deepEqual(await read(ahead, { now: frozen(T), maxClockSkew: { days: 731 } }), { a: 1 });
    });
  });
}

describe('review of the signing layer: secrets', () => {
  test('#13.10 weak-secret rules warn on repeated placeholders and low entropy, not on what the advice generates', () => {
    const weak = [
      'changeme'.repeat(7),
      'keyboard cat '.repeat(4),
      'your-secret-key'.repeat(4),
      'changeme1-changeme2-changeme3-changeme4-changeme5-changeme6',
      `${'a'.repeat(45)}bcdef`,
      'aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeee',
      'abcdefghij'.repeat(5),
      'k3J9x2Lm8Qp4Zr7Tv1Wn6Yb5Hc0Gd3Fs9Ae',
      new Uint8Array(40).fill(7),
    ];
    for (const secret of weak) assert.notDeepEqual(secretWarnings(secret, 'The secret'), [], String(secret));
    // What generateSecret(), the CLI, the ConfigError advice and the examples produce, and Django's own generator.
    const djangoAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
    for (let i = 0; i < 2000; i++) {
      const strong = [
        generateSecret(),
        randomBytes(32).toString('base64url'),
        randomBytes(32).toString('hex'),
        new Uint8Array(randomBytes(32)),
        Array.from({ length: 50 }, () => djangoAlphabet[randomInt(djangoAlphabet.length)]).join(''),
      ];
      for (const secret of strong) assert.deepEqual(secretWarnings(secret, 'The secret'), [], String(secret));
    }
    // The advice a too-short secret gets is the generator, which the examples use too.
    assert.throws(
      () => new SessionSettings({ secret: 'x'.repeat(31) }),
      (e: ConfigError) =>
        e instanceof ConfigError && /generateSecret\(\)/.test(e.message) && !/randomBytes/.test(e.message),
    );
    for (const example of ['../../examples/secret.ts', '../../examples/quickstart.ts']) {
      const source = readFileSync(new URL(example, import.meta.url), 'utf8');
      assert.match(source, /generateSecret\(\)/, example);
      assert.doesNotMatch(source, /randomBytes/, example);
    }
  });
});

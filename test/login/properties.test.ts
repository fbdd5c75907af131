/**
 * Property tests against real Django (5.2 and 4.2), through one long-lived Python process per series:
 * salted_hmac, CSRF masking and unmasking, the CSRF middleware's verdict, and check_password on hashes
 * Django made (and Django's on hashes we made).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  asaltedHmac,
  checkCsrf,
  checkPassword,
  CSRF_ALLOWED_CHARS,
  type CsrfRequest,
  makePassword,
  maskCipherSecret,
  resolveCsrfOptionsForTest,
  saltedHmac,
  secretFrom,
  SESSION_AUTH_HASH_SALT,
  sessionAuthHash,
  toHex,
  unmaskCipherToken,
} from './internals.js';
import { DjangoHelper } from './python-helper.js';
import { SERIES } from './django.js';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const alnum = (length: number) =>
  fc.string({ unit: fc.constantFrom(...CSRF_ALLOWED_CHARS), minLength: length, maxLength: length });

for (const series of SERIES) {
  describe(`Django ${series}: property tests`, () => {
    let django: DjangoHelper;
    before(() => (django = new DjangoHelper(series)));
    after(() => django?.close());

    test("saltedHmac (node:crypto and Web Crypto) and the session auth hash equal Django's salted_hmac", async () => {
      await fc.assert(
        fc.asyncProperty(
          text,
          text,
          text.filter((s) => s.length > 0),
          fc.constantFrom('sha1', 'sha256', 'sha512'),
          async (keySalt, value, secret, algorithm) => {
            const { hex } = await django.ask({ op: 'salted_hmac', key_salt: keySalt, value, secret, algorithm });
            assert.equal(toHex(saltedHmac(keySalt, value, secret, algorithm)), hex);
            assert.equal(toHex(await asaltedHmac(keySalt, value, secret, algorithm, 'web')), hex);
            if (algorithm === 'sha256') {
              const { hex: auth } = await django.ask({
                op: 'salted_hmac',
                key_salt: SESSION_AUTH_HASH_SALT,
                value,
                secret,
                algorithm,
              });
              assert.equal(await sessionAuthHash(value, secret), auth);
            }
          },
        ),
        { numRuns: 200 },
      );
    });

    test("CSRF masking and unmasking equal Django's", async () => {
      await fc.assert(
        fc.asyncProperty(alnum(32), alnum(32), alnum(64), async (secret, mask, token) => {
          const { token: masked } = await django.ask({ op: 'mask', secret, mask });
          assert.equal(maskCipherSecret(secret, mask), masked);
          assert.equal(unmaskCipherToken(masked as string), secret);
          const { secret: unmasked } = await django.ask({ op: 'unmask', token });
          assert.equal(unmaskCipherToken(token), unmasked);
        }),
        { numRuns: 300 },
      );
    });

    test('checkPassword agrees with check_password on hashes Django made, and Django checks ours', async () => {
      const hasher = fc.constantFrom('pbkdf2_sha256', 'pbkdf2_sha1', 'scrypt');
      await fc.assert(
        fc.asyncProperty(
          text,
          text,
          fc.string({ unit: fc.constantFrom(...CSRF_ALLOWED_CHARS), minLength: 1, maxLength: 24 }),
          hasher,
          fc.integer({ min: 1, max: 6 }),
          async (password, other, salt, name, exponent) => {
            const work = name === 'scrypt' ? 2 ** exponent : exponent * 300;
            const { encoded } = (await django.ask({ op: 'encode', hasher: name, password, salt, work })) as {
              encoded: string;
            };
            assert.equal(await checkPassword(password, encoded), true, encoded);
            const { ok } = await django.ask({ op: 'verify', password: other, encoded });
            assert.equal(await checkPassword(other, encoded), ok);
            const ours = await makePassword(password, { hasher: name, salt, iterations: work });
            if (name !== 'scrypt' || series === '5.2')
              assert.equal(ours, encoded, "the same salt and work factor give Django's string");
            assert.deepEqual(await django.ask({ op: 'check_password', password, encoded: ours }), { ok: true });
          },
        ),
        { numRuns: 60 },
      );
    });

    test("the CSRF verdict (origin, referer, token) equals CsrfViewMiddleware's", async () => {
      const secret = 'abcdefghijklmnopqrstuvwxyzABCDEF';
      const hosts = ['example.com', 'EXAMPLE.com:8443', '127.0.0.1:8000', 'sub.example.com', 'evil.com'];
      const origins = fc.oneof(
        fc.constantFrom(
          'http://example.com',
          'https://example.com',
          'https://EXAMPLE.com:8443',
          'http://127.0.0.1:8000',
          'https://sub.example.com',
          'https://evil.com',
          'null',
          '',
          'https://[::1',
          'example.com',
        ),
        text,
      );
      const referers = fc.oneof(
        fc.constantFrom(
          'https://example.com/page',
          'http://example.com/',
          'https://sub.example.com/x?y',
          'https://evil.com/',
          'https:///nohost',
          'garbage',
          'https://[bad/',
        ),
        text,
      );
      const tokens = fc.constantFrom(
        maskCipherSecret(secret),
        secret,
        maskCipherSecret('B'.repeat(32)),
        'short',
        '!'.repeat(64),
        '',
      );
      const facts = fc.record({
        method: fc.constantFrom('POST', 'PUT', 'DELETE', 'GET', 'PATCH'),
        secure: fc.boolean(),
        host: fc.constantFrom(...hosts),
        port: fc.constantFrom('80', '443', '8000'),
        origin: fc.option(origins, { nil: null }),
        referer: fc.option(referers, { nil: null }),
        header_token: fc.option(tokens, { nil: null }),
        form_token: fc.option(tokens, { nil: null }),
        cookie: fc.option(fc.constantFrom(secret, maskCipherSecret(secret), 'x'.repeat(31), 'é'.repeat(32)), {
          nil: null,
        }),
        trusted: fc.subarray(['https://example.com', 'https://*.example.com', 'http://127.0.0.1:8000', 'https://*']),
        allowed_hosts: fc.constantFrom(['*'], ['example.com', '.example.com'], ['127.0.0.1']),
        cookie_domain: fc.option(fc.constantFrom('.example.com', 'example.com'), { nil: null }),
      });
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(facts, async (r) => {
          const { reason } = await django.ask({ op: 'csrf', ...r });
          const request: CsrfRequest = {
            method: r.method,
            secure: r.secure,
            host: r.host,
            port: r.port,
            origin: r.origin ?? undefined,
            referer: r.referer ?? undefined,
            headerToken: r.header_token ?? undefined,
            formToken: r.method === 'POST' ? (r.form_token ?? undefined) : undefined,
          };
          const options = resolveCsrfOptionsForTest({
            trustedOrigins: r.trusted,
            allowedHosts: r.allowed_hosts,
            cookieDomain: r.cookie_domain ?? undefined,
          });
          const verdict = checkCsrf(request, secretFrom(r.cookie ?? undefined, true), options);
          seen.add(verdict.ok ? 'accepted' : verdict.reason.replace(/ - .*| from .*/, ''));
          assert.deepEqual(verdict.ok ? null : verdict.reason, reason ?? null, JSON.stringify(r));
        }),
        { numRuns: 1500 },
      );
      // The generators reach every branch: acceptance and each kind of refusal.
      for (const kind of [
        'accepted',
        'Origin checking failed',
        'Referer checking failed',
        'CSRF cookie not set.',
        'CSRF token missing.',
        'CSRF token',
        'CSRF cookie has incorrect length.',
        'CSRF cookie has invalid characters.',
      ]) {
        assert.ok(seen.has(kind), `no case reached "${kind}": ${[...seen].join(', ')}`);
      }
    });
  });
}

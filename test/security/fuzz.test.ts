/**
 * Fuzzing with fast-check: generated and mutated cookies (well over 100 000 per run) through the store,
 * through the cookie-header reading every adapter shares, and over real HTTP into each adapter. Never an
 * uncaught exception or a 500, and never data from a token that no configured secret signed, judged by an
 * independent HMAC oracle. Every single-character substitution and single-bit flip of real tokens is refused.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { SessionMiddleware } from '../../src/http/session-middleware.js';
import { SessionSettings, SessionStore } from '../../src/index.js';
import { dumps } from '../../src/signing/index.js';
import { adapters, type Running } from '../http/apps.js';
import { SECRET } from '../helpers.js';
import { sessionLifecycle } from '../../src/session/session-store.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
const OLD = 'fuzz-old-secret-0123456789abcdefghijklmnopqrstuvwxyz-XYZ';
const quiet = () => undefined;

/** Django's MAC rule, computed independently of the library: is `token` signed by `secret`? */
function signedBy(token: string, secret: string): boolean {
  const at = token.lastIndexOf(':');
  if (at < 0) return false;
  const key = createHash('sha256').update(`${SALT}signer`).update(secret).digest();
  return createHmac('sha256', key).update(token.slice(0, at)).digest('base64url') === token.slice(at + 1);
}
const signedByAny = (token: string) => signedBy(token, SECRET) || signedBy(token, OLD);

const now = Date.now();
const REAL = [
  dumps({ user_id: 42 }, { key: SECRET, salt: SALT, compress: true }),
  dumps({ cart: Array.from({ length: 40 }, () => 'item'), user: 'ada' }, { key: SECRET, salt: SALT, compress: true }),
  dumps({ name: 'José', e: '😀', n: [1, 2.5, null, true] }, { key: SECRET, salt: SALT, compress: true }),
  dumps({ _auth_user_id: '1', _session_expiry: 600 }, { key: OLD, salt: SALT, compress: true }),
];
for (const token of REAL) assert.ok(signedByAny(token));

const BASE64URL = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'];
const NOISE = [...BASE64URL, ...':.=+/ !%"\\;,\t\u0000\u007f\u00a0é😀'];

/** Cookies: random text, structured garbage, and real tokens with mutations of every kind. */
const cookie: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom(...NOISE), maxLength: 200 }),
  fc
    .tuple(
      fc.boolean(),
      fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 1, maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 10 }),
      fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 90 }),
    )
    .map(([dot, payload, ts, sig]) => `${dot ? '.' : ''}${payload}:${ts}:${sig}`),
  fc
    .tuple(fc.constantFrom(...REAL), fc.nat(), fc.constantFrom(...NOISE))
    .map(([t, at, c]) => t.slice(0, at % t.length) + c + t.slice((at % t.length) + 1)),
  fc
    .tuple(fc.constantFrom(...REAL), fc.nat(), fc.constantFrom(...NOISE))
    .map(([t, at, c]) => t.slice(0, at % t.length) + c + t.slice(at % t.length)),
  fc
    .tuple(fc.constantFrom(...REAL), fc.nat(), fc.nat({ max: 20 }))
    .map(([t, at, n]) => t.slice(0, at % t.length) + t.slice((at % t.length) + n)),
  fc
    .tuple(fc.constantFrom(...REAL), fc.constantFrom(...REAL))
    .map(([a, b]) => `${a.split(':')[0]}:${a.split(':')[1]}:${b.split(':')[2]}`),
  fc.tuple(fc.constantFrom(...REAL), fc.nat(), fc.nat({ max: 7 })).map(([t, at, bit]) => {
    const i = at % t.length;
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << bit)) + t.slice(i + 1);
  }),
  fc.constantFrom(...REAL),
);

function check(token: string, store: SessionStore, data: Record<string, unknown>): void {
  const loaded = store.sessionKey !== null && store.invalidReason === undefined;
  if (loaded && Object.keys(data).length > 0)
    assert.ok(signedByAny(token), `data from an unsigned token: ${JSON.stringify(token)}`);
  if (REAL.includes(token)) assert.ok(loaded, 'a real token loads');
}

describe('fuzzing', () => {
  const settings = new SessionSettings({ secret: SECRET, fallbackSecrets: [OLD], now: () => now, onWarning: quiet });

  test('100 000 generated and mutated cookies through the store (sync, node:crypto)', () => {
    fc.assert(
      fc.property(cookie, (token) => {
        const store = new SessionStore(token, settings);
        check(token, store, Object.fromEntries(store.items()));
      }),
      { numRuns: 100_000 },
    );
  });

  test('10 000 through the store with the Web Crypto back end', async () => {
    const web = new SessionSettings({
      secret: SECRET,
      fallbackSecrets: [OLD],
      now: () => now,
      crypto: 'web',
      onWarning: quiet,
    });
    await fc.assert(
      fc.asyncProperty(cookie, async (token) => {
        const store = new SessionStore(token, web);
        check(token, store, Object.fromEntries(await store.aitems()));
      }),
      { numRuns: 10_000 },
    );
  });

  const header = fc
    .array(
      fc.oneof(
        cookie.map((t) => `sessionid=${t}`),
        cookie.map((t) => `sessionid="${t}"`),
        fc
          .tuple(
            fc.constantFrom(
              'sessionid',
              'SESSIONID',
              'sessionid_',
              ' sessionid',
              'session',
              '',
              '$Version',
              '__Host-sessionid',
            ),
            cookie,
          )
          .map(([n, t]) => `${n}=${t}`),
        fc.string({ unit: fc.constantFrom(...NOISE), maxLength: 30 }),
      ),
      { maxLength: 6 },
    )
    .chain((parts) => fc.constantFrom('; ', ';', ', ', ';;').map((sep) => parts.join(sep)));

  test('50 000 Cookie headers through the reading every adapter shares (sync and async)', async () => {
    const middleware = new SessionMiddleware({
      secret: SECRET,
      fallbackSecrets: [OLD],
      now: () => now,
      secure: false,
      onWarning: quiet,
    });
    await fc.assert(
      fc.asyncProperty(header, fc.boolean(), async (value, async) => {
        const state = async ? await middleware.aopen(value) : middleware.open(value);
        const data = Object.fromEntries(async ? await state.session.aitems() : state.session.items());
        if (state.session.sessionKey !== null) check(state.session.sessionKey, state.session, data);
        else assert.deepEqual(data, {});
        const headers = async ? await middleware.acommit(state, 200) : middleware.commit(state, 200);
        assert.ok(headers.setCookie === undefined || /^sessionid=/.test(headers.setCookie));
      }),
      { numRuns: 50_000 },
    );
  });

  test('every single-character substitution and every single-bit flip of real tokens is refused', () => {
    let tried = 0;
    const refused = (token: string) => {
      tried++;
      const store = new SessionStore(token, settings);
      sessionLifecycle.preload(store);
      return store.invalidReason !== undefined || store.sessionKey === null;
    };
    for (const real of REAL) {
      for (let i = 0; i < real.length; i++) {
        for (const c of NOISE)
          if (c !== real[i]) assert.ok(refused(real.slice(0, i) + c + real.slice(i + 1)), `${real} @${i} → ${c}`);
        for (let bit = 0; bit < 16; bit++) {
          const flipped = String.fromCharCode(real.charCodeAt(i) ^ (1 << bit));
          if (flipped !== real[i]) assert.ok(refused(real.slice(0, i) + flipped + real.slice(i + 1)));
        }
      }
      const parts = real.split(':');
      for (const index of [0, 2]) {
        const compressed = index === 0 && parts[0]!.startsWith('.');
        const bytes = Buffer.from(compressed ? parts[0]!.slice(1) : parts[index]!, 'base64url');
        for (let bit = 0; bit < bytes.length * 8; bit++) {
          const copy = Buffer.from(bytes);
          copy[bit >> 3]! ^= 1 << (bit & 7);
          const next = [...parts];
          next[index] = (compressed ? '.' : '') + copy.toString('base64url');
          assert.ok(refused(next.join(':')));
        }
      }
    }
    assert.ok(tried > 40_000, `${tried} mutations`);
  });

  for (const [name, start] of Object.entries(adapters)) {
    test(`300 fuzzed Cookie headers over real HTTP into the ${name} adapter: never a 500`, async () => {
      const running: Running = await start({ secret: SECRET, fallbackSecrets: [OLD], secure: false, onWarning: quiet });
      try {
        const printable = header.map((h) => h.replace(/[^\t\x20-\x7e]/g, ''));
        await fc.assert(
          fc.asyncProperty(printable, fc.constantFrom('/read', '/write', '/nothing', '/flush'), async (value, path) => {
            const res = await fetch(`${running.url}${path}`, { headers: { cookie: value } });
            await res.arrayBuffer();
            assert.equal(res.status, 200, `${path} with ${JSON.stringify(value)}`);
          }),
          { numRuns: 300 },
        );
      } finally {
        await running.close();
      }
    });
  }
});

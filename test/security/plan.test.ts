/**
 * The adversarial test plan (docs/security.md#the-adversarial-plan), one test per item with its number in
 * the name, each on both crypto back ends where crypto is involved: node:crypto and Web Crypto forced.
 */
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { CookieJar as ToughJar } from 'tough-cookie';
import { SessionMiddleware, type SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import {
  ConfigError,
  CookieTooLarge,
  PayloadTooLarge,
  type RefusalReason,
  SessionSettings,
  SessionStore,
  type SessionOptions,
  UnreadableValueError,
} from '../../src/index.js';
import type { CryptoBackend } from '../../src/signing/crypto/backend.js';
import { b62Encode, BadSignature, dumps, loads, Signer, TimestampSigner } from '../../src/signing/index.js';
import { BACKENDS, frozen, SECRET } from '../helpers.js';
import { counting } from './spies.js';
import { sessionLifecycle } from '../../src/session/session-store.js';

const T = 1_700_000_000;
const SALT = 'django.contrib.sessions.backends.signed_cookies';
const S = SECRET;
const V1 = 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:zcrzy1Orqf-4gBFXQd9OgH56o4rnELfd8WiR9LSPxBc';
const V2 = '.eJyrVkpOLCpRsopWyixJzVXSGaVQqdhaAFVWWIU:1r31eq:1wW0FysUt6pFSYDHjWJMipSc-pM41WdDqqz1Zgm2Bh8';
const V3 = 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:toOpq3ZYg87poickTRYa4EkvHghOl_o28cZyX8UU5Ts';
const V4 = 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:oP3hUGbncwVtItGaoXVDxgE1XdSyCkP8C11uBqfTFOI';
const V5 = 'eyJ1c2VyX2lkIjo0Mn0:1r31eq:bYN3sjIN_G9Xg6MIEmlXeUe70Io';
const V6 =
  'eyJ1c2VyX2lkIjo0Mn0:1r31eq:14oLUsPxbDKMO8MvG3Gp4xOkBoxWQjurINpabZBD0t22sTJGAG0Dc2zHJSq-gbMk8M9ELuTbK3_0zdWRUJ0DWg';
const V7 = 'eyJ1c2VyX2lkIjo0Mn0:1r32au:gMLyeOrsdPPpZRj_R1p1DE8EDkT9XpV1j9J6_GUe-fE';
const V7b = 'eyJ1c2VyX2lkIjo0Mn0:1r31fK:oFIFzBM9u39zvJr6HbUJPDwIxh2mLUZKBefTYO2V08o';
const V8 = `eyJ1c2VyX2lkIjo0Mn0:${'z'.repeat(200)}:8KfabBMWEIj1cqrYmymmFCqlIwn819RrWO9h2ETW63o`;
const V8b = 'eyJ1c2VyX2lkIjo0Mn0:zzzzzzzzz:8Yyqe0tJgO13JwRudKi5ZKX0B8dHqO6VhhoOH6Zsk8o';
const V9 = 'eyJ1c2VyX2lkIjo0Mn0:1!:WaxpqhznL7Hikv3op1IOlRdB0BF8DlbI5sUVm5oKotE';
const V10 = 'eyJ1c2VyX2lkIjo0Mn0:-1:2xizSStu2CDdwAGrDqhxqRgNjmFdO6l-3H47WxHZU70';
const V11 = 'eyJ1c2VyX2lkIjo0Mn0::tLaosmCWbT03w2SPVs02uDNyipvpN94o0Nv3WGOJ1hk';
const V12 = ':1r31eq:qKMV-QDn2A8ui6OKfFPY9DIcD6EtW-SwFSVbZO8a45M';
const V13 = 'eyJ1c2VyX2lkIjo0Mn0:eyJ1c2VyX2lkIjo0Mn0:1r31eq:IU5qMjNK6qMYfvdXadAjTrpi2QcnrWdD4a2Nf74OnjE';
const V14 =
  'eyJfX3Byb3RvX18iOnsiaXNBZG1pbiI6dHJ1ZX0sInVzZXJfaWQiOjQyfQ:1r31eq:CfTYnsjLeOINhBUTC7EgOeNWTtB8pEk3Xl-tx9c5ouo';
const V15 = 'eyJ4IjpOYU59:1r31eq:OsbsoOUFVT2k0BkRio7rf0Xsv46vs8U-9zo4f_X1PhM';
const V16 = 'bm90IGpzb24:1r31eq:5syq3EzAXQm05UmZ5jyJibdt17r9VUy-r1zNXe4l3tk';
const V17 = '.bm90IHpsaWI:1r31eq:sPAu-A48QljQfwzsvSxGPu2VgNaFQanAhgs4eBE1MkI';
const V18 = 'eyJuYW1lIjoiSm9zw6kifQ:1r31eq:ahjH-m0eFEQEop4HW--t_uOijO-OuQASBScoBl3Z5MM';
const V19 = 'WzEsMl0:1r31eq:pp0yLWhigV-dhm1qFxfR0ifzkv1aA18e29kwLUXSZzE';
const V20 = 'eyJ1c2VyX2lkIjo0Mn0:01r31eq:AKBXoQpHMsHx5yVafu00v122nyVSk2GRCDKIuDe9fTQ';
const V21 = 'eyJ1c2VyX2lkIjo0Mn0=:1r31eq:D3XS3-SoLnv7-A4dOhfLdLNH6dlCiXML7o45WRFYfMo';
const V22 = 'eyJ1Ijoi//4ifQ==:1r31eq:BRv2apdKkJ2xSgaBVLzrL5Uykh0-ph7tBQS9k6a1wns';
const V25 = '.eJyrVkpUsjKsBQAIKgIJZ2FyYmFnZQ:1r31eq:cYTM0sC7-hSS4uZGYngeb6a4ZYsanVb9phqxil7gGUw';
const V26 = '.q1YqLU4tis9MUbIyMdJRKkgEMpQqSAZKtQA:1r31eq:w65r-UfK5g7fkHUGEgZhvF5BAtWRzocEjb-O1z1IsBo';
const V27 = 'eyJuYW1lIjoiSm9zXHUwMGU5IiwiZSI6Ilx1ZDgzZFx1ZGUwMCJ9:1r31eq:gs3S6RrVGPPGBOjKgPLwGPEjpF5RDJVZqQ21Tv9NiGc';
const V28 = 'eyJuIjoxODQ0Njc0NDA3MzcwOTU1MTYxNn0:1r31eq:MDfKObu27wkDoCiZoH_wIzVnup4puYuhJHX7yeo-Rns';
const V29 =
  '.eJyrVipOLEtVsjLUUUpJLS4pyq8Es0vyvYL9_cDM5Pw8oHhpckl-kZJVtVJBUX5JfkllQSqIUwFUUVtbCwARPxcv:1r31eq:1nlXJwLOu-BKtH_xn_xRZI6pWxxnt7QmrA91rweOQ-M';
const V30 = 'eyJzIjoiXHVkODAwIn0:1r31eq:mxjeZ8ZrFy-6fnMrVo1Ca2q-UFYBoguPo8pfNnjcYbw';
const V31 = 'eyJhIjoxLCJhIjoyfQ:1r31eq:ISmESLGMLBOGYjcuZJXA1ndQVr8zpjsQyCylccAQgzo';

/** Every error and reason this suite provokes, checked for leaked secrets in #63. */
const seen: { message: string; reason?: RefusalReason }[] = [];
const quiet = () => undefined;

function settings(crypto: CryptoBackend, extra: Partial<SessionOptions> = {}) {
  return new SessionSettings({
    secret: S,
    now: frozen(T),
    crypto,
    onWarning: quiet,
    onInvalid: (reason, error) => seen.push({ reason, message: error.message }),
    ...extra,
  });
}

/** Loads a token with the async API on `crypto`: the data, why it was refused, and the primitives used. */
async function read(token: string | null, crypto: CryptoBackend, extra: Partial<SessionOptions> = {}) {
  const store = new SessionStore(token, settings(crypto, extra));
  let data: Record<string, unknown> = {};
  const used = await counting(async () => {
    data = Object.fromEntries(await store.aitems());
  });
  return { data, reason: store.invalidReason, store, used };
}

function middleware(crypto: CryptoBackend, extra: Partial<SessionMiddlewareOptions> = {}) {
  return new SessionMiddleware({ secret: S, now: frozen(T), crypto, secure: false, onWarning: quiet, ...extra });
}

for (const crypto of BACKENDS) {
  describe(`adversarial plan, docs/security.md (${crypto === 'node' ? 'node:crypto' : 'Web Crypto'})`, () => {
    describe('A. input gating', () => {
      test('#1 absent or empty cookie: empty session, no HMAC', async () => {
        for (const header of [undefined, 'sessionid=', 'sessionid', 'sessionid=""', 'other=1']) {
          const m = middleware(crypto);
          let headers: ReturnType<typeof m.commit> | undefined;
          const used = await counting(async () => {
            const state = await m.aopen(header);
            assert.deepEqual(await state.session.aitems(), []);
            headers = await m.acommit(state, 200);
          });
          assert.equal(used.hmac, 0, header);
          // Django deletes a cookie that is present but unusable (G9 in docs/testing.md#middleware-scenarios); otherwise nothing is set.
          assert.equal(headers!.setCookie !== undefined, header === 'sessionid=' || header === 'sessionid=""', header);
          if (headers!.setCookie) assert.match(headers!.setCookie, /Max-Age=0/);
        }
      });

      test('#2 oversized value: TokenTooLarge before any HMAC, flat in size', async () => {
        for (const size of [4097, 16 * 1024, 1024 * 1024]) {
          const { reason, used, data } = await read('A'.repeat(size), crypto);
          assert.deepEqual([reason, used.hmac, data], ['too-large', 0, {}]);
        }
      });

      test('#3 alphabet, control and non-ASCII characters: malformed before any HMAC', async () => {
        for (const c of ['+', '/', '=', '!', ' ', '\t', '%3A', 'é', '\u00a0', '\u0000', '\u007f']) {
          for (const at of [3, 22, 40]) {
            const { reason, used } = await read(V1.slice(0, at) + c + V1.slice(at + 1), crypto);
            assert.deepEqual([reason, used.hmac], ['malformed', 0], JSON.stringify([c, at]));
          }
        }
      });

      test('#4 wrong part count: malformed (values under 8 characters are no key at all, as in Django)', async () => {
        assert.equal((await read('abc', crypto)).store.sessionKey, null);
        assert.equal((await read('abc:def', crypto)).store.sessionKey, null);
        for (const token of ['a:b:c:d:e', 'abcdefgh:ijklmnop', 'abcdefghijklmnop'])
          assert.equal((await read(token, crypto)).reason, 'malformed');
      });

      test('#5 empty parts, with and without a valid MAC (V11, V12): refused, never data', async () => {
        for (const token of [':1r31eq:xxxxxxx', 'payload::signature', 'payload:1r31eq:', V11, V12]) {
          const { reason, data } = await read(token, crypto);
          assert.equal(reason, 'malformed', token);
          assert.deepEqual(data, {});
        }
      });

      test('#6 an extra separator with a valid MAC (V13): malformed', async () => {
        assert.equal((await read(V13, crypto)).reason, 'malformed');
      });

      test('#7 quoted value: "V1" gives data; half-quoted gives an empty session', async () => {
        const m = middleware(crypto);
        assert.equal(await (await m.aopen(`sessionid="${V1}"`)).session.aget('user_id'), 42);
        for (const header of [`sessionid="${V1}`, `sessionid=${V1}"`])
          assert.equal(await (await m.aopen(header)).session.aget('user_id'), undefined);
      });

      test('#8 trailing or leading garbage: refused, never data', async () => {
        for (const token of [`${V1}garbage`, `${V1}:`, `${V1}:x`, `garbage${V1}`, `garbage:${V1}`, `${V1}\u0000`]) {
          const { reason, data } = await read(token, crypto);
          assert.ok(reason === 'malformed' || reason === 'bad-signature', `${token}: ${reason}`);
          assert.deepEqual(data, {});
        }
      });
    });

    describe('B. signature', () => {
      test('#9 golden primitive vectors, byte-identical', async () => {
        const sign = (options: ConstructorParameters<typeof Signer>[0], value: string) =>
          new Signer({ ...options, crypto }).asign(value);
        assert.equal(
          await sign({ key: 'predictable-secret' }, 'foo'),
          'foo:jZQoX_FtSO70jX9HLRGg2A_2s4kdDBxz1QoO_OpEQb0',
        );
        assert.equal(
          await sign({ key: new Uint8Array([0xe7]) }, 'foo'),
          'foo:EE4qGC5MEKyQG5msxYA0sBohAxLC0BJf8uRhemh0BGU',
        );
        assert.equal(
          await sign({ key: 'secret', sep: '/', salt: 'somesalt', algorithm: 'sha1' }, 'xyz'),
          'xyz/zzdO_8rk-NGnm8jNasXRTF2P5kY',
        );
        assert.equal(
          await new Signer({ key: 'predictable-secret', algorithm: 'sha512', crypto }).asignature('hello'),
          'Usf3uVQOZ9m6uPfVonKR-EBXjPe7bjMbp3_Fq8MfsptgkkM1ojidN0BxYaT5HAEN1VzO9_jVu7R-VkqknHYNvw',
        );
      });

      test('#10 V1 round trip and parity; V2 decodes', async () => {
        for (const now of [T, T + 604_800, T + 1_209_600])
          assert.deepEqual((await read(V1, crypto, { now: frozen(now) })).data, { user_id: 42 });
        const store = new SessionStore(null, settings(crypto));
        await store.aset('user_id', 42);
        await store.asave();
        assert.equal(store.sessionKey, V1);
        assert.equal(((await read(V2, crypto)).data['cart'] as string[]).length, 40);
      });

      test('#11 tamper transforms, every single-character substitution of V1, every MAC bit flip: none accepted', async () => {
        const settingsFor = settings(crypto);
        const accepted: string[] = [];
        const tryToken = async (token: string) => {
          const store = new SessionStore(token, settingsFor);
          await sessionLifecycle.apreload(store);
          if (store.invalidReason === undefined && token !== V1) accepted.push(token);
        };
        for (const t of [
          (s: string) => s.toUpperCase(),
          (s: string) => `${s}a`,
          (s: string) => `a${s.slice(1)}`,
          (s: string) => s.replaceAll(':', ''),
        ])
          await tryToken(t(V1));
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        for (let i = 0; i < V1.length; i++)
          for (const c of alphabet) if (V1[i] !== c) await tryToken(V1.slice(0, i) + c + V1.slice(i + 1));
        const [message, mac] = [
          V1.slice(0, V1.lastIndexOf(':')),
          Buffer.from(V1.slice(V1.lastIndexOf(':') + 1), 'base64url'),
        ];
        for (let bit = 0; bit < mac.length * 8; bit++) {
          const flipped = Buffer.from(mac);
          flipped[bit >> 3]! ^= 1 << (bit & 7);
          await tryToken(`${message}:${flipped.toString('base64url')}`);
        }
        assert.deepEqual(accepted, []);
      });

      test('#12 non-canonical signature encodings (spare bits, padding, standard alphabet): refused', async () => {
        const body = V1.slice(0, -1);
        for (const token of [
          `${body}d`,
          `${body}e`,
          `${body}f`,
          `${V1}=`,
          V1.replace(/-/g, '+'),
          V1.replace(/_/g, '/'),
        ]) {
          if (token === V1) continue;
          const { reason } = await read(token, crypto);
          assert.ok(reason === 'bad-signature' || reason === 'malformed', `${token}: ${reason}`);
        }
      });

      test('#13 signatures of 0, 42, 44 and 86 characters, and 1 MiB through the API: BadSignature, no RangeError', async () => {
        const message = V1.slice(0, V1.lastIndexOf(':') + 1);
        for (const length of [0, 42, 44, 86]) {
          const { reason } = await read(message + 'A'.repeat(length), crypto);
          assert.ok(reason === 'bad-signature' || reason === 'malformed');
        }
        const huge = `value:${'A'.repeat(1024 * 1024)}`;
        await assert.rejects(new Signer({ key: S, crypto }).aunsign(huge), BadSignature);
        assert.throws(() => loads(`${message}${'A'.repeat(1024 * 1024)}`, { key: S, salt: SALT }), BadSignature);
      });

      test('#14 MACs are compared only with timingSafeEqual or subtle.verify; a lint rule bans comparing them by value', async () => {
        const { used } = await read(V1, crypto);
        // node:crypto: one timingSafeEqual; Web Crypto: one subtle.verify (counted as the HMAC).
        assert.equal(crypto === 'node' ? used.compare : used.hmac, 1);
        const [result] = await new ESLint().lintText(
          'export const f = (signature: string, expected: string) => signature === expected;\n',
          { filePath: 'src/signing/probe.ts' },
        );
        assert.ok(result!.messages.some((m) => m.ruleId === 'no-restricted-syntax'));
      });

      test('#15 algorithm confusion: sha1 (V5) and sha512 (V6) refused by default; sha1 only when asked for, then re-issued as sha256', async () => {
        assert.equal((await read(V5, crypto)).reason, 'bad-signature');
        assert.equal((await read(V6, crypto)).reason, 'bad-signature');
        const m = middleware(crypto, { legacyAlgorithms: ['sha1'] });
        const state = await m.aopen(`sessionid=${V5}`);
        assert.equal(await state.session.aget('user_id'), 42);
        const { setCookie } = await m.acommit(state, 200);
        assert.equal(setCookie!.split(';')[0]!.split(':')[2]!.length, 43);
      });

      test('#16 salt and purpose confusion: other salts, another purpose, a Django set_signed_cookie value', async () => {
        const flash = dumps({ user_id: 42 }, { key: S, salt: 'myapp.flash', now: frozen(T) });
        const signedCookie = new TimestampSigner({
          key: `django.http.cookies${S}`,
          salt: 'sessionid',
          now: frozen(T),
        }).sign(V1.split(':')[0]!);
        for (const token of [V3, V4, flash, signedCookie])
          assert.equal((await read(token, crypto)).reason, 'bad-signature');
      });

      test('#17 cross-instance swapping: rejected with distinct salts; identical secret and salt warns', async () => {
        const admin = middleware(crypto, { cookieName: 'admin_session', salt: 'myapp.admin_session' });
        const token = dumps({ user_id: 42 }, { key: S, salt: SALT, now: frozen(T), compress: true });
        assert.equal(await (await admin.aopen(`admin_session=${token}`)).session.aget('user_id'), undefined);
        const warnings: string[] = [];
        middleware(crypto, { cookieName: 'session_a', onWarning: (w) => warnings.push(w) });
        middleware(crypto, { cookieName: 'session_b', onWarning: (w) => warnings.push(w) });
        assert.ok(warnings.some((w) => w.includes('share a secret and salt')));
      });
    });

    describe('C. secrets and rotation', () => {
      test('#18 empty secrets, also as a fallback: ConfigError at construction', () => {
        for (const bad of ['', '   ', undefined, null, new Uint8Array(0)]) {
          assert.throws(() => new SessionSettings({ secret: bad as never, crypto }), ConfigError);
          assert.throws(() => new SessionSettings({ secret: S, fallbackSecrets: [bad as never], crypto }), ConfigError);
        }
      });

      test('#19 weak secrets: under 32 bytes refused; W009 rules and placeholders warn, fallbacks too', () => {
        for (const bad of ['x'.repeat(31), 'keyboard cat', 'secret', 'changeme'])
          assert.throws(() => new SessionSettings({ secret: bad, crypto }), ConfigError);
        const warned = (secret: string, asFallback = false) => {
          const warnings: string[] = [];
          new SessionSettings({
            secret: asFallback ? S : secret,
            fallbackSecrets: asFallback ? [secret] : [],
            crypto,
            onWarning: (w) => warnings.push(w),
          });
          return warnings;
        };
        assert.match(warned('k3J9x2Lm8Qp4Zr7Tv1Wn6Yb5Hc0Gd3Fs9Ae')[0]!, /fewer than 43 characters/);
        assert.ok(warned('a'.repeat(64)).some((w) => /fewer than 5 distinct/.test(w)));
        assert.ok(warned(`django-insecure-${'q8#v!2k@z'.repeat(6)}`).some((w) => /django-insecure-/.test(w)));
        assert.ok(warned('a'.repeat(64), true).some((w) => /Fallback secret 0/.test(w)));
        assert.deepEqual(warned(S), []);
      });

      test('#20 only the current secret signs', async () => {
        const K1 = 'k1-old-secret-0123456789abcdefghijklmnopqrstuvwxyz';
        const store = new SessionStore(null, settings(crypto, { fallbackSecrets: [K1] }));
        await store.aset('a', 1);
        await store.asave();
        assert.deepEqual((await read(store.sessionKey, crypto)).data, { a: 1 });
        assert.equal((await read(store.sessionKey, crypto, { secret: K1 })).reason, 'bad-signature');
      });

      test('#21 verified with a fallback: one Set-Cookie re-issued under the current secret, created time kept', async () => {
        const K1 = 'k1-old-secret-0123456789abcdefghijklmnopqrstuvwxyz';
        const old = dumps(
          { a: 1, _session_created: T - 50 },
          { key: K1, salt: SALT, now: frozen(T - 10), compress: true },
        );
        const m = middleware(crypto, { fallbackSecrets: [K1], absoluteMaxAge: 86_400 });
        const state = await m.aopen(`sessionid=${old}`);
        assert.equal(await state.session.aget('a'), 1);
        const { setCookie } = await m.acommit(state, 200);
        const token = setCookie!.slice('sessionid='.length, setCookie!.indexOf(';'));
        assert.deepEqual(loads(token, { key: S, salt: SALT, now: frozen(T) }), { a: 1, _session_created: T - 50 });
        assert.equal(token.split(':')[1], old.split(':')[1]);
      });

      test('#22 a removed fallback: BadSignature, empty session', async () => {
        const K0 = 'k0-removed-secret-0123456789abcdefghijklmnopqrstuvwxyz';
        const token = dumps({ a: 1 }, { key: K0, salt: SALT, now: frozen(T) });
        assert.equal(
          (await read(token, crypto, { fallbackSecrets: ['k1-old-secret-0123456789abcdefghijklmnopqrstuvwxyz'] }))
            .reason,
          'bad-signature',
        );
      });

      test('#23 an expired token under a fallback: SignatureExpired, not BadSignature', async () => {
        const K1 = 'k1-old-secret-0123456789abcdefghijklmnopqrstuvwxyz';
        const token = dumps({ a: 1 }, { key: K1, salt: SALT, now: frozen(T) });
        assert.equal(
          (await read(token, crypto, { fallbackSecrets: [K1], now: frozen(T + 1_209_601) })).reason,
          'expired',
        );
      });

      test('#24 ten fallbacks warn; an invalid token costs at most 1 + fallbacks HMACs; keys are derived once', async () => {
        const fallbacks = Array.from(
          { length: 10 },
          (_, i) => `fallback-${i}-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF`,
        );
        const warnings: string[] = [];
        const s = new SessionSettings({
          secret: S,
          fallbackSecrets: fallbacks,
          crypto,
          now: frozen(T),
          onWarning: (w) => warnings.push(w),
        });
        assert.ok(warnings.some((w) => /10 fallback secrets/.test(w)));
        const first = await counting(() => new SessionStore(`${V1.slice(0, -4)}AAAA`, s).aload());
        assert.ok(first.hmac <= 11);
        const many = await counting(async () => {
          for (let i = 0; i < 10_000; i++)
            await new SessionStore(`${V1.slice(0, -6)}${String(i).padStart(5, 'A')}A`, s).aload();
        });
        assert.ok(many.hmac <= 10_000 * 11, `${many.hmac} HMACs`);
        assert.equal(many.derive, 0, 'derived keys are cached after the first use');
      });

      test('#25 no key-id lookups: secrets named like prototype keys behave as any other', async () => {
        for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
          const secret = `${name}-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH`;
          const token = dumps({ a: 1 }, { key: secret, salt: SALT, now: frozen(T) });
          assert.deepEqual((await read(token, crypto, { secret })).data, { a: 1 });
          assert.equal((await read(token, crypto)).reason, 'bad-signature');
        }
      });

      test('#26 secret encoding parity: a string and its UTF-8 bytes give the same MAC, as Django', async () => {
        const secret = 'clé-secrète-ünïcødé-🔑-0123456789abcdefgh';
        const a = await new Signer({ key: secret, crypto }).asign('v');
        const b = await new Signer({ key: new TextEncoder().encode(secret), crypto }).asign('v');
        assert.equal(a, b);
        assert.equal(
          await new Signer({ key: new Uint8Array([0xe7]), crypto }).asign('foo'),
          'foo:EE4qGC5MEKyQG5msxYA0sBohAxLC0BJf8uRhemh0BGU',
        );
      });
    });

    describe('D. time', () => {
      test('#27 expiry boundary: valid at T + maxAge, expired a second later', async () => {
        assert.deepEqual((await read(V1, crypto, { now: frozen(T + 1_209_600) })).data, { user_id: 42 });
        assert.equal((await read(V1, crypto, { now: frozen(T + 1_209_601) })).reason, 'expired');
      });

      test('#28 future timestamps: V7 (+1 h) refused, V7b (+30 s) accepted', async () => {
        assert.equal((await read(V7, crypto)).reason, 'future-timestamp');
        assert.deepEqual((await read(V7b, crypto)).data, { user_id: 42 });
      });

      test('#29 timestamp overflow (V8, V8b): malformed', async () => {
        for (const token of [V8, V8b]) assert.equal((await read(token, crypto)).reason, 'malformed');
      });

      test('#30 invalid timestamp forms (V9, V10, V20): malformed', async () => {
        for (const token of [V9, V10, V20]) assert.equal((await read(token, crypto)).reason, 'malformed');
      });

      test('#31 a missing or invalid creation time fails closed under absoluteMaxAge', async () => {
        /** Signs JSON text as written (1e400 is no JS number), as a holder of the secret could. */
        const signJson = (json: string) => {
          const message = `${Buffer.from(json).toString('base64url')}:1r31eq`;
          return `${message}:${new TimestampSigner({ key: S, salt: SALT }).signature(message)}`;
        };
        for (const created of [
          '',
          ',"_session_created":null',
          ',"_session_created":"x"',
          ',"_session_created":1.5',
          `,"_session_created":${T + 10_000}`,
        ]) {
          assert.equal(
            (await read(signJson(`{"a":1${created}}`), crypto, { absoluteMaxAge: 86_400 })).reason,
            'expired',
            created,
          );
        }
        // A number that overflows a double is refused on read, before the creation time is looked at (#13.7).
        assert.equal(
          (await read(signJson('{"a":1,"_session_created":1e400}'), crypto, { absoluteMaxAge: 86_400 })).reason,
          'payload',
        );
        for (const expiry of ['"x"', '1e400', 'true', '{}']) {
          assert.equal((await read(signJson(`{"a":1,"_session_expiry":${expiry}}`), crypto)).reason, 'payload', expiry);
        }
      });

      test('#32 maxAge must be a positive number of seconds up to 400 days; cookie Max-Age is capped at 400 days', () => {
        for (const maxAge of [null, Infinity, 0, -1, NaN, 401 * 86_400])
          assert.throws(() => new SessionSettings({ secret: S, maxAge: maxAge as number, crypto }), ConfigError);
        assert.equal(new SessionSettings({ secret: S, crypto }).maxAge, 1_209_600); // undefined: Django's default
        const m = new SessionMiddleware({ secret: S, now: frozen(T), crypto: 'node', secure: false });
        const state = m.open(undefined);
        state.session.set('a', 1);
        state.session.setExpiry(500 * 86_400);
        assert.match(m.commit(state, 200).setCookie!, /Max-Age=34560000;/);
      });

      test('#33 absolute timeout survives rolling refresh: empty once past absoluteMaxAge, created kept', async () => {
        let now = T;
        const s = settings(crypto, { absoluteMaxAge: 3 * 86_400, now: () => now * 1000 });
        let token: string | null = null;
        let created: unknown;
        for (let day = 0; day <= 4; day++) {
          now = T + day * 86_400;
          const store: SessionStore = new SessionStore(token, s);
          const count: number = ((await store.aget('n', 0)) as number) + 1;
          if (day === 4) {
            assert.equal(store.invalidReason, 'expired');
            break;
          }
          assert.equal(count, day + 1);
          await store.aset('n', count);
          await store.asave();
          created ??= await store.aget('_session_created');
          assert.equal(await store.aget('_session_created'), created);
          token = store.sessionKey;
        }
      });

      test('#34 per-session expiry is enforced from signed data', async () => {
        const store = new SessionStore(null, settings(crypto));
        await store.aset('a', 1);
        await store.asetExpiry(300);
        await store.asave();
        assert.deepEqual((await read(store.sessionKey, crypto, { now: frozen(T + 300) })).data, {
          a: 1,
          _session_expiry: 300,
        });
        assert.equal((await read(store.sessionKey, crypto, { now: frozen(T + 301) })).reason, 'expired');
      });
    });

    describe('E. payload decoding (valid MACs)', () => {
      const sign = (payload: string) => {
        const message = `${payload}:1r31eq`;
        return `${message}:${new TimestampSigner({ key: S, salt: SALT }).signature(message)}`;
      };

      test('#35 decompression bomb: PayloadTooLarge past 64 KiB', async () => {
        const bomb = sign(`.${deflateSync(Buffer.from(`{"a":"${'a'.repeat(3_000_000)}"}`)).toString('base64url')}`);
        assert.ok(bomb.length < 4096);
        assert.equal((await read(bomb, crypto)).reason, 'payload-too-large');
      });

      test('#36 refuse to sign a bomb: a 2 MB repetitive value is refused on save', async () => {
        const store = new SessionStore(null, settings(crypto));
        await store.aset('blob', 'ab'.repeat(1_000_000));
        await assert.rejects(store.asave(), PayloadTooLarge);
      });

      test('#37 broken zlib streams: not zlib, truncated, trailing bytes, raw deflate', async () => {
        const good = deflateSync(Buffer.from('{"a":"truncated stream here"}'));
        const truncated = sign(`.${good.subarray(0, good.length - 3).toString('base64url')}`);
        for (const token of [V17, truncated, V25, V26])
          assert.equal((await read(token, crypto)).reason, 'payload', token);
      });

      test('#38 non-canonical payload encodings (V21, V22): malformed', async () => {
        for (const token of [V21, V22]) assert.equal((await read(token, crypto)).reason, 'malformed');
      });

      test('#39 not JSON or not an object: V16, V15 (NaN), V19, "str", 1, null', async () => {
        const others = ['"str"', '1', 'null'].map((json) => sign(Buffer.from(json).toString('base64url')));
        for (const token of [V16, V15, V19, ...others])
          assert.equal((await read(token, crypto)).reason, 'payload', token);
      });

      test('#40 prototype pollution (V14) and constructor.prototype: PayloadError, nothing polluted', async () => {
        const { reason, data } = await read(V14, crypto);
        assert.equal(reason, 'payload');
        assert.equal(({} as Record<string, unknown>)['isAdmin'], undefined);
        assert.equal(Object.getPrototypeOf(data), Object.prototype);
      });

      test('#41 reserved keys (V29) refused; method-named data stays data and the API still works', async () => {
        assert.equal((await read(V29, crypto)).reason, 'payload');
        const store = new SessionStore(null, settings(crypto));
        await store.aupdate({ save: 1, destroy: 1, toJSON: 1, get: 1 });
        await store.asave();
        const loaded = (await read(store.sessionKey, crypto)).store;
        assert.equal(await loaded.aget('save'), 1);
        await loaded.asave();
      });

      test('#42 deep nesting (V23): PayloadTooLarge', async () => {
        const deep = sign(
          `.${deflateSync(Buffer.from('['.repeat(100_000) + ']'.repeat(100_000))).toString('base64url')}`,
        );
        assert.equal((await read(deep, crypto)).reason, 'payload-too-large');
      });

      test('#43 non-ASCII payload bytes: V18 refused; V27 decodes and is what we write', async () => {
        assert.equal((await read(V18, crypto)).reason, 'payload');
        assert.deepEqual((await read(V27, crypto)).data, { name: 'José', e: '😀' });
        const store = new SessionStore(null, settings(crypto));
        await store.aupdate({ name: 'José', e: '😀' });
        await store.asave();
        assert.equal(store.sessionKey, V27);
      });

      test('#44 a lone surrogate (V30) round-trips unchanged, never U+FFFD', async () => {
        const { store, data } = await read(V30, crypto);
        assert.deepEqual(data, { s: '\ud800' });
        await store.asave();
        assert.equal(store.sessionKey, V30);
      });

      test('#45 big integers (V28): never silent rounding; the session loads (issue 14.3) and reading the value throws', async () => {
        const store = new SessionStore(V28, settings(crypto));
        assert.equal(await store.ahas('n'), true);
        assert.equal(store.invalidReason, undefined);
        assert.throws(() => store.get('n'), UnreadableValueError);
        assert.equal((await read(V28, crypto, { bigIntegers: 'bigint' })).data['n'], 18446744073709551616n);
      });

      test('#46 duplicate keys (V31): the last wins, as in CPython', async () => {
        assert.deepEqual((await read(V31, crypto)).data, { a: 2 });
      });
    });

    describe('F. Cookie header parsing and Set-Cookie writing', () => {
      const B = dumps({ user_id: 7 }, { key: S, salt: SALT, now: frozen(T), compress: true });

      test('#47 duplicate session cookies: one valid is used; two different valid ones are ambiguous', async () => {
        const m = middleware(crypto);
        const open = async (header: string) => {
          const state = await m.aopen(header);
          return { id: await state.session.aget('user_id'), reason: state.session.invalidReason };
        };
        assert.deepEqual(await open(`sessionid=${V1}; sessionid=${B}`), { id: undefined, reason: 'ambiguous' });
        assert.deepEqual(await open(`sessionid=garbage-garbage; sessionid=${V1}`), { id: 42, reason: undefined });
        assert.deepEqual(await open(`sessionid=${V1}; sessionid=${V1}`), { id: 42, reason: undefined });
        const sync = new SessionMiddleware({ secret: S, now: frozen(T), secure: false, onWarning: quiet });
        assert.equal(sync.open(`sessionid=${V1}; sessionid=${B}`).session.invalidReason, 'ambiguous');
      });

      test('#48 name confusion: none of these is our cookie', async () => {
        const m = middleware(crypto);
        for (const name of [
          '\u00a0sessionid',
          '\u2000sessionid',
          '\u0085sessionid',
          '%73essionid',
          'SESSIONID',
          'Sessionid',
          '$Version=1; x',
        ]) {
          const state = await m.aopen(`${name}=${V1}`);
          assert.equal(state.cookiePresent, false, name);
        }
        assert.equal((await m.aopen(`=sessionid=${V1}`)).cookiePresent, false);
        assert.equal(await (await m.aopen(`$Version=1; sessionid=${V1}`)).session.aget('user_id'), 42);
        const host = new SessionMiddleware({
          secret: S,
          cookieName: '__Host-session',
          now: frozen(T),
          crypto,
          onWarning: quiet,
        });
        for (const name of ['__HOST-session', '__host-session', '%5F%5FHost-session'])
          assert.equal((await host.aopen(`${name}=${V1}`)).cookiePresent, false);
      });

      test('#49 several Cookie headers: found in the "; " joined form; a comma is part of a value, never a separator', async () => {
        const m = middleware(crypto);
        assert.equal(await (await m.aopen(`a=1; sessionid=${V1}`)).session.aget('user_id'), 42);
        // Issue 13 #1: what follows a comma belongs to the cookie before it (a sibling could plant it there).
        assert.equal((await m.aopen(`a=1, sessionid=${V1}`)).cookiePresent, false);
        const headers = new Headers();
        headers.append('cookie', 'a=1');
        headers.append('cookie', `sessionid=${V1}`);
        assert.equal(await (await m.aopen(headers.get('cookie')!)).session.aget('user_id'), 42);
        const joined = await m.aopen(`sessionid=1, other=${V1}`);
        assert.equal(await joined.session.aget('user_id'), undefined, 'the value is "1, other=…", refused whole');
        assert.equal(joined.session.invalidReason, 'malformed');
      });

      test('#50 many cookies and near-miss names: only the exact name, in linear time', async () => {
        const nearMiss = [
          'session.sig',
          'sessionid_',
          'SESSIONID',
          'sessionid ',
          'sessionid.0',
          'xsessionid',
          'session',
        ];
        const build = (n: number, at: number) => {
          const cookies = Array.from({ length: n }, (_, i) => `${nearMiss[i % nearMiss.length]}${i}=v${i}`);
          cookies.splice(at, 0, `sessionid=${V1}`);
          return cookies.join('; ');
        };
        const m = middleware(crypto);
        for (const at of [0, 90, 180]) assert.equal(await (await m.aopen(build(180, at))).session.aget('user_id'), 42);
        // The fastest of several rounds: a busy machine only ever adds time, never removes it.
        const time = (n: number) => {
          const header = build(n, n);
          let best = Infinity;
          for (let round = 0; round < 7; round++) {
            const start = process.hrtime.bigint();
            for (let i = 0; i < 200; i++) m.open(header);
            best = Math.min(best, Number(process.hrtime.bigint() - start));
          }
          return best;
        };
        time(50);
        const ratio = time(500) / time(50);
        assert.ok(ratio < 40, `10× the cookies cost ${ratio.toFixed(1)}× the time`);
      });

      test('#51 attribute injection through configuration: ConfigError at startup', () => {
        const bad: Partial<SessionMiddlewareOptions>[] = [
          { cookieName: 'a;b' },
          { cookieName: 'a b' },
          { cookieName: 'sess\u00e9' },
          { cookieName: 'a\r\nb' },
          { domain: 'example.com; Domain=evil.com' },
          { domain: 'a,b' },
          { path: '/a;b' },
          { path: '/a\nb' },
          { sameSite: 'Lax; Secure' as 'Lax' },
        ];
        for (const options of bad)
          assert.throws(() => middleware(crypto, options), ConfigError, JSON.stringify(options));
      });

      test('#52 prefix and Partitioned invariants: ConfigError', () => {
        const bad: Partial<SessionMiddlewareOptions>[] = [
          { cookieName: '__Host-session', secure: false },
          { cookieName: '__Host-session', secure: true, path: '/app' },
          { cookieName: '__Host-session', secure: true, domain: 'example.com' },
          { cookieName: '__Secure-x', secure: false },
          { cookieName: '__host-session', secure: false },
          { partitioned: true, secure: false },
          { sameSite: 'None', secure: false },
        ];
        for (const options of bad)
          assert.throws(() => middleware(crypto, options), ConfigError, JSON.stringify(options));
      });

      test('#53 the emitted value is the raw token; CookieOverflow names only the cookie and sizes', async () => {
        const m = middleware(crypto);
        const state = await m.aopen(undefined);
        await state.session.aset('user_id', 42);
        assert.equal((await m.acommit(state, 200)).setCookie!.split(';')[0], `sessionid=${V1}`);
        const big = await m.aopen(undefined);
        const blob = Array.from({ length: 900 }, (_, i) => `${i}:${(i * 7919) % 10007}`).join(',');
        await big.session.aset('blob', blob);
        await assert.rejects(m.acommit(big, 200), (e: Error) => {
          seen.push({ message: e.message });
          return (
            e instanceof CookieTooLarge &&
            e.message.startsWith('The sessionid cookie would hold') &&
            !e.message.includes(blob.slice(0, 20))
          );
        });
      });

      test('#54 Max-Age at most 400 days; a deletion carries the same attributes, so a real cookie jar drops the cookie', async () => {
        for (const options of [
          {},
          { cookieName: '__Host-session', secure: true },
          { domain: 'example.com', path: '/app', sameSite: 'Strict' as const, secure: true, partitioned: true },
        ]) {
          const m = middleware(crypto, options);
          const name = (options as { cookieName?: string }).cookieName ?? 'sessionid';
          const url = `https://example.com${(options as { path?: string }).path ?? '/'}`;
          const jar = new ToughJar();
          const set = await m.aopen(undefined);
          await set.session.aset('a', 1);
          await jar.setCookie((await m.acommit(set, 200)).setCookie!, url);
          assert.equal((await jar.getCookies(url)).length, 1);
          const cookie = (await jar.getCookies(url))[0]!;
          const del = await m.aopen(`${name}=${cookie.value}`);
          await del.session.aflush();
          await jar.setCookie((await m.acommit(del, 200)).setCookie!, url);
          assert.deepEqual(await jar.getCookies(url), []);
        }
      });

      test('#55 an invalid cookie the app never touches: left alone by default (Django); deleted with clearInvalid', async () => {
        const plain = middleware(crypto);
        assert.equal((await plain.acommit(await plain.aopen(`sessionid=${V3}`), 200)).setCookie, undefined);
        const clearing = middleware(crypto, { clearInvalid: true });
        const { setCookie } = await clearing.acommit(await clearing.aopen(`sessionid=${V3}`), 200);
        assert.match(setCookie!, /^sessionid=; Max-Age=0;/);
        const sync = new SessionMiddleware({
          secret: S,
          now: frozen(T),
          secure: false,
          clearInvalid: true,
          onWarning: quiet,
        });
        assert.match(sync.commit(sync.open(`sessionid=${V3}`), 200).setCookie!, /^sessionid=; Max-Age=0;/);
        assert.equal(sync.commit(sync.open(`sessionid=${V1}`), 200).setCookie, undefined);
      });
    });

    describe('G. session lifecycle', () => {
      test('#56 cycle on login: a new timestamp, the data kept; the old cookie cannot be revoked (documented)', async () => {
        let now = T;
        const s = settings(crypto, { now: () => now * 1000 });
        const store = new SessionStore(V1, s);
        now = T + 5;
        await store.aset('cart', ['x']);
        await store.acycleKey();
        assert.notEqual(store.sessionKey, V1);
        assert.equal(store.sessionKey!.split(':')[1], b62Encode(T + 5));
        assert.deepEqual((await read(store.sessionKey, crypto, { now: frozen(now) })).data, {
          user_id: 42,
          cart: ['x'],
        });
        assert.deepEqual((await read(V1, crypto, { now: frozen(now) })).data, { user_id: 42 });
      });

      test('#57 logout and replay: accepted without a hook (documented); refused with a validate hook', async () => {
        const signedOutAt = T + 10;
        assert.deepEqual((await read(V1, crypto, { now: frozen(T + 20) })).data, { user_id: 42 });
        const validate = (_: unknown, meta: { signedAt: number }) => meta.signedAt >= signedOutAt;
        assert.equal((await read(V1, crypto, { now: frozen(T + 20), validate })).reason, 'rejected');
      });

      test('#58 rotating the secret without a fallback invalidates every old token', async () => {
        for (const token of [V1, V2, V27])
          assert.equal(
            (await read(token, crypto, { secret: 'a-brand-new-secret-0123456789abcdefghijklmnopqrstuvwxyz' })).reason,
            'bad-signature',
          );
      });

      test('#59 freshness: an old and a new token are both accepted; a generation counter refuses the old one', async () => {
        const old = dumps({ user_id: 42, gen: 1 }, { key: S, salt: SALT, now: frozen(T) });
        const fresh = dumps({ user_id: 42, gen: 2 }, { key: S, salt: SALT, now: frozen(T + 5) });
        for (const token of [old, fresh])
          assert.equal((await read(token, crypto, { now: frozen(T + 10) })).reason, undefined);
        const validate = (data: Readonly<Record<string, unknown>>) => data['gen'] === 2;
        assert.equal((await read(old, crypto, { now: frozen(T + 10), validate })).reason, 'rejected');
        assert.equal((await read(fresh, crypto, { now: frozen(T + 10), validate })).reason, undefined);
      });

      test('#60 caching headers: Vary on any read (key-only too), with every Set-Cookie; private, no-store with it', async () => {
        const m = middleware(crypto);
        for (const touch of [
          (s: SessionStore) => s.ahas('x'),
          (s: SessionStore) => s.akeys(),
          (s: SessionStore) => s.aget('x'),
        ]) {
          const state = await m.aopen(`sessionid=${V1}`);
          await touch(state.session);
          assert.deepEqual(await m.acommit(state, 200), { setCookie: undefined, vary: true, noStore: false });
        }
        const every = middleware(crypto, { saveEveryRequest: true });
        const headers = await every.acommit(await every.aopen(`sessionid=${V1}`), 200);
        assert.ok(headers.setCookie && headers.vary && headers.noStore);
        const { privateNoStore } = await import('../../src/http/cache-control.js');
        assert.equal(privateNoStore(undefined), 'private, no-store');
        assert.equal(privateNoStore(''), 'private, no-store');
        assert.equal(privateNoStore('public, max-age=600, s-maxage=600'), 'private, max-age=600, no-store');
        assert.equal(privateNoStore('no-store, private'), 'no-store, private');
      });

      test('#61 no needless writes: untouched, or read but unchanged, gives no Set-Cookie', async () => {
        const m = middleware(crypto);
        for (const touch of [async () => undefined, async (s: SessionStore) => void (await s.aget('user_id'))]) {
          const state = await m.aopen(`sessionid=${V1}`);
          await touch(state.session);
          assert.equal((await m.acommit(state, 200)).setCookie, undefined);
        }
      });

      test('#62 Secure over plain HTTP: always emitted, warned once; X-Forwarded-Proto only with trustProxy', () => {
        const warnings: string[] = [];
        const m = middleware(crypto, { secure: true, onWarning: (w) => warnings.push(w) });
        m.checkTransport({ encrypted: false, host: 'localhost:3000', forwardedProto: undefined });
        m.checkTransport({ encrypted: true, host: 'example.com', forwardedProto: undefined });
        assert.equal(warnings.length, 0, 'localhost and HTTPS are fine');
        m.checkTransport({ encrypted: false, host: 'example.com', forwardedProto: 'https' });
        m.checkTransport({ encrypted: false, host: 'example.com', forwardedProto: undefined });
        assert.equal(warnings.length, 1, 'a spoofable header is ignored without trustProxy; warned once');
        const proxied: string[] = [];
        const behind = middleware(crypto, {
          secure: true,
          trustProxy: true,
          onWarning: (w) => proxied.push(w),
          cookieName: 'behind_proxy',
          salt: 'p',
        });
        behind.checkTransport({ encrypted: false, host: 'example.com', forwardedProto: 'https, http' });
        assert.equal(proxied.length, 0);
        behind.checkTransport({ encrypted: false, host: 'example.com', forwardedProto: 'http, https' });
        assert.equal(proxied.length, 1);
        // The lazy form adapters use: described only while a warning is still possible.
        let described = 0;
        const describe = () => (described++, { encrypted: false, host: 'example.com', forwardedProto: undefined });
        const lazy: string[] = [];
        const l = middleware(crypto, { secure: true, onWarning: (w) => lazy.push(w), cookieName: 'lazy', salt: 'l' });
        l.checkTransport(describe);
        l.checkTransport(describe);
        assert.deepEqual([lazy.length, described], [1, 1]);
        middleware(crypto, { secure: false, cookieName: 'insecure', salt: 'i' }).checkTransport(describe);
        assert.equal(described, 1, 'never described for a cookie that is not Secure');
      });

      test('#63 no secret leakage: no message or reason carries the secret, a derived key, the expected MAC or a whole token', async () => {
        const tokens = [V1, V2, V3, V13, V14, V27];
        const derived = [SALT, 'django.core.signing', 'myapp.flash'].flatMap((salt) => {
          const key = new Signer({ key: S, salt }).signature('probe');
          return [key];
        });
        assert.ok(seen.length > 30, 'errors were collected');
        for (const { message } of seen) {
          assert.ok(!message.includes(S), message);
          for (const token of tokens) assert.ok(!message.includes(token), message);
          for (const d of derived) assert.ok(!message.includes(d), message);
          assert.ok(!message.includes(V1.split(':')[2]!), 'the expected MAC of V1');
        }
      });

      test('#64 confidentiality is documented: a token decodes to plaintext JSON without the secret', () => {
        assert.equal(Buffer.from(V1.split(':')[0]!, 'base64url').toString(), '{"user_id":42}');
      });
    });
  });
}

/**
 * Django 3.2's session_save and session_load vectors, through SessionStore, sync and async on both back
 * ends. Where we deliberately differ from Django 3.2, the test says so and why.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionStore } from '../../src/index.js';
import { loads } from '../../src/signing/index.js';
import { frozen, MODES, pythonEqual, type Vector, vectors } from '../helpers.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';

type Op = [string, ...unknown[]];

async function apply(store: SessionStore, ops: Op[], sync: boolean): Promise<void> {
  for (const [name, ...args] of ops) {
    switch (name) {
      case 'set':
        if (sync) store.set(args[0] as string, args[1] as never);
        else await store.aset(args[0] as string, args[1] as never);
        break;
      case 'del':
        if (sync) store.remove(args[0] as string);
        else await store.aremove(args[0] as string);
        break;
      case 'update':
        if (sync) store.update(args[0] as object);
        else await store.aupdate(args[0] as object);
        break;
      case 'set_expiry':
        if (sync) store.setExpiry(args[0] as number | null);
        else await store.asetExpiry(args[0] as number | null);
        break;
      case 'set_expiry_timedelta':
        if (sync) store.setExpiry({ seconds: args[0] as number });
        else await store.asetExpiry({ seconds: args[0] as number });
        break;
      case 'save':
        if (sync) store.save();
        else await store.asave();
        break;
      case 'flush':
        if (sync) store.flush();
        else await store.aflush();
        break;
      case 'cycle_key':
        if (sync) store.cycleKey();
        else await store.acycleKey();
        break;
      default:
        throw new Error(`unknown op ${name}`);
    }
  }
}

const decode = (v: Vector, token: string) => loads(token, { key: v.secret, salt: SALT, now: frozen(v.now!) });

for (const { name, backend } of MODES) {
  const sync = backend === undefined;
  const options = (v: Vector) => ({
    secret: v.secret,
    now: frozen(v.now!),
    crypto: backend ?? 'auto',
    legacyAlgorithms: v.tags?.includes('legacy-sha1') ? (['sha1'] as const) : [],
  });

  describe(`Django 3.2 session vectors (${name})`, () => {
    for (const v of vectors.filter((x) => x.kind === 'session_save')) {
      test(`${v.id} ${v.group}`, async () => {
        const { initial_cookie: initial, ops } = v.input as { initial_cookie: string | null; ops: Op[] };
        const store = new SessionStore(initial, options(v));
        await apply(store, ops, sync);
        if (v.error) {
          // Django 3.2 stores a timedelta expiry as a datetime, which JSON cannot carry (TypeError on save).
          // Django 4.1+ stores it as an ISO string, and so do we: the save succeeds.
          assert.equal(v.group, 'expiry-timedelta-error');
          const saved = decode(v, store.sessionKey!) as Record<string, unknown>;
          assert.equal(
            saved['_session_expiry'],
            new Date(v.now! * 1000 + 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
          );
          return;
        }
        const expected = v.expected as string;
        if (expected.startsWith('.') || v.tags?.includes('js-number-hazard')) {
          // zlib builds differ in bytes, JS numbers cannot spell 1e16 or -0.0 as Python does: compare decoded.
          assert.ok(pythonEqual(decode(v, store.sessionKey!), v.expected_session));
        } else {
          assert.equal(store.sessionKey, expected);
        }
        assert.ok(pythonEqual(Object.fromEntries(sync ? store.items() : await store.aitems()), v.expected_session));
      });
    }

    for (const v of vectors.filter((x) => x.kind === 'session_load')) {
      test(`${v.id} ${v.group}`, async () => {
        const store = new SessionStore(v.input as string, options(v));
        const data = Object.fromEntries(sync ? store.items() : await store.aitems());
        if (v.group === 'custom-expiry-ignored') {
          // Django ≤ 6.1 ignores `_session_expiry` on load (ticket #19201); we enforce it, as Django's main
          // branch does (#27775): this cookie asked for 60 s and is older, so it starts empty.
          assert.deepEqual(data, {});
          assert.equal(store.modified, true);
          assert.equal(store.invalidReason, 'expired');
          return;
        }
        if (v.group === 'non-dict-payload') {
          // Django 3.2 returns the string as the session and crashes on first use (HTTP 500); we refuse it.
          assert.deepEqual(data, {});
          assert.equal(store.modified, true);
          assert.equal(store.invalidReason, 'payload');
          return;
        }
        assert.ok(pythonEqual(data, v.expected), `${JSON.stringify(data)} != ${JSON.stringify(v.expected)}`);
        assert.equal(store.modified, v.reset);
      });
    }
  });
}

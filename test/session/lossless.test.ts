/**
 * Issue 14.3, lossless re-save: a value the app did not change is written back exactly as Django wrote it
 * (its JSON text), keys keep their order, and an integer beyond 2^53 is never rounded: it loads, reads as a
 * BigInt by option (or not at all), and survives a re-save. Sync, and async on both back ends.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type RefusalReason, SessionStore, UnreadableValueError } from '../../src/index.js';
import { TimestampSigner } from '../../src/signing/index.js';
import { frozen, MODES, SECRET } from '../helpers.js';

const T = 1_700_000_000;
const SALT = 'django.contrib.sessions.backends.signed_cookies';
const signer = new TimestampSigner({ key: SECRET, salt: SALT, now: frozen(T) });

/** A cookie carrying exactly this JSON text, as a Django site (Python's json.dumps) would write it. */
const cookieOf = (json: string): string => signer.sign(Buffer.from(json).toString('base64url'));
/** The JSON text a cookie carries (uncompressed, as these small sessions are). */
const textOf = (cookie: string): string => Buffer.from(cookie.split(':')[0]!, 'base64url').toString();

for (const { name, backend } of MODES) {
  const sync = backend === undefined;
  const open = (json: string, extra: { bigIntegers?: 'keep' | 'bigint' } = {}) => {
    const reasons: RefusalReason[] = [];
    const store = new SessionStore(cookieOf(json), {
      secret: SECRET,
      now: frozen(T + 10),
      crypto: backend ?? 'auto',
      onInvalid: (r) => reasons.push(r),
      ...extra,
    });
    return { store, reasons };
  };
  const set = (store: SessionStore, key: string, value: never) =>
    sync ? store.set(key, value) : store.aset(key, value);
  const save = async (store: SessionStore) => {
    if (sync) store.save();
    else await store.asave();
    return textOf(store.sessionKey!);
  };

  describe(`#14.3 lossless re-save (${name})`, () => {
    test('#14.3 a float Django wrote as 1.0 is written back as 1.0 (and -0.0, 1e+16) when another key changes', async () => {
      const { store } = open('{"price":1.0,"zero":-0.0,"big":1e+16,"n":2}');
      await set(store, 'n', 3 as never);
      assert.equal(await save(store), '{"price":1.0,"zero":-0.0,"big":1e+16,"n":3}');
    });

    test('#14.3 keys keep their order, top level and nested, where a JS object would move integer-like keys first', async () => {
      const { store } = open('{"b":1,"10":{"z":1,"2":[0.0]},"a":"x"}');
      await set(store, 'c', 3 as never);
      assert.equal(await save(store), '{"b":1,"10":{"z":1,"2":[0.0]},"a":"x","c":3}');
      // Keys the app adds keep the app's order too, as a dict would.
      const fresh = new SessionStore(null, { secret: SECRET, now: frozen(T) });
      fresh.set('user', 'u');
      fresh.set('7', 7);
      fresh.save();
      assert.equal(textOf(fresh.sessionKey!), '{"user":"u","7":7}');
    });

    test('#14.3 an integer beyond 2^53 loads; reading it throws (never a rounded number); it survives a re-save', async () => {
      const json = '{"id":18446744073709551616,"user":"ada","nested":{"ids":[-9007199254740993,1]}}';
      const { store, reasons } = open(json);
      assert.equal(sync ? store.get('user') : await store.aget('user'), 'ada');
      assert.deepEqual(reasons, []);
      assert.throws(() => store.get('id'), UnreadableValueError);
      assert.throws(() => store.get('nested'), UnreadableValueError);
      assert.throws(() => store.items(), UnreadableValueError);
      assert.throws(() => store.toJSON(), UnreadableValueError);
      assert.deepEqual(store.keys(), ['id', 'user', 'nested']);
      await set(store, 'user', 'bob' as never);
      assert.equal(
        await save(store),
        '{"id":18446744073709551616,"user":"bob","nested":{"ids":[-9007199254740993,1]}}',
      );
      // Replaced by the app: written as the app's value.
      await set(store, 'id', 5 as never);
      assert.equal(await save(store), '{"id":5,"user":"bob","nested":{"ids":[-9007199254740993,1]}}');
    });

    test("#14.3 bigIntegers: 'bigint' reads them as BigInt, exactly, and writes a BigInt as an integer", async () => {
      const { store } = open('{"id":18446744073709551616,"small":1,"f":2.0}', { bigIntegers: 'bigint' });
      const id = (sync ? store.get('id') : await store.aget('id')) as unknown as bigint;
      assert.equal(id, 18446744073709551616n);
      assert.equal(store.get('small'), 1);
      await set(store, 'id', (id + 1n) as never);
      assert.equal(await save(store), '{"id":18446744073709551617,"small":1,"f":2.0}');
    });

    test('#14.3 a value the app changed in place is written as it now is', async () => {
      const { store } = open('{"cart":[1.0,2.5],"n":1.0}');
      (store.get('cart') as number[]).push(3);
      await set(store, 'x', 1 as never);
      assert.equal(await save(store), '{"cart":[1,2.5,3],"n":1.0,"x":1}');
    });

    test('#14.3 a value changed in place into what JSON cannot carry is refused on save, never dropped', async () => {
      const inner = open('{"o":{"inner":{}},"n":1.0}').store;
      (inner.get('o') as Record<string, unknown>)['inner'] = new Map();
      await assert.rejects(async () => save(inner), TypeError);
      const named = open('{"list":[1],"n":1.0}').store;
      Object.assign(named.get('list') as number[], { extra: 1 });
      await assert.rejects(async () => save(named), TypeError);
      // A nested -0 is a change too: Python writes it as -0.0.
      const zero = open('{"o":{"z":0},"n":1.0}').store;
      (zero.get('o') as Record<string, number>)['z'] = -0;
      zero.modified = true;
      assert.equal(await save(zero), '{"o":{"z":-0.0},"n":1.0}');
    });

    test('#14.3 text without such values takes the plain path and is written back byte for byte', async () => {
      const json =
        '{"user":"ada","cart":[{"sku":"A-1","qty":2,"price":9.99}],"flags":{"beta":true,"n":null},"s":"\\u00e9\\ud83d\\ude00"}';
      const { store } = open(json);
      store.modified = true;
      assert.equal(await save(store), json);
    });

    test('#14.3 a big integer in _session_expiry or _session_created is still refused', async () => {
      const { store, reasons } = open('{"_session_expiry":18446744073709551616}');
      assert.deepEqual(sync ? store.items() : await store.aitems(), []);
      assert.deepEqual(reasons, ['payload']);
    });
  });
}

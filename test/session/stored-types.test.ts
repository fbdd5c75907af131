/**
 * keys(), values(), items() and toJSON() return what the session stores, as Django's do: the app's data
 * and the session's own entries (`_session_expiry`, `testcookie`, `_session_created`). Their types say so;
 * the assignments below are checked by `npm run typecheck`, the values at run time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type SessionEntry,
  SessionSettings,
  SessionStore,
  type StoredData,
  type StoredExpiry,
  type StoredKey,
} from '../../src/index.js';
import { frozen, SECRET } from '../helpers.js';

interface Cart {
  cart: string[];
  user?: number;
}

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>): Equal<A, B> => proof;

test("keys, values, items and toJSON include the session's own entries, and are typed with them", async () => {
  const settings = new SessionSettings({ secret: SECRET, now: frozen(1_700_000_000), absoluteMaxAge: 86_400 });
  const writer = new SessionStore<Cart>(null, settings);
  writer.set('cart', ['SKU-1']);
  writer.setExpiry(3600);
  writer.setTestCookie();
  writer.save();
  const store = new SessionStore<Cart>(writer.sessionKey, settings);

  const keys: StoredKey<Cart>[] = store.keys();
  same<StoredKey<Cart>, 'cart' | 'user' | '_session_expiry' | '_session_created' | 'testcookie'>(true);
  assert.deepEqual(new Set(keys), new Set(['cart', '_session_expiry', 'testcookie', '_session_created']));

  const expiry = store.items().find((entry) => entry[0] === '_session_expiry');
  assert.ok(expiry);
  // Narrowing on the key narrows the value: each key comes with its own type.
  if (expiry[0] === '_session_expiry') same<(typeof expiry)[1], StoredExpiry>(true);
  assert.equal(expiry[1], 3600);
  same<
    SessionEntry<Cart>,
    | ['cart', string[]]
    | ['user', number]
    | ['_session_expiry', StoredExpiry]
    | ['_session_created', number]
    | ['testcookie', string]
  >(true);

  const copy: StoredData<Cart> = store.toJSON();
  const expiryOfCopy: StoredExpiry | undefined = copy._session_expiry;
  assert.equal(expiryOfCopy, 3600);
  assert.deepEqual(copy.cart, ['SKU-1']);
  assert.equal(copy.testcookie, 'worked');
  assert.equal(typeof copy._session_created, 'number');
  assert.deepEqual(store.values().length, 4);
  assert.deepEqual(await store.akeys(), keys);
});

/**
 * Revocation on a real redis-server through each client (node-redis v5, ioredis, Upstash's HTTP client):
 * per-user generations, per-session denylist entries that expire, the in-process cache and its bounded
 * staleness, the failure policy (closed and open) on a frozen and on a killed Redis, recovery without a
 * restart, and the sync path's refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, type RefusalReason, SessionSettings, SessionStore } from '../../src/index.js';
import { MARKER_KEY, Revocation, type RevocationClient, type RevocationOptions } from '../../src/revocation/index.js';
import { dumps } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { sessionLifecycle } from '../../src/session/session-store.js';
import { type ClientKind, connectIoredis, connectNodeRedis, connectUpstash } from './clients.js';
import { type RedisServer, startRedis } from './redis-server.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let prefixes = 0;
const quiet = () => undefined;

/**
 * One instance of an app: its own revocation (own cache) and session settings, refusals recorded. The
 * deadline is generous unless a test is about it: a loaded machine can take longer than the default.
 */
function instance(options: RevocationOptions, session: { maxAge?: number } = {}) {
  const revocation = new Revocation({ onUnavailable: quiet, timeoutMs: 5000, ...options });
  const reasons: RefusalReason[] = [];
  const settings = new SessionSettings({
    secret: SECRET,
    onWarning: quiet,
    validate: revocation.validate,
    onInvalid: (r) => reasons.push(r),
    ...session,
  });
  return {
    revocation,
    settings,
    reasons,
    async signIn(user: string): Promise<string> {
      const store = new SessionStore(null, settings);
      await revocation.signIn(store, user);
      await store.aset('user', user);
      await store.asave();
      return store.sessionKey!;
    },
    /** Opens a cookie as an adapter does (verified with the async API before the handler). */
    async open(token: string) {
      const store = new SessionStore(token, settings);
      await sessionLifecycle.apreload(store);
      return { store, user: (await store.aget('user')) ?? null, reason: store.invalidReason };
    },
  };
}

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

const kinds: Record<string, (url: string) => Promise<ClientKind>> = {
  'node-redis v5': connectNodeRedis,
  ioredis: connectIoredis,
  'Upstash HTTP client': connectUpstash,
};

for (const [name, connect] of Object.entries(kinds))
  describe(`revocation through ${name}`, () => {
    let kind: ClientKind;
    before(async () => {
      kind = await connect(redis.url);
    });
    after(() => kind.close());

    test('revokeUser signs the user out here at once and on another instance within cacheSeconds; other users untouched', async () => {
      const prefix = `t${prefixes++}:`;
      const a = instance({ client: kind.client, prefix, cacheSeconds: 0.4 });
      const b = instance({ client: kind.client, prefix, cacheSeconds: 0.4 });
      const ada = await a.signIn('ada');
      const adaPhone = await b.signIn('ada');
      const bob = await a.signIn('bob');
      for (const app of [a, b])
        for (const [token, user] of [
          [ada, 'ada'],
          [adaPhone, 'ada'],
          [bob, 'bob'],
        ] as const)
          assert.equal((await app.open(token)).user, user);

      assert.equal(await a.revocation.revokeUser('ada'), 1);
      const revokedAt = performance.now();
      const here = await a.open(ada);
      assert.deepEqual([here.user, here.reason], [null, 'rejected'], 'the revoking instance at once');
      // Whatever the other instance cached, it is older than cacheSeconds by then.
      await sleep(revokedAt + 400 - performance.now() + 5);
      assert.equal((await b.open(adaPhone)).reason, 'rejected', 'the other instance within cacheSeconds');
      assert.equal((await b.open(bob)).user, 'bob', 'another user is untouched');
      const again = await b.signIn('ada');
      assert.equal((await a.open(again)).user, 'ada', 'signing in again works everywhere');
    });

    test("revokeSession refuses that session (every copy of its cookie) until it could have expired; the user's others stay", async () => {
      const prefix = `t${prefixes++}:`;
      const a = instance({ client: kind.client, prefix, cacheSeconds: 0 }, { maxAge: 3600 });
      const laptop = await a.signIn('cy');
      const phone = await a.signIn('cy');
      const { store } = await a.open(laptop);
      await store.aset('theme', 'dark');
      await store.asave();
      const resaved = store.sessionKey!;
      assert.equal(await a.revocation.revokeSession((await a.open(resaved)).store), true);
      assert.equal((await a.open(laptop)).reason, 'rejected', 'the older copy of the cookie');
      assert.equal((await a.open(resaved)).reason, 'rejected', 'the re-signed one');
      assert.equal((await a.open(phone)).user, 'cy');
      assert.equal(
        await a.revocation.revokeSession(new SessionStore(null, a.settings)),
        false,
        'a session that never signed in',
      );
    });
  });

describe('revocation: keys, cache and failures (node-redis v5)', () => {
  let kind: Awaited<ReturnType<typeof connectNodeRedis>>;
  before(async () => {
    kind = await connectNodeRedis(redis.url);
  });
  after(() => kind.close());

  /** The client, counting commands. */
  const counted = (client: RevocationClient) => {
    const calls: string[] = [];
    return {
      calls,
      client: {
        get: (key: string) => (calls.push(`get ${key}`), client.get(key)),
        incr: (key: string) => (calls.push(`incr ${key}`), client.incr(key)),
        set: (key: string, value: string, ttl: number) => (calls.push(`set ${key}`), client.set(key, value, ttl)),
      },
    };
  };

  test('a denylist entry lives as long as the longest cookie of the session could, plus the clock skew', async () => {
    const prefix = `t${prefixes++}:`;
    const a = instance({ client: kind.client, prefix }, { maxAge: 600 });
    const { store } = await a.open(await a.signIn('dee'));
    const id = (store.get(MARKER_KEY) as { id: string }).id;
    await a.revocation.revokeSession(store);
    const ttl = await kind.raw.ttl(`${prefix}session:${id}:revoked`);
    assert.ok(ttl > 600 + 60 - 3 && ttl <= 600 + 60, `TTL ${ttl}`);
    store.setExpiry(7200);
    await a.revocation.revokeSession(store);
    assert.ok((await kind.raw.ttl(`${prefix}session:${id}:revoked`)) > 7200, 'a longer per-session expiry');
    assert.equal(await kind.raw.get(`${prefix}user:dee:generation`), null, 'a user never revoked has no key');
  });

  test('a cache hit makes no round trip; after cacheSeconds it asks again; cacheSeconds 0 asks every time', async () => {
    const prefix = `t${prefixes++}:`;
    const cached = counted(kind.client);
    const a = instance({ client: cached.client, prefix, cacheSeconds: 0.3 });
    const token = await instance({ client: kind.client, prefix }).signIn('eve');
    await Promise.all(Array.from({ length: 20 }, () => a.open(token)));
    assert.equal(cached.calls.length, 2, `20 concurrent checks share one lookup per key: ${cached.calls.join(', ')}`);
    for (let i = 0; i < 5; i++) await a.open(token);
    assert.equal(cached.calls.length, 2, 'fresh: no round trip');
    await sleep(320);
    await a.open(token);
    assert.equal(cached.calls.length, 4, 'stale: asked again');

    const uncached = counted(kind.client);
    const b = instance({ client: uncached.client, prefix, cacheSeconds: 0 });
    for (let i = 0; i < 3; i++) await b.open(token);
    assert.equal(uncached.calls.length, 6);

    const anonymous = new SessionStore(null, a.settings);
    await anonymous.aset('cart', 1);
    await anonymous.asave();
    cached.calls.length = 0;
    assert.equal((await a.open(anonymous.sessionKey!)).reason, undefined);
    assert.deepEqual(cached.calls, [], 'a session that never signed in costs no round trip');
  });

  test('fail closed on a frozen Redis: refused within timeoutMs (reason unavailable), cookie kept, read-only; recovers when it answers', async () => {
    const prefix = `t${prefixes++}:`;
    const failures: Error[] = [];
    const a = instance({
      client: kind.client,
      prefix,
      cacheSeconds: 0,
      timeoutMs: 150,
      onUnavailable: (e) => failures.push(e),
    });
    const token = await instance({ client: kind.client, prefix }).signIn('fay');
    redis.freeze();
    try {
      const started = performance.now();
      const { store, user, reason } = await a.open(token);
      const took = performance.now() - started;
      assert.ok(took >= 140 && took < 2000, `answered after ${took.toFixed(0)} ms (timeoutMs 150)`);
      assert.deepEqual([user, reason], [null, 'unavailable']);
      assert.equal(store.sessionKey, token, 'the cookie is kept');
      assert.equal(store.modified, false, 'nothing to write');
      await assert.rejects(store.aset('x', 1), { name: 'ValidationUnavailable', reason: 'unavailable' });
      // (A revocation that timed out may still land once Redis answers: another user's, so this one's stays valid.)
      await assert.rejects(a.revocation.revokeUser('fay-other'), { name: 'ValidationUnavailable' });
      await store.aflush();
      assert.equal(store.sessionKey, null, 'flush still signs out');
      assert.ok(failures.length >= 1);
    } finally {
      redis.thaw();
    }
    let user: unknown = null;
    for (let i = 0; i < 50 && user === null; i++) {
      user = (await a.open(token)).user;
      if (user === null) await sleep(50);
    }
    assert.equal(user, 'fay', 'the same cookie works again, with no restart');
  });

  test('fail open: accepted unchecked while Redis is down, reported once per outage by default; a killed Redis recovers on restart', async () => {
    const prefix = `t${prefixes++}:`;
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warned.push(message);
    const closed = instance({ client: kind.client, prefix, cacheSeconds: 0, timeoutMs: 150, onUnavailable: quiet });
    try {
      const open = instance({
        client: kind.client,
        prefix,
        cacheSeconds: 0,
        timeoutMs: 150,
        failOpen: true,
        onUnavailable: undefined,
      });
      const admin = instance({ client: kind.client, prefix });
      const token = await admin.signIn('gus');
      await redis.kill();
      try {
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          assert.equal((await open.open(token)).user, 'gus');
          assert.equal((await closed.open(token)).reason, 'unavailable');
          assert.ok(performance.now() - started < 2000, 'no request waits on a dead Redis');
        }
        assert.equal(warned.length, 1, warned.join('\n'));
        assert.match(warned[0]!, /accepted unchecked/);
      } finally {
        await redis.restart();
      }
      let reason: RefusalReason | undefined = 'unavailable';
      for (let i = 0; i < 60 && reason !== undefined; i++) {
        reason = (await closed.open(token)).reason;
        if (reason !== undefined) await sleep(50);
      }
      assert.equal(reason, undefined, 'the client reconnected by itself and checks answer again');
      assert.equal(await admin.revocation.revokeUser('gus'), 1, 'the generation survived the crash (append-only file)');
      assert.equal((await open.open(token)).reason, 'rejected');
    } finally {
      console.warn = warn;
    }
  });

  test('the sync path refuses the async check (ConfigError); a broken marker is refused; options are checked', async () => {
    const a = instance({ client: kind.client, prefix: `t${prefixes++}:` });
    const token = await a.signIn('hal');
    assert.throws(() => new SessionStore(token, a.settings).get('user'), ConfigError);
    const forged = dumps({ [MARKER_KEY]: { user: 'hal', generation: 'x', id: 'y' } }, { key: SECRET, salt: SALT });
    assert.equal((await a.open(forged)).reason, 'rejected');
    assert.throws(() => new Revocation({ client: {} as RevocationClient }), ConfigError);
    assert.throws(() => new Revocation({ client: kind.client, cacheSeconds: -1 }), ConfigError);
    assert.throws(() => new Revocation({ client: kind.client, timeoutMs: 0 }), ConfigError);
  });
});

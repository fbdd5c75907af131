/**
 * examples/revocation.ts over real HTTP, through the built package, on a real redis-server: sign-in,
 * sign-out of one browser (a copy of its cookie stops working, the user's other browser does not), and
 * sign-out everywhere. The fleet test runs the same example as three processes.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { nodeRedisClient, Revocation } from 'signed-cookie-session/revocation';
import { connectRedis, createApp } from '../../examples/revocation.js';
import { SECRET } from '../helpers.js';
import { listen, type Running } from '../http/apps.js';
import { type RedisServer, startRedis } from './redis-server.js';

let redis: RedisServer;
let client: Awaited<ReturnType<typeof connectRedis>>;
let app: Running;
// A generous deadline: this test is about the example's flows, not the failure policy, and a loaded
// machine can take longer than the default 200 ms.
before(async () => {
  redis = await startRedis();
  client = await connectRedis(redis.url);
  app = await listen(
    createServer(
      createApp(
        { secret: SECRET, onWarning: () => undefined },
        new Revocation({ client: nodeRedisClient(client), cacheSeconds: 0, timeoutMs: 5000 }),
      ),
    ),
  );
});
after(async () => {
  await app.close();
  await client.close();
  await redis.stop();
});

/** A browser with one cookie. */
const browser = () => {
  let cookie = '';
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
    async get(path: string) {
      const res = await fetch(`${app.url}${path}`, {
        redirect: 'manual',
        headers: cookie ? { cookie: `sessionid=${cookie}` } : {},
      });
      const line = res.headers.getSetCookie().find((c) => c.startsWith('sessionid='));
      if (line) cookie = line.slice('sessionid='.length, line.indexOf(';'));
      return { status: res.status, body: await res.text() };
    },
  };
};

test('examples/revocation.ts: sign in, sign out one browser (and every copy of its cookie), sign out everywhere', async () => {
  const laptop = browser();
  const phone = browser();
  const tablet = browser();
  assert.equal((await laptop.get('/login?user=ada')).status, 302);
  await phone.get('/login?user=ada');
  await tablet.get('/login?user=ada');
  assert.deepEqual(JSON.parse((await laptop.get('/')).body), { user: 'ada', visits: 1 });

  const stolen = laptop.cookie;
  assert.equal((await laptop.get('/logout')).body, 'signed out');
  const thief = browser();
  thief.cookie = stolen;
  assert.deepEqual(JSON.parse((await thief.get('/whoami')).body), { user: null }, 'a copy of the signed-out cookie');
  assert.deepEqual(JSON.parse((await phone.get('/whoami')).body), { user: 'ada' }, "the user's other browser");

  assert.equal((await phone.get('/logout-everywhere')).body, 'signed out everywhere');
  assert.deepEqual(JSON.parse((await tablet.get('/whoami')).body), { user: null });
  await tablet.get('/login?user=ada');
  assert.deepEqual(JSON.parse((await tablet.get('/whoami')).body), { user: 'ada' }, 'signing in again works');
});

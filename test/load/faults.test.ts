/**
 * Faults and concurrency (docs/security.md#load-and-fault-scenarios) over real HTTP on loopback: large and duplicate Cookie headers,
 * clients that disconnect mid-response, handlers that throw after changing the session, concurrent
 * requests from one client (last write wins), cross-user isolation, bomb and invalid-MAC floods, headers
 * already sent, rotation and clock skew across a fleet, growth to overflow.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { session as expressSession, getSession } from '../../src/adapters/express.js';
import { withSession } from '../../src/adapters/node.js';
import { SessionMiddleware } from '../../src/http/session-middleware.js';
import { HeadersSentError, type RefusalReason, type SessionData, SessionStore } from '../../src/index.js';
import { dumps, loads, TimestampSigner } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { counting } from '../security/spies.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
const quiet = () => undefined;

interface Running {
  url: string;
  port: number;
  close: () => Promise<void>;
}

function listen(server: Server): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

const tokenOf = (res: Response) => {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('sessionid='));
  return line?.slice('sessionid='.length, line.indexOf(';'));
};

/** Sends raw bytes (several Cookie lines, huge headers) and returns the status line. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('faults and concurrency over real HTTP', () => {
  const reasons: RefusalReason[] = [];
  const errors: unknown[] = [];
  let node: Running;
  let app: Running;
  const uncaught = (error: unknown) => errors.push(error);

  before(async () => {
    process.on('uncaughtException', uncaught);
    const options = {
      secret: SECRET,
      secure: false,
      onWarning: quiet,
      onInvalid: (r: RefusalReason) => reasons.push(r),
    };
    node = await listen(
      createServer(
        withSession(
          async (req, res) => {
            const url = new URL(req.url!, 'http://x');
            const s = req.session;
            if (url.pathname === '/whoami') return void res.end(JSON.stringify({ user: s.get('user') ?? null }));
            if (url.pathname === '/add') s.set(url.searchParams.get('key')!, true);
            if (url.pathname === '/login') s.set('user', url.searchParams.get('user')!);
            if (url.pathname === '/slow') {
              res.writeHead(200);
              for (let i = 0; i < 50 && !res.destroyed; i++) {
                res.write('x'.repeat(1024));
                await new Promise((r) => setTimeout(r, 5));
              }
              return void res.end();
            }
            if (url.pathname === '/throw') {
              s.set('half', 'done');
              throw new Error('handler failed after changing the session');
            }
            if (url.pathname === '/grow') {
              const items = (s.get('items', []) as string[]).concat(`item-${randomBytes(150).toString('base64url')}`);
              s.set('items', items);
            }
            res.end(JSON.stringify(Object.fromEntries(s.items())));
          },
          options,
          (error) => errors.push(error),
        ),
      ),
    );
    const e = express();
    e.use(expressSession(options));
    e.get('/flushed', (req, res) => {
      res.flushHeaders();
      try {
        getSession<SessionData>(req).set('late', true); // any JSON: the examples' Register types req.session program-wide
        res.end('saved?');
      } catch (error) {
        res.end(error instanceof HeadersSentError ? 'refused' : 'other');
      }
    });
    app = await listen(createServer(e));
  });

  after(async () => {
    process.off('uncaughtException', uncaught);
    await Promise.all([node.close(), app.close()]);
  });

  test('L1 concurrent requests from one client: each response holds its own view; the last write wins', async () => {
    const start = dumps({ base: 1 }, { key: SECRET, salt: SALT, compress: true });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${node.url}/add?key=k${i}`, { headers: { cookie: `sessionid=${start}` } }),
      ),
    );
    responses.forEach((res, i) => {
      assert.equal(res.status, 200);
      assert.deepEqual(loads(tokenOf(res)!, { key: SECRET, salt: SALT }), { base: 1, [`k${i}`]: true });
    });
  });

  test('L2 cross-user isolation: 1 000 interleaved requests from 50 users each see their own session', async () => {
    const users = Array.from({ length: 50 }, (_, i) => dumps({ user: `u${i}` }, { key: SECRET, salt: SALT }));
    const order = Array.from({ length: 1000 }, (_, i) => (i * 37) % 50);
    for (let batch = 0; batch < order.length; batch += 100) {
      await Promise.all(
        order.slice(batch, batch + 100).map(async (u) => {
          const res = await fetch(`${node.url}/whoami`, { headers: { cookie: `sessionid=${users[u]}` } });
          assert.deepEqual(await res.json(), { user: `u${u}` });
        }),
      );
    }
  });

  test('L3 logout race: a slow request re-issues the session after a logout (documented); a validate hook closes it', async () => {
    const token = dumps({ user: 'ada', gen: 1 }, { key: SECRET, salt: SALT });
    // The slow request finishes after the logout and re-issues its view: signed cookies have no server state.
    const slow = await fetch(`${node.url}/add?key=late`, { headers: { cookie: `sessionid=${token}` } });
    assert.ok(tokenOf(slow));
    const generation = new Map([['ada', 2]]); // the logout bumped the user's generation
    const validate = (data: Readonly<Record<string, unknown>>) =>
      data['gen'] === generation.get(data['user'] as string);
    const store = new SessionStore(tokenOf(slow)!, { secret: SECRET, validate, onWarning: quiet });
    assert.equal(store.get('user'), undefined);
    assert.equal(store.invalidReason, 'rejected');
  });

  test('L4 one request, concurrent access: one verification', async () => {
    const token = dumps({ a: 1 }, { key: SECRET, salt: SALT });
    for (const crypto of ['node', 'web'] as const) {
      const store = new SessionStore(token, { secret: SECRET, crypto, onWarning: quiet });
      const used = await counting(() => Promise.all([store.aget('a'), store.aget('a'), store.aitems()]));
      assert.equal(used.hmac, 1, crypto);
    }
  });

  test('L5 large headers: 8 KiB is read (empty session), over 16 KiB gets 431 before the middleware; an oversize value is refused unread', async () => {
    const junk = (size: number) =>
      Array.from({ length: Math.ceil(size / 40) }, (_, i) => `junk${i}=${'j'.repeat(30)}`)
        .join('; ')
        .slice(0, size);
    const eight = await fetch(`${node.url}/`, { headers: { cookie: junk(8 * 1024) } });
    assert.equal(eight.status, 200);
    // node:http's limit (16 KiB of header bytes, with a little slack) answers 431 before any app code.
    for (const size of [17 * 1024, 64 * 1024]) {
      const status = await raw(
        node.port,
        `GET / HTTP/1.1\r\nHost: x\r\nCookie: ${junk(size)}\r\nConnection: close\r\n\r\n`,
      );
      assert.match(status, /^HTTP\/1.1 431/);
    }
    const before = reasons.length;
    const res = await fetch(`${node.url}/`, { headers: { cookie: `${junk(2000)}; sessionid=${'A'.repeat(4097)}` } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {});
    assert.equal(reasons[before], 'too-large');
  });

  test('duplicate Cookie header lines: node joins them; one valid value is used, two different ones are ambiguous', async () => {
    const a = dumps({ user: 'a' }, { key: SECRET, salt: SALT });
    const b = dumps({ user: 'b' }, { key: SECRET, salt: SALT });
    const one = await raw(
      node.port,
      `GET /whoami HTTP/1.1\r\nHost: x\r\nCookie: x=1\r\nCookie: sessionid=${a}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(one, /\{"user":"a"\}/);
    const two = await raw(
      node.port,
      `GET /whoami HTTP/1.1\r\nHost: x\r\nCookie: sessionid=${a}\r\nCookie: sessionid=${b}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(two, /\{"user":null\}/);
  });

  test('clients that disconnect mid-response: the server keeps serving, nothing is thrown', async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(node.port, '127.0.0.1', () => socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n'));
        socket.once('data', () => {
          socket.destroy();
          resolve();
        });
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await fetch(`${node.url}/whoami`)).status, 200);
    assert.deepEqual(errors, []);
  });

  test('L12 a handler that throws after changing the session: 500, nothing committed, error reported', async () => {
    const res = await fetch(`${node.url}/throw`);
    assert.equal(res.status, 500);
    assert.equal(tokenOf(res), undefined);
    assert.equal((errors.pop() as Error).message, 'handler failed after changing the session');
  });

  test('L7 bomb flood: 200 concurrent valid-MAC zip bombs, each an empty session, memory bounded', async () => {
    const message = `.${deflateSync(Buffer.from(`{"a":"${'a'.repeat(3_000_000)}"}`)).toString('base64url')}:${new TimestampSigner({ key: SECRET, salt: SALT }).timestamp()}`;
    const bomb = `${message}:${new TimestampSigner({ key: SECRET, salt: SALT }).signature(message)}`;
    const rss = process.memoryUsage().rss;
    const before = reasons.length;
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${node.url}/`, { headers: { cookie: `sessionid=${bomb}` } }).then((r) => r.json()),
      ),
    );
    assert.ok(results.every((r) => Object.keys(r as object).length === 0));
    assert.equal(reasons.slice(before).filter((r) => r === 'payload-too-large').length, 200);
    const growth = (process.memoryUsage().rss - rss) / 2 ** 20;
    assert.ok(growth < 200 * 0.128 + 64, `RSS grew ${growth.toFixed(1)} MiB`);
  });

  test('L8 invalid-MAC flood with 3 fallbacks: 4 HMACs to verify each, no key derivation per request', async () => {
    const fallbacks = ['f1', 'f2', 'f3'].map((f) => `${f}-fallback-secret-0123456789abcdefghijklmnopqrstuvwxyz`);
    const m = new SessionMiddleware({ secret: SECRET, fallbackSecrets: fallbacks, secure: false, onWarning: quiet });
    const payload0 = dumps({}, { key: SECRET, salt: SALT }).split(':').slice(0, 2).join(':');
    const warmup = await counting(() => m.open(`sessionid=${payload0}:${'A'.repeat(43)}`).session.items());
    assert.equal(warmup.derive, 3, 'the three fallback keys are derived once, on first use');
    const payload = dumps({ a: 1 }, { key: SECRET, salt: SALT }).split(':').slice(0, 2).join(':');
    const used = await counting(() => {
      for (let i = 0; i < 10_000; i++) {
        const sig = Buffer.from(Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7) & 0xff)).toString('base64url');
        const state = m.open(`sessionid=${payload}:${sig}`);
        state.session.items(); // touched: an untouched cookie is never verified at all (lazy, as Django)
        m.commit(state, 200);
      }
    });
    // 4 to verify (current + 3 fallbacks), 1 to sign the fresh {} that replaces a touched invalid cookie (Django).
    assert.equal(used.hmac, 50_000);
    assert.equal(used.derive, 0);
  });

  test('L11 headers already sent: a later change throws HeadersSentError instead of being lost', async () => {
    assert.equal(await (await fetch(`${app.url}/flushed`)).text(), 'refused');
  });

  test('L13 rotation across a fleet: two-phase loses nobody; one-phase logs users out on the other node', () => {
    const K1 = SECRET;
    const K2 = 'k2-the-next-secret-0123456789abcdefghijklmnopqrstuvwxyz';
    const node = (secret: string, fallbackSecrets: string[] = []) =>
      new SessionMiddleware({ secret, fallbackSecrets, secure: false, onWarning: quiet });
    // Two-phase: K2 everywhere as a fallback, then promoted on A first; B still signs with K1.
    const [a, b] = [node(K2, [K1]), node(K1, [K2])];
    let cookie = dumps({ user: 'ada', n: 0 }, { key: K1, salt: SALT, compress: true });
    for (let i = 0; i < 1000; i++) {
      const m = i % 2 ? b : a;
      const state = m.open(`sessionid=${cookie}`);
      assert.equal(state.session.get('user'), 'ada', `request ${i}`);
      state.session.set('n', i);
      cookie = m.commit(state, 200).setCookie!.split(';')[0]!.slice('sessionid='.length);
    }
    // One-phase: A promoted K2 alone; B (K1 only) refuses what A signs.
    const promoted = node(K2);
    const state = promoted.open(undefined);
    state.session.set('user', 'ada');
    const fromA = promoted.commit(state, 200).setCookie!.split(';')[0]!;
    const onB = node(K1).open(fromA).session;
    assert.equal(onB.get('user'), undefined);
    assert.equal(onB.invalidReason, 'bad-signature');
  });

  test('L14 clock skew across a fleet: a node 90 s ahead mints tokens the other sees as future-dated', () => {
    const t = Date.now();
    const ahead = new SessionMiddleware({ secret: SECRET, now: () => t + 90_000, secure: false, onWarning: quiet });
    const state = ahead.open(undefined);
    state.session.set('user', 'ada');
    const cookie = ahead.commit(state, 200).setCookie!.split(';')[0]!;
    const onTime = new SessionMiddleware({ secret: SECRET, now: () => t, secure: false, onWarning: quiet }).open(
      cookie,
    ).session;
    assert.equal(onTime.get('user'), undefined);
    assert.equal(onTime.invalidReason, 'future-timestamp');
  });

  test('L15 growth to overflow: CookieTooLarge before headers; the previous cookie is not replaced', async () => {
    let cookie: string | undefined;
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${node.url}/grow`, { headers: cookie ? { cookie: `sessionid=${cookie}` } : {} });
      await res.arrayBuffer();
      if (res.status === 500) {
        assert.equal(tokenOf(res), undefined);
        const error = errors.pop() as Error;
        assert.equal(error.name, 'CookieTooLarge');
        assert.doesNotMatch(error.message, /item-/);
        return;
      }
      cookie = tokenOf(res);
    }
    assert.fail('the session never overflowed');
  });
});

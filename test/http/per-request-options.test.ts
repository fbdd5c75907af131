/**
 * Options resolved per request (`(env) => options`, for Workers): one middleware per distinct settings,
 * never one per request, and each env's secrets sign and verify its own cookies.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import { withSession } from '../../src/adapters/fetch.js';
import { type SessionEnv, session } from '../../src/adapters/hono.js';
import { middlewareFor } from '../../src/http/per-request-options.js';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import { SECRET } from '../helpers.js';

const OTHER = 'another-secret-for-another-env-0123456789abcdefghij';
const quiet = () => undefined;
type Env = { SECRET: string };
const resolve = (env: Env): SessionMiddlewareOptions => ({
  secret: env.SECRET,
  onWarning: () => undefined,
  secure: false,
});

describe('options resolved per request', () => {
  test('equal settings (a fresh object and fresh functions per request) share one middleware', () => {
    const of = middlewareFor(resolve);
    const first = of({ SECRET });
    assert.equal(of({ SECRET }), first);
    assert.equal(of({ SECRET }), first);
    assert.notEqual(of({ SECRET: OTHER }), first, 'another secret set, another middleware');
    assert.equal(of({ SECRET }), first, 'and back: the first is kept');
  });

  test('a function of env only: fixed options and middlewares are used as they are', () => {
    const fixed = middlewareFor({ secret: SECRET, onWarning: quiet });
    assert.equal(fixed(undefined), fixed({}));
  });

  test('past 16 distinct settings the oldest is dropped, so secrets made per request cannot grow memory', () => {
    const of = middlewareFor((n: number) => ({ secret: `${SECRET}-${n}`, onWarning: quiet }));
    const first = of(0);
    for (let n = 1; n <= 16; n++) of(n);
    assert.notEqual(of(0), first);
  });

  test('fetch adapter (Workers: fetch(request, env)): each env signs with its own secret', async () => {
    const handler = withSession<{ n: number }, [Env]>(
      async (_request, s) => {
        await s.aset('n', ((await s.aget('n')) ?? 0) + 1);
        return Response.json({ n: await s.aget('n') });
      },
      resolve,
      quiet,
    );
    const first = await handler(new Request('http://localhost/'), { SECRET });
    const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!;
    const again = await handler(new Request('http://localhost/', { headers: { cookie } }), { SECRET });
    assert.deepEqual(await again.json(), { n: 2 });
    const elsewhere = await handler(new Request('http://localhost/', { headers: { cookie } }), { SECRET: OTHER });
    assert.deepEqual(await elsewhere.json(), { n: 1 }, "another env's secret does not verify this cookie");
  });

  test('Hono adapter: the options come from c.env', async () => {
    const app = new Hono<{ Bindings: Env } & SessionEnv<{ n: number }>>();
    app.use(session<{ n: number }, Env>(resolve));
    app.get('/', (c) => {
      const s = c.get('session');
      s.set('n', s.get('n', 0) + 1);
      return c.json({ n: s.get('n') });
    });
    const first = await app.fetch(new Request('http://localhost/'), { SECRET });
    const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!;
    assert.deepEqual(
      await (await app.fetch(new Request('http://localhost/', { headers: { cookie } }), { SECRET })).json(),
      { n: 2 },
    );
    assert.deepEqual(
      await (await app.fetch(new Request('http://localhost/', { headers: { cookie } }), { SECRET: OTHER })).json(),
      { n: 1 },
    );
  });
});

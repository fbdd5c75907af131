/**
 * Revocation through every adapter's async path over real HTTP, on a real redis-server: a signed-in
 * session reads, a revoked one is refused (reason `rejected`) and replaced, and while Redis is frozen a
 * request answers within the deadline (reason `unavailable`) without touching the cookie, which works
 * again once Redis answers.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { session as expressSession } from '../../src/adapters/express.js';
import { session as fastifySession } from '../../src/adapters/fastify.js';
import { withSession as fetchSession } from '../../src/adapters/fetch.js';
import { type SessionEnv, session as honoSession } from '../../src/adapters/hono.js';
import { withSession as nodeSession } from '../../src/adapters/node.js';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import type { RefusalReason, SessionStore } from '../../src/index.js';
import { Revocation } from '../../src/revocation/index.js';
import { SECRET } from '../helpers.js';
import { listen, type Running, serveFetch } from '../http/apps.js';
import { connectNodeRedis } from './clients.js';
import { type RedisServer, startRedis } from './redis-server.js';

interface Answer {
  status: number;
  body: string;
}

/** What every app does, through the session's async API. */
async function route(url: URL, session: SessionStore, revocation: Revocation): Promise<Answer> {
  if (session.invalidReason === 'unavailable') return { status: 503, body: 'unavailable' };
  const user = url.searchParams.get('user') ?? '';
  if (url.pathname === '/login') {
    await revocation.signIn(session, user);
    await session.aset('user', user);
  }
  if (url.pathname === '/revoke') await revocation.revokeUser(user);
  return { status: 200, body: JSON.stringify({ user: (await session.aget('user')) ?? null }) };
}

type Start = (options: SessionMiddlewareOptions, revocation: Revocation) => Promise<Running>;

const apps: Record<string, Start> = {
  node: (options, revocation) =>
    listen(
      createServer(
        nodeSession(async (req, res) => {
          const { status, body } = await route(new URL(req.url!, 'http://x'), req.session, revocation);
          res.writeHead(status).end(body);
        }, options),
      ),
    ),
  express: (options, revocation) => {
    const app = express();
    app.use(expressSession(options));
    app.use((req, res, next) => {
      route(new URL(req.url, 'http://x'), (req as unknown as { session: SessionStore }).session, revocation).then(
        ({ status, body }) => void res.status(status).send(body),
        next,
      );
    });
    return listen(createServer(app));
  },
  fastify: async (options, revocation) => {
    const app = Fastify();
    await app.register(fastifySession, options);
    app.all('/*', async (request, reply) => {
      const { status, body } = await route(new URL(request.url, 'http://x'), request.session, revocation);
      return reply.code(status).send(body);
    });
    return { url: await app.listen({ port: 0, host: '127.0.0.1' }), close: () => app.close() };
  },
  hono: (options, revocation) => {
    const app = new Hono<SessionEnv>();
    app.use(honoSession(options));
    app.all('*', async (c) => {
      const { status, body } = await route(new URL(c.req.url), c.get('session'), revocation);
      return c.text(body, status as 200);
    });
    return serveFetch(app.fetch);
  },
  fetch: (options, revocation) =>
    serveFetch(
      fetchSession(async (request, session) => {
        const { status, body } = await route(new URL(request.url), session, revocation);
        return new Response(body, { status });
      }, options),
    ),
};

let redis: RedisServer;
let kind: Awaited<ReturnType<typeof connectNodeRedis>>;
before(async () => {
  redis = await startRedis();
  kind = await connectNodeRedis(redis.url);
});
after(async () => {
  await kind.close();
  await redis.stop();
});

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('sessionid='));
const valueOf = (header: string) => header.slice('sessionid='.length, header.indexOf(';'));

for (const [name, start] of Object.entries(apps))
  describe(`${name} adapter: revocation over real HTTP`, () => {
    const reasons: RefusalReason[] = [];
    let app: Running;
    before(async () => {
      const revocation = new Revocation({
        client: kind.client,
        prefix: `${name}:`,
        cacheSeconds: 0,
        timeoutMs: 1500,
        onUnavailable: () => undefined,
      });
      app = await start(
        {
          secret: SECRET,
          secure: false,
          onWarning: () => undefined,
          onInvalid: (r) => reasons.push(r),
          validate: revocation.validate,
        },
        revocation,
      );
    });
    after(() => app.close());

    const get = async (path: string, cookie?: string) => {
      const res = await fetch(`${app.url}${path}`, {
        headers: cookie === undefined ? {} : { cookie: `sessionid=${cookie}` },
      });
      return { res, status: res.status, body: await res.text(), setCookie: sessionCookie(res) };
    };
    const signIn = async (user: string) => valueOf((await get(`/login?user=${user}`)).setCookie!);

    test('a signed-in session reads; revoking its user refuses it (rejected) and replaces the cookie; others read on', async () => {
      const ada = await signIn('ada');
      const bob = await signIn('bob');
      assert.deepEqual(
        [(await get('/whoami', ada)).body, (await get('/whoami', bob)).body],
        ['{"user":"ada"}', '{"user":"bob"}'],
      );
      await get('/revoke?user=ada');
      const refused = await get('/whoami', ada);
      assert.equal(refused.body, '{"user":null}');
      assert.ok(valueOf(refused.setCookie!).startsWith('e30:'), 'replaced by an empty session');
      assert.equal((await get('/whoami', bob)).body, '{"user":"bob"}');
      assert.deepEqual(reasons, ['rejected']);
      reasons.length = 0;
    });

    test('Redis frozen: an answer within the deadline (unavailable), the cookie untouched; the same cookie works once Redis answers', async () => {
      const cy = await signIn('cy');
      redis.freeze();
      let during: Awaited<ReturnType<typeof get>>;
      const started = performance.now();
      try {
        during = await get('/whoami', cy);
      } finally {
        redis.thaw();
      }
      assert.ok(
        performance.now() - started < 1500 + 2500,
        "answered within the deadline (1.5 s, generous for a loaded machine) and the request's own time",
      );
      assert.deepEqual([during.status, during.setCookie], [503, undefined]);
      assert.deepEqual(reasons, ['unavailable']);
      reasons.length = 0;
      assert.equal((await get('/whoami', cy)).body, '{"user":"cy"}');
    });
  });

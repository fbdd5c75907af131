/**
 * One server for the HTTP benchmark, in its own process: `node --import tsx bench/http-server.ts <framework>
 * <variant> <payload>`, framework node|express|fastify|hono|koa|h3|react-router, payload small|large, variant:
 * - `bare`: the framework's server without sessions;
 * - `floor` (node, koa, h3): the bare server doing a floor's work by hand (bench/floor-request.ts: the JSON
 *   floor on the small session, the zlib floor on the large one) with the same three headers as ours;
 * - `ours`: the framework's adapter of this library;
 * - `peer` (node, express, fastify, hono): the framework's usual session library.
 * Every request reads the session, changes one field and writes it back (the first request creates the
 * payload's session). Prints "PORT <n>".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonValue, SessionStore } from '../dist/index.js';
import { floorRequest } from './floor-request.js';
import { PAYLOADS, type PayloadName } from './payloads.js';
import { SECRET } from './subjects.js';

const [framework, variant, payload = 'small'] = process.argv.slice(2) as [string, string, PayloadName?];
const initial = PAYLOADS[payload] as Record<string, JsonValue>;
const options = { secret: SECRET, secure: false, onWarning: () => undefined };
type Data = Record<string, unknown> & { lastSeen?: number };
type Starter = () => Promise<void> | void;

/** The work of every request: create the session if new, else bump one field. */
function touch(data: Data): Data {
  return data.lastSeen === undefined ? { ...initial } : { ...data, lastSeen: data.lastSeen + 1 };
}
function touchStore(s: SessionStore): number {
  const seen = s.get('lastSeen') as number | undefined;
  if (seen === undefined) s.update(initial);
  else s.set('lastSeen', seen + 1);
  return seen ?? 0;
}

function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): void {
  const server = createServer(listener).listen(0, '127.0.0.1', () =>
    console.log(`PORT ${(server.address() as AddressInfo).port}`),
  );
}

const floor = floorRequest(payload);

const SERVERS: Record<string, Record<string, Starter>> = {
  node: {
    bare: () => listen((_req, res) => res.end('ok')),
    floor: () =>
      listen((req, res) => {
        const answer = floor(req.headers.cookie);
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        res.end(answer.body);
      }),
    ours: async () => {
      const { withSession } = await import('../dist/adapters/node.js');
      const handler = withSession((req, res) => void res.end(String(touchStore(req.session))), options);
      listen((req, res) => void handler(req, res));
    },
    peer: async () => {
      const { getIronSession } = await import('iron-session');
      listen(async (req, res) => {
        const s = await getIronSession<Data>(req, res, {
          password: SECRET,
          cookieName: 's',
          cookieOptions: { secure: false },
        });
        Object.assign(s, touch({ ...s }));
        await s.save();
        res.end('ok');
      });
    },
  },
  express: Object.fromEntries(
    ['bare', 'ours', 'peer'].map((v) => [
      v,
      async () => {
        const { default: express } = await import('express');
        const app = express();
        if (v === 'ours') app.use((await import('../dist/adapters/express.js')).session(options));
        if (v === 'peer') app.use((await import('cookie-session')).default({ name: 's', keys: [SECRET] }));
        const { getSession } = await import('../dist/adapters/express.js');
        app.get('/', (req, res) => {
          if (v === 'ours') touchStore(getSession(req));
          if (v === 'peer') {
            const r = req as unknown as { session: Data };
            r.session = touch({ ...r.session });
          }
          res.send('ok');
        });
        listen(app);
      },
    ]),
  ),
  fastify: Object.fromEntries(
    ['bare', 'ours', 'peer'].map((v) => [
      v,
      async () => {
        const { default: Fastify } = await import('fastify');
        const ours = await import('../dist/adapters/fastify.js');
        const app = Fastify();
        if (v === 'ours') await app.register(ours.session, options);
        if (v === 'peer')
          await app.register((await import('@fastify/secure-session')).default, {
            key: Buffer.alloc(32, 3),
            cookieName: 's',
            cookie: { path: '/' },
          });
        app.get('/', (request) => {
          if (v === 'ours') touchStore(ours.getSession(request));
          if (v === 'peer') {
            const s = (request as unknown as { session: { get(k: string): unknown; set(k: string, v: unknown): void } })
              .session;
            const seen = s.get('lastSeen') as number | undefined;
            if (seen === undefined) for (const [k, value] of Object.entries(initial)) s.set(k, value);
            else s.set('lastSeen', seen + 1);
          }
          return 'ok';
        });
        const address = await app.listen({ port: 0, host: '127.0.0.1' });
        console.log(`PORT ${new URL(address).port}`);
      },
    ]),
  ),
  hono: Object.fromEntries(
    ['bare', 'ours', 'peer'].map((v) => [
      v,
      async () => {
        const { Hono } = await import('hono');
        const { serve } = await import('@hono/node-server');
        const { getSignedCookie, setSignedCookie } = await import('hono/cookie');
        const { session } = await import('../dist/adapters/hono.js');
        const app = new Hono<import('../dist/adapters/hono.js').SessionEnv>();
        if (v === 'ours') app.use(session(options));
        app.get('/', async (c) => {
          if (v === 'ours') touchStore(c.get('session'));
          if (v === 'peer') {
            const raw = await getSignedCookie(c, SECRET, 's');
            const data = touch(raw ? (JSON.parse(raw) as Data) : {});
            await setSignedCookie(c, 's', JSON.stringify(data), SECRET, { path: '/', httpOnly: true });
          }
          return c.text('ok');
        });
        serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`PORT ${info.port}`));
      },
    ]),
  ),
  // A server build reduced to one resource route at / (test/http/router-build.ts), on node-server;
  // ours is the route middleware, the peer React Router's own cookie session storage.
  'react-router': Object.fromEntries(
    ['bare', 'ours', 'peer'].map((v) => [
      v,
      async () => {
        const rr = await import('react-router');
        const { routerBuild, routerRoute } = await import('../test/http/router-build.js');
        const { serve } = await import('@hono/node-server');
        const { sessionFrom, sessionMiddleware } = await import('../dist/adapters/react-router.js');
        const storage = rr.createCookieSessionStorage<Data>({
          cookie: { name: 's', secrets: [SECRET], path: '/', httpOnly: true, sameSite: 'lax' },
        });
        const loader = async ({
          request,
          context,
        }: {
          request: Request;
          context: Parameters<typeof sessionFrom>[0];
        }) => {
          if (v === 'ours') return new Response(String(touchStore(sessionFrom(context))));
          if (v === 'peer') {
            const peer = await storage.getSession(request.headers.get('cookie'));
            const next = touch(peer.data as Data);
            for (const [key, value] of Object.entries(next)) peer.set(key, value);
            return new Response('ok', { headers: { 'set-cookie': await storage.commitSession(peer) } });
          }
          return new Response('ok');
        };
        const root =
          v === 'ours' ? { middleware: [sessionMiddleware(options)], default: () => null } : { default: () => null };
        const build = routerBuild({
          root: routerRoute('root', undefined, '', root),
          page: routerRoute('page', 'root', undefined, { loader }, true),
        });
        const handler = rr.createRequestHandler(build, 'production');
        serve({ fetch: (request) => handler(request), port: 0, hostname: '127.0.0.1' }, (info) =>
          console.log(`PORT ${info.port}`),
        );
      },
    ]),
  ),
  koa: Object.fromEntries(
    ['bare', 'floor', 'ours'].map((v) => [
      v,
      async () => {
        const { default: Koa } = await import('koa');
        const { session } = await import('../dist/adapters/koa.js');
        const app = new Koa();
        if (v === 'ours') app.use(session(options));
        app.use((ctx) => {
          if (v === 'ours') ctx.body = String(touchStore(ctx.session as unknown as SessionStore));
          else if (v === 'floor') {
            const answer = floor(ctx.get('cookie'));
            for (const [name, value] of answer.headers) ctx.set(name, value);
            ctx.body = answer.body;
          } else ctx.body = 'ok';
        });
        listen(app.callback());
      },
    ]),
  ),
  h3: Object.fromEntries(
    ['bare', 'floor', 'ours'].map((v) => [
      v,
      async () => {
        const { H3, toNodeHandler } = await import('h3');
        const { getSession, session } = await import('../dist/adapters/h3.js');
        const app = new H3({ silent: true });
        if (v === 'ours') app.use(session(options));
        app.get('/', (event) => {
          if (v === 'ours') return String(touchStore(getSession(event)));
          if (v === 'floor') {
            const answer = floor(event.req.headers.get('cookie') ?? undefined);
            for (const [name, value] of answer.headers) event.res.headers.append(name, value);
            return answer.body;
          }
          return 'ok';
        });
        listen(toNodeHandler(app));
      },
    ]),
  ),
};

const start = SERVERS[framework]?.[variant];
if (!start) throw new Error(`No server ${framework} ${variant}`);
await start();
if (process.env['BENCH_EXIT_AFTER_MS']) setTimeout(() => process.exit(0), Number(process.env['BENCH_EXIT_AFTER_MS'])); // profiling runs

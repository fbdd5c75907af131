/**
 * One server for the HTTP benchmark, in its own process: `node --import tsx bench/http-server.ts <framework>
 * <variant>`, framework node|express|fastify|hono, variant bare|ours|peer, and for node also `floor`: the
 * least a signed-cookie session can do (bench/subjects.ts's JSON + base64url + HMAC floor, by hand) with
 * the same three response headers as ours. Every request reads the session, changes one field and writes
 * it back (the first request creates the small session). Prints "PORT <n>".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import secureSession from '@fastify/secure-session';
import cookieSession from 'cookie-session';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { getIronSession } from 'iron-session';
import { getSession, session as expressSession } from '../dist/adapters/express.js';
import { getSession as getFastifySession, session as fastifySession } from '../dist/adapters/fastify.js';
import { type SessionEnv, session as honoSession } from '../dist/adapters/hono.js';
import { withSession } from '../dist/adapters/node.js';
import type { JsonValue, SessionStore } from '../dist/index.js';
import { small } from './payloads.js';
import { jsonFloor, SECRET } from './subjects.js';

const [framework, variant] = process.argv.slice(2) as [string, string];
const options = { secret: SECRET, secure: false, onWarning: () => undefined };
type Data = Record<string, unknown> & { lastSeen?: number };

/** The work of every request: create the session if new, else bump one field. */
function touch(data: Data): Data {
  return data.lastSeen === undefined ? { ...small } : { ...data, lastSeen: data.lastSeen + 1 };
}
function touchStore(s: SessionStore): number {
  const seen = s.get('lastSeen') as number | undefined;
  if (seen === undefined) s.update(small);
  else s.set('lastSeen', seen + 1);
  return seen ?? 0;
}

function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): void {
  const server = createServer(listener).listen(0, '127.0.0.1', () =>
    console.log(`PORT ${(server.address() as AddressInfo).port}`),
  );
}

if (framework === 'node') {
  if (variant === 'bare') listen((_req, res) => res.end('ok'));
  if (variant === 'ours') {
    const handler = withSession((req, res) => void res.end(String(touchStore(req.session))), options);
    listen((req, res) => void handler(req, res));
  }
  if (variant === 'floor') {
    const floor = jsonFloor();
    listen((req, res) => {
      const value = /(?:^|; )s=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
      let data: Data = {};
      try {
        if (value) data = floor.load(value) as Data;
      } catch {
        data = {};
      }
      const next = touch(data);
      const expires = new Date(Date.now() + 1_209_600_000).toUTCString();
      res.setHeader(
        'set-cookie',
        `s=${floor.save(next as Record<string, JsonValue>) as string}; Max-Age=1209600; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax`,
      );
      res.setHeader('vary', 'Cookie');
      res.setHeader('cache-control', 'private, no-store');
      res.end(String(data.lastSeen ?? 0));
    });
  }
  if (variant === 'peer') {
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
  }
} else if (framework === 'express') {
  const app = express();
  if (variant === 'ours') app.use(expressSession(options));
  if (variant === 'peer') app.use(cookieSession({ name: 's', keys: [SECRET] }));
  app.get('/', (req, res) => {
    if (variant === 'ours') touchStore(getSession(req));
    if (variant === 'peer') {
      const r = req as unknown as { session: Data };
      r.session = touch({ ...r.session });
    }
    res.send('ok');
  });
  listen(app);
} else if (framework === 'fastify') {
  const app = Fastify();
  if (variant === 'ours') await app.register(fastifySession, options);
  if (variant === 'peer')
    await app.register(secureSession, { key: Buffer.alloc(32, 3), cookieName: 's', cookie: { path: '/' } });
  app.get('/', (request) => {
    if (variant === 'ours') touchStore(getFastifySession(request));
    if (variant === 'peer') {
      const s = (request as unknown as { session: { get(k: string): unknown; set(k: string, v: unknown): void } })
        .session;
      const seen = s.get('lastSeen') as number | undefined;
      if (seen === undefined) for (const [k, v] of Object.entries(small)) s.set(k, v);
      else s.set('lastSeen', seen + 1);
    }
    return 'ok';
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`PORT ${new URL(address).port}`);
} else if (framework === 'hono') {
  const app = new Hono<SessionEnv>();
  if (variant === 'ours') app.use(honoSession(options));
  app.get('/', async (c) => {
    if (variant === 'ours') touchStore(c.get('session'));
    if (variant === 'peer') {
      const raw = await getSignedCookie(c, SECRET, 's');
      const data = touch(raw ? (JSON.parse(raw) as Data) : {});
      await setSignedCookie(c, 's', JSON.stringify(data), SECRET, { path: '/', httpOnly: true });
    }
    return c.text('ok');
  });
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`PORT ${info.port}`));
}
if (process.env['BENCH_EXIT_AFTER_MS']) setTimeout(() => process.exit(0), Number(process.env['BENCH_EXIT_AFTER_MS'])); // profiling runs

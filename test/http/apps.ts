/**
 * One test app per adapter, each a thin translation of the same scenarios onto its framework, started on
 * a loopback port. The conformance suite runs against all of them.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express5 from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { H3, redirect as h3Redirect, toNodeHandler } from 'h3';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import { createRequestHandler, redirect as rrRedirect, type ServerBuild } from 'react-router';
// Every adapter through its public subpath: under Node and tsx that is the built package (dist/, through
// package.json `exports`), as users import it; test/http/built-package.test.ts keeps it so.
import '../built-package.js'; // first: a missing or stale dist/ stops the run here
import { session as expressSession } from 'signed-cookie-session/express';
import { session as fastifySession } from 'signed-cookie-session/fastify';
import { withSession as fetchSession } from 'signed-cookie-session/fetch';
import { type SessionEnv, session as honoSession } from 'signed-cookie-session/hono';
import { session as h3Session } from 'signed-cookie-session/h3';
import { session as koaSession } from 'signed-cookie-session/koa';
import { withSession as nodeSession } from 'signed-cookie-session/node';
import { sessionFrom, sessionMiddleware } from 'signed-cookie-session/react-router';
import type { SessionData, SessionMiddlewareOptions, SessionStore } from 'signed-cookie-session';
import { buildSvelteKit } from './sveltekit-build.js';
import { APP_HEADER, conformanceApps } from './sveltekit-apps.js';
import { OTHER_COOKIES, scenario } from './scenarios.js';
import { routerBuild, routerRoute } from './router-build.js';
import { startProfile as nextApp } from '../next/server.js';

export { type Outcome, OTHER_COOKIES, scenario } from './scenarios.js';

/**
 * Vary fields a framework adds to every response on its own, which the suite leaves out when it compares
 * Vary: Next.js's App Router varies every response on its router headers.
 */
export const FRAMEWORK_VARY: Partial<Record<string, readonly string[]>> = {
  next: ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch'],
};

/**
 * Routes under /head/ write the node response head themselves (issue 13 #2 and #4): the adapters whose
 * handlers hold a node `ServerResponse` (node, Express, Koa with `ctx.respond = false`, and Fastify through
 * `reply.hijack()`/`reply.raw`)
 * run them.
 */
const headActions: Record<string, (s: SessionStore, res: ServerResponse) => void> = {
  'redirect-cookie': (s, res) => (
    s.set('hello', 'world'),
    res.writeHead(302, { Location: '/', 'Set-Cookie': 'flash=1' }).end()
  ),
  'public-cache': (s, res) => (
    s.set('hello', 'world'),
    res.writeHead(200, { 'Cache-Control': 'public, max-age=600' }).end('ok')
  ),
  vary: (s, res) => (s.set('hello', 'world'), res.writeHead(200, { Vary: 'Accept' }).end('ok')),
  'vary-only': (s, res) => (s.get('hello'), res.writeHead(200, { Vary: 'Accept' }).end('ok')),
  array: (s, res) => (
    s.set('hello', 'world'),
    res.writeHead(200, ['Set-Cookie', 'flash=1', 'Set-Cookie', 'other=2', 'Cache-Control', 'public']).end('ok')
  ),
  reason: (s, res) => (s.set('hello', 'world'), res.writeHead(201, 'Made', { 'Set-Cookie': 'flash=1' }).end('ok')),
  stream: (s, res) => {
    s.set('hello', 'world');
    res.write('data: 1\n\n');
    let late = 'saved';
    try {
      s.set('late', true);
    } catch (error) {
      late = (error as Error).name;
    }
    res.end(`data: ${late}\n\n`);
  },
};

/** Runs a /head/ route; false when the path is not one. */
export function headScenario(path: string, session: SessionStore, res: ServerResponse): boolean {
  const action = path.startsWith('/head/') ? headActions[path.slice(6)] : undefined;
  if (!action) return false;
  action(session, res);
  return true;
}

/** The adapters whose handlers write a node response themselves. */
export const NODE_RESPONSE_ADAPTERS = new Set(['node', 'express5', 'express4', 'fastify', 'koa', 'koa2']);

export interface Running {
  url: string;
  close: () => Promise<void>;
}

const quiet = (): void => undefined;

export function listen(server: Server): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

function expressApp(express: typeof express5, options: SessionMiddlewareOptions) {
  const app = express();
  app.use(expressSession(options));
  app.use((req, res) => {
    if (headScenario(new URL(req.url, 'http://x').pathname, (req as unknown as { session: SessionStore }).session, res))
      return;
    const outcome = scenario(new URL(req.url, 'http://x'), (req as unknown as { session: SessionStore }).session);
    if (outcome.vary) res.setHeader('Vary', outcome.vary);
    if (outcome.otherCookies) res.setHeader('Set-Cookie', OTHER_COOKIES);
    if (outcome.redirect) return res.redirect(302, '/');
    res.status(outcome.status).send('ok');
  });
  app.use(
    (_error: unknown, _req: unknown, res: { status: (n: number) => { send: (b: string) => void } }, _next: unknown) =>
      res.status(500).send('error'),
  );
  return app;
}

function fetchHandler(request: Request, session: SessionStore): Response {
  const outcome = scenario(new URL(request.url), session);
  if (outcome.redirect) return Response.redirect(new URL('/', request.url), 302); // immutable headers
  const headers = new Headers();
  if (outcome.vary) headers.set('vary', outcome.vary);
  if (outcome.otherCookies) for (const c of OTHER_COOKIES) headers.append('set-cookie', c);
  return new Response('ok', { status: outcome.status, headers });
}

export function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

function honoApp(options: SessionMiddlewareOptions, withSession = true): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();
  if (withSession) app.use(honoSession(options));
  app.all('*', (c) => {
    const outcome = scenario(new URL(c.req.url), c.get('session'));
    if (outcome.vary) c.header('vary', outcome.vary);
    if (outcome.otherCookies) for (const cookie of OTHER_COOKIES) c.header('set-cookie', cookie, { append: true });
    if (outcome.redirect) return c.redirect('/', 302);
    return c.text('ok', outcome.status as 200);
  });
  app.onError((_error, c) => c.text('error', 500));
  return app;
}

function koaApp(options: SessionMiddlewareOptions, Framework: typeof Koa = Koa): Koa {
  const app = new Framework();
  app.silent = true; // errors still become Koa's 500; the suite's throwing handler is not news
  app.use(koaSession(options));
  app.use((ctx) => {
    if (ctx.path.startsWith('/head/')) {
      ctx.respond = false; // the handler writes node's response itself
      headScenario(ctx.path, ctx.session, ctx.res);
      return;
    }
    const outcome = scenario(new URL(ctx.url, 'http://x'), ctx.session);
    if (outcome.vary) ctx.set('Vary', outcome.vary);
    if (outcome.otherCookies) ctx.set('Set-Cookie', OTHER_COOKIES);
    if (outcome.redirect) return ctx.redirect('/');
    ctx.status = outcome.status;
    ctx.body = 'ok';
  });
  return app;
}

function h3App(options: SessionMiddlewareOptions): H3 {
  const app = new H3({ silent: true });
  app.use(h3Session(options));
  app.all('/**', (event) => {
    const outcome = scenario(event.url, event.context.session!);
    if (outcome.vary) event.res.headers.set('vary', outcome.vary);
    if (outcome.otherCookies) for (const cookie of OTHER_COOKIES) event.res.headers.append('set-cookie', cookie);
    if (outcome.redirect) return h3Redirect('/', 302);
    event.res.status = outcome.status;
    return 'ok';
  });
  return app;
}

/**
 * A React Router server build as `react-router build` makes one, reduced to what a resource route needs:
 * the root route carries the session middleware (`future.v8_middleware`); a splat route answers.
 */
function reactRouterBuild(options: SessionMiddlewareOptions): ServerBuild {
  const loader = ({ request, context }: { request: Request; context: Parameters<typeof sessionFrom>[0] }) => {
    const outcome = scenario(new URL(request.url), sessionFrom(context));
    const headers = new Headers();
    if (outcome.vary) headers.set('vary', outcome.vary);
    if (outcome.otherCookies) for (const c of OTHER_COOKIES) headers.append('set-cookie', c);
    if (outcome.redirect) return rrRedirect('/', { status: 302, headers });
    return new Response('ok', { status: outcome.status, headers });
  };
  return routerBuild({
    root: routerRoute('root', undefined, '', { middleware: [sessionMiddleware(options)], default: () => null }),
    scenario: routerRoute('scenario', 'root', '*', { loader }),
  });
}

let svelteKitApps = 0;

/** The built SvelteKit app (test/http/sveltekit, adapter-node), one per run; each app is an id it dispatches on. */
async function svelteKitApp(options: SessionMiddlewareOptions): Promise<Running> {
  const handler = await buildSvelteKit('test/http/sveltekit');
  const id = String(++svelteKitApps);
  conformanceApps().set(id, { options, scenario, otherCookies: OTHER_COOKIES });
  return listen(
    createServer((req, res) => {
      req.headers[APP_HEADER] = id;
      handler(req, res);
    }),
  );
}

export const adapters: Record<string, (options: SessionMiddlewareOptions) => Promise<Running>> = {
  node: (options) =>
    listen(
      createServer(
        nodeSession(
          (req, res) => {
            if (headScenario(new URL(req.url!, 'http://x').pathname, req.session, res)) return;
            const outcome = scenario(new URL(req.url!, 'http://x'), req.session);
            if (outcome.vary) res.setHeader('Vary', outcome.vary);
            if (outcome.otherCookies) res.setHeader('Set-Cookie', OTHER_COOKIES);
            if (outcome.redirect) return void res.writeHead(302, { Location: '/' }).end();
            res.statusCode = outcome.status;
            res.end('ok');
          },
          options,
          quiet,
        ),
      ),
    ),
  express5: (options) => listen(createServer(expressApp(express5, options))),
  express4: (options) => listen(createServer(expressApp(express4 as unknown as typeof express5, options))),
  fastify: async (options) => {
    const app = Fastify();
    await app.register(fastifySession, options);
    app.all('/head/*', (request, reply) => {
      reply.hijack(); // the reply is the handler's own from here: Fastify's onSend never runs
      headScenario(new URL(request.url, 'http://x').pathname, request.session, reply.raw);
    });
    app.all('/*', (request, reply) => {
      const outcome = scenario(new URL(request.url, 'http://x'), request.session);
      if (outcome.vary) reply.header('vary', outcome.vary);
      if (outcome.otherCookies) reply.header('set-cookie', OTHER_COOKIES);
      if (outcome.redirect) return reply.redirect('/', 302);
      return reply.code(outcome.status).send('ok');
    });
    app.setErrorHandler((_error, _request, reply) => reply.code(500).send('error'));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: address, close: () => app.close() };
  },
  // On @hono/node-server the adapter reads node's request (c.env.incoming); without it, the Fetch Request,
  // as on Bun, Deno and Workers.
  hono: (options) => serveFetch(honoApp(options).fetch),
  'hono (Fetch request only)': (options) => {
    const app = honoApp(options);
    return serveFetch((request) => app.fetch(request));
  },
  fetch: (options) => serveFetch(fetchSession(fetchHandler, options, quiet)),
  // As on Workers: the options come from the request's env (here, a fresh copy per request).
  'fetch (options per request)': (options) => {
    const handler = fetchSession<SessionData, [typeof options]>(
      (request, session) => fetchHandler(request, session),
      (env) => ({ ...env }),
      quiet,
    );
    return serveFetch((request) => handler(request, options));
  },
  'hono (options per request)': (options) => {
    const app = new Hono<SessionEnv & { Bindings: SessionMiddlewareOptions }>();
    app.use(honoSession<SessionData, SessionMiddlewareOptions>((env) => ({ ...env })));
    app.route('/', honoApp(options, false));
    app.onError((_error, c) => c.text('error', 500));
    return serveFetch((request) => app.fetch(request, options));
  },
  koa: (options) => listen(createServer(koaApp(options).callback())),
  koa2: (options) => listen(createServer(koaApp(options, Koa2).callback())),
  h3: (options) => listen(createServer(toNodeHandler(h3App(options)))),
  'react-router': (options) => {
    const handler = createRequestHandler(reactRouterBuild(options), 'production');
    return serveFetch((request) => handler(request)); // node-server's second argument is not a router context
  },
  sveltekit: svelteKitApp,
  // A built Next.js app (test/next) under `next start`: its Route Handler, one profile per option set.
  next: nextApp,
};

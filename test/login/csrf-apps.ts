/**
 * Apps for the CSRF glue of Koa, h3, React Router, SvelteKit and Next.js: each serves GET /token (a
 * masked token, as JSON) and POST /submit (CSRF-checked; echoes the form's `note`), with or without a
 * trailing slash, on a loopback port. The session adapter of the same framework runs first, so
 * `useSessions` works too.
 */
import { createServer } from 'node:http';
import { H3, toNodeHandler } from 'h3';
import Koa from 'koa';
import Koa2 from 'koa2';
import { createRequestHandler } from 'react-router';
import { session as h3Session } from '../../src/adapters/h3.js';
import { session as koaSession } from '../../src/adapters/koa.js';
import { sessionFrom, sessionMiddleware } from '../../src/adapters/react-router.js';
import {
  Csrf,
  type CsrfOptions,
  csrfHeaders,
  getH3Csrf,
  getKoaCsrf,
  h3Csrf,
  koaCsrf,
  reactRouterCsrf,
} from '../../src/django/index.js';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import { SECRET } from '../helpers.js';
import { routerBuild, routerRoute } from '../http/router-build.js';
import { buildSvelteKit } from '../http/sveltekit-build.js';
import { APP_HEADER, conformanceApps } from '../http/sveltekit-apps.js';
import { ensureBuilt, startApp } from '../next/build.js';
import { APP_DIR } from '../next/server.js';
import { listen, type Running, serveFetch } from './django.js';

export const SESSION_OPTIONS: SessionMiddlewareOptions = { secret: SECRET, secure: false, onWarning: () => {} };

/** The route a path names: `token`, `submit` or anything else. */
const routeOf = (path: string) => path.replace(/\/$/, '').split('/').pop();

export type CsrfApp = (options: CsrfOptions) => Promise<Running>;

const koa =
  (Framework: typeof Koa): CsrfApp =>
  (options) => {
    const app = new Framework();
    app.use(koaSession(SESSION_OPTIONS));
    app.use(koaCsrf(options));
    app.use((ctx) => {
      const route = routeOf(ctx.path);
      if (route === 'token') ctx.body = { token: getKoaCsrf(ctx).token() };
      else if (route === 'submit')
        ctx.body = { ok: true, note: (ctx.request as { body?: Record<string, string> }).body?.['note'] ?? null };
      else ctx.status = 404;
    });
    return listen(createServer(app.callback()));
  };

const h3: CsrfApp = (options) => {
  const app = new H3();
  app.use(h3Session(SESSION_OPTIONS));
  app.use(h3Csrf(options));
  app.all('/**', async (event) => {
    const route = routeOf(event.url.pathname);
    if (route === 'token') return { token: getH3Csrf(event).token() };
    if (route === 'submit') return { ok: true, note: new URLSearchParams(await event.req.text()).get('note') };
    return new Response('not found', { status: 404 });
  });
  return listen(createServer(toNodeHandler(app)));
};

/** A React Router server build: the session middleware on the root route, two resource routes. */
const reactRouter: CsrfApp = (options) => {
  const csrf = new Csrf(options);
  type Args = { request: Request; context: Parameters<typeof sessionFrom>[0] };
  const open = ({ request, context }: Args) =>
    reactRouterCsrf(request, csrf, options.useSessions ? sessionFrom(context) : undefined);
  const build = routerBuild({
    root: routerRoute('root', undefined, '', { middleware: [sessionMiddleware(SESSION_OPTIONS)], default: () => null }),
    token: routerRoute('token', 'root', 'token', {
      loader: async (args: Args) => {
        const state = await open(args);
        return Response.json({ token: state.token() }, { headers: csrfHeaders(state) });
      },
    }),
    submit: routerRoute('submit', 'root', 'submit', {
      action: async (args: Args) => {
        const state = await open(args);
        const form = await args.request.formData();
        return Response.json({ ok: true, note: form.get('note') }, { headers: csrfHeaders(state) });
      },
    }),
  });
  const handler = createRequestHandler(build, 'production');
  return serveFetch((request) => handler(request));
};

let svelteKitApps = 0;

/** The built conformance app (test/http/sveltekit), with svelteKitCsrf after the session's handle. */
const sveltekit: CsrfApp = async (options) => {
  const handler = await buildSvelteKit('test/http/sveltekit');
  const id = `csrf-${++svelteKitApps}`;
  conformanceApps().set(id, {
    options: SESSION_OPTIONS,
    scenario: () => ({ status: 404, vary: undefined, otherCookies: false, redirect: false }),
    otherCookies: [],
    csrf: options,
  });
  return listen(
    createServer((req, res) => {
      req.headers[APP_HEADER] = id;
      handler(req, res);
    }),
  );
};

/** The built Next.js test app (test/next) under its own `next start`, its CSRF options from the env. */
const next: CsrfApp = async (options) => {
  await ensureBuilt(APP_DIR, ['test/http/scenarios.ts']);
  const app = await startApp(
    APP_DIR,
    { SESSION_SECRET: SECRET, SESSION_FALLBACK_SECRETS: '', CSRF_OPTIONS: JSON.stringify(options) },
    '/c/default/nothing',
  );
  return { url: `${app.url}/csrf`, close: app.stop };
};

export const CSRF_APPS: Record<string, CsrfApp> = {
  koa: koa(Koa),
  koa2: koa(Koa2 as unknown as typeof Koa),
  h3,
  'react-router': reactRouter,
  sveltekit,
  next,
};

/**
 * Django's CSRF protection on the adapters (node, Express, Fastify, Hono, fetch, and Koa, h3 and React
 * Router from csrf-apps.ts), over real HTTP, with the secret in the csrftoken cookie and in the session
 * (useSessions): the framework-neutral core is the same; only each adapter's glue differs, so each glue is
 * tested. (SvelteKit's and Next.js's, in built apps, are tested against Django in csrf-frameworks.test.ts.)
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { session as expressSession } from '../../src/adapters/express.js';
import { session as fastifySession } from '../../src/adapters/fastify.js';
import { withSession as withFetchSession } from '../../src/adapters/fetch.js';
import { type SessionEnv, session as honoSession } from '../../src/adapters/hono.js';
import { withSession } from '../../src/adapters/node.js';
import {
  type CsrfEnv,
  csrfMiddleware,
  csrfPlugin,
  getExpressCsrf,
  getFastifyCsrf,
  honoCsrf,
  withFetchCsrf,
  withNodeCsrf,
} from '../../src/django/index.js';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import { SECRET } from '../helpers.js';
import { CSRF_APPS } from './csrf-apps.js';
import { Browser, listen, type Running, serveFetch } from './django.js';

const json = (body: unknown) => JSON.stringify(body);

/** Each adapter's app: GET /token/ mints a token, POST /submit/ is protected and echoes the form's note. */
const apps: Record<string, (useSessions: boolean) => Promise<Running>> = {
  node: (useSessions) => {
    const sessionOptions: SessionMiddlewareOptions = { secret: SECRET, secure: false, onWarning: () => {} };
    const handler = withNodeCsrf(
      (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(
          req.method === 'GET'
            ? json({ token: req.csrf.token() })
            : json({ ok: true, note: req.form?.get('note') ?? null }),
        );
      },
      { useSessions, cookieSecure: false },
    );
    return listen(createServer(withSession((req, res) => handler(req, res), sessionOptions)));
  },
  express: (useSessions) => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(expressSession({ secret: SECRET, secure: false, onWarning: () => {} }));
    app.use(csrfMiddleware({ useSessions, cookieSecure: false }));
    app.get('/token/', (req, res) => void res.json({ token: getExpressCsrf(req).token() }));
    app.post(
      '/submit/',
      (req, res) =>
        void res.json({ ok: true, note: (req.body as Record<string, string> | undefined)?.['note'] ?? null }),
    );
    return listen(createServer(app));
  },
  fastify: async (useSessions) => {
    const app = Fastify();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    await app.register(fastifySession, { secret: SECRET, secure: false, onWarning: () => {} });
    await app.register(csrfPlugin, { useSessions, cookieSecure: false });
    app.get('/token/', async (request) => ({ token: getFastifyCsrf(request).token() }));
    app.post('/submit/', async (request) => ({
      ok: true,
      note: (request.body as Record<string, string> | undefined)?.['note'] ?? null,
    }));
    return { url: await app.listen({ port: 0, host: '127.0.0.1' }), close: () => app.close() };
  },
  hono: (useSessions) => {
    const app = new Hono<SessionEnv & CsrfEnv>();
    app.use(honoSession({ secret: SECRET, secure: false, onWarning: () => {} }));
    app.use(honoCsrf({ useSessions, cookieSecure: false }));
    app.get('/token/', (c) => c.json({ token: c.get('csrf').token() }));
    app.post('/submit/', async (c) => c.json({ ok: true, note: (await c.req.parseBody())['note'] ?? null }));
    return serveFetch(app.fetch);
  },
  fetch: (useSessions) =>
    serveFetch(
      withFetchSession(
        withFetchCsrf(
          async (request, csrf) => {
            if (request.method === 'GET') return Response.json({ token: csrf.token() });
            return Response.json({ ok: true, note: new URLSearchParams(await request.text()).get('note') });
          },
          { useSessions, cookieSecure: false },
        ),
        { secret: SECRET, secure: false, onWarning: () => {} },
      ),
    ),
  ...Object.fromEntries(
    ['koa', 'koa2', 'h3', 'react-router'].map((name) => [
      name,
      (useSessions: boolean) => CSRF_APPS[name]!({ useSessions, cookieSecure: false }),
    ]),
  ),
};

for (const [name, start] of Object.entries(apps)) {
  for (const useSessions of [false, true]) {
    describe(`CSRF on the ${name} adapter, secret in the ${useSessions ? 'session' : 'cookie'}`, () => {
      let app: Running;
      before(async () => (app = await start(useSessions)));
      after(() => app?.close());

      const minted = async () => {
        const browser = new Browser();
        const reply = await browser.request(`${app.url}/token/`);
        assert.equal(reply.status, 200, reply.body);
        return { browser, token: (reply.json() as { token: string }).token, reply };
      };

      test('a GET mints a masked token and keeps the secret where Django would', async () => {
        const { browser, token, reply } = await minted();
        assert.match(token, /^[A-Za-z0-9]{64}$/);
        if (useSessions) {
          assert.equal(browser.cookies.has('csrftoken'), false);
          assert.ok(browser.cookies.has('sessionid'));
        } else {
          assert.match(browser.cookies.get('csrftoken') ?? '', /^[A-Za-z0-9]{32}$/);
          assert.match(
            reply.setCookies.find((c) => c.startsWith('csrftoken='))!,
            /; Max-Age=31449600; Path=\/; Expires=[^;]+; SameSite=Lax$/,
          );
        }
        assert.match(String(await fetch(`${app.url}/token/`).then((r) => r.headers.get('vary'))), /Cookie/i);
      });

      test('a form post or a header with the token is accepted, from the same origin', async () => {
        const { browser, token } = await minted();
        const form = await browser.post(
          `${app.url}/submit/`,
          { csrfmiddlewaretoken: token, note: 'hi' },
          { origin: app.url },
        );
        assert.equal(form.status, 200, form.body);
        assert.deepEqual(form.json(), { ok: true, note: 'hi' });
        const header = await browser.post(`${app.url}/submit/`, { note: 'h' }, { 'x-csrftoken': token });
        assert.equal(header.status, 200, header.body);
      });

      test("no token, a wrong token, a foreign Origin or no secret: 403 with Django's reason", async () => {
        const { browser, token } = await minted();
        const cases: [Browser, Record<string, string>, Record<string, string>, RegExp][] = [
          [browser, { note: 'x' }, {}, /^Forbidden \(CSRF token missing\.\)$/],
          [browser, { csrfmiddlewaretoken: 'z'.repeat(64) }, {}, /CSRF token from POST incorrect/],
          [
            browser,
            {},
            { 'x-csrftoken': 'short' },
            /CSRF token from the 'X-Csrftoken' HTTP header has incorrect length/,
          ],
          [
            browser,
            { csrfmiddlewaretoken: token },
            { origin: 'https://evil.example' },
            /Origin checking failed - https:\/\/evil.example does not match/,
          ],
          [new Browser(), { csrfmiddlewaretoken: token }, {}, /CSRF cookie not set/],
        ];
        for (const [who, fields, headers, reason] of cases) {
          const reply = await who.post(`${app.url}/submit/`, fields, headers);
          assert.equal(reply.status, 403, `${JSON.stringify(fields)} ${JSON.stringify(headers)}: ${reply.body}`);
          assert.match(reply.body, reason);
        }
      });

      test('safe methods pass without a token', async () => {
        assert.equal((await new Browser().request(`${app.url}/token/`)).status, 200);
      });
    });
  }
}

describe('the CSRF cookie survives headers given to writeHead', () => {
  for (const [shape, argument] of [
    ['an object', { 'Set-Cookie': 'app=1', Vary: 'Accept', 'content-type': 'text/plain' }],
    ['a flat list', ['Set-Cookie', 'app=1', 'Vary', 'Accept']],
    [
      'pairs',
      [
        ['set-cookie', 'app=1'],
        ['vary', 'Accept'],
      ],
    ],
  ] as const) {
    test(`as ${shape}`, async () => {
      const { url, close } = await listen(
        createServer(
          withSession(
            withNodeCsrf(
              (req, res) => {
                req.csrf.token();
                res.writeHead(200, argument as never).end('ok');
              },
              { cookieSecure: false },
            ),
            { secret: SECRET, secure: false, onWarning: () => {} },
          ),
        ),
      );
      try {
        const res = await fetch(`${url}/`);
        const cookies = res.headers.getSetCookie();
        assert.ok(cookies.includes('app=1'), cookies.join(' | '));
        assert.ok(
          cookies.some((c) => /^csrftoken=[A-Za-z0-9]{32};/.test(c)),
          cookies.join(' | '),
        );
        assert.match(res.headers.get('vary') ?? '', /Accept.*Cookie/);
      } finally {
        await close();
      }
    });
  }
});

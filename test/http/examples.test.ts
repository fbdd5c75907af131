/**
 * Each adapter's example in examples/ over real HTTP, through the built package (as a user imports it):
 * visits count up across requests, sign-in cycles the cookie and keeps the data, sign-out deletes it.
 */
import '../built-package.js'; // first: a missing or stale dist/ stops the run here
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { createApp as expressApp } from '../../examples/express.js';
import { createApp as fastifyApp } from '../../examples/fastify.js';
import { createHandler as fetchHandler } from '../../examples/fetch.js';
import { createApp as h3App } from '../../examples/h3.js';
import { createApp as honoApp } from '../../examples/hono.js';
import { createApp as koaApp } from '../../examples/koa.js';
import { createApp as nestApp } from '../../examples/nest.js';
import { createApp as nodeApp } from '../../examples/node.js';
import { createHandler as reactRouterHandler } from '../../examples/react-router/server.js';
import { createApp as workersApp } from '../../examples/workers.js';
import { toNodeHandler } from 'h3';
import { loads } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { buildSvelteKit } from './sveltekit-build.js';

interface Running {
  url: string;
  close: () => Promise<void>;
}

const listen = (server: Server): Promise<Running> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );

const serveFetch = (fetch: (request: Request) => Response | Promise<Response>): Promise<Running> =>
  new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });

const examples: Record<string, () => Promise<Running>> = {
  node: () => listen(createServer(nodeApp(SECRET))),
  express: () => listen(createServer(expressApp(SECRET))),
  fastify: async () => {
    const app = await fastifyApp(SECRET);
    return { url: await app.listen({ port: 0, host: '127.0.0.1' }), close: () => app.close() };
  },
  hono: () => serveFetch(honoApp(SECRET).fetch),
  fetch: () => serveFetch(fetchHandler(SECRET)),
  koa: () => listen(createServer(koaApp(SECRET).callback())),
  h3: () => listen(createServer(toNodeHandler(h3App(SECRET)))),
  'react-router/server': () => serveFetch(reactRouterHandler(SECRET)),
  workers: () => {
    const app = workersApp();
    return serveFetch((request) => app.fetch(request, { SESSION_SECRET: SECRET }));
  },
  'nest (Express)': () => nest('express'),
  'nest (Fastify)': () => nest('fastify'),
  sveltekit: async () => {
    process.env['SESSION_SECRET'] = SECRET; // read by examples/sveltekit/src/hooks.server.ts when the build loads
    return listen(createServer(await buildSvelteKit('examples/sveltekit')));
  },
};

async function nest(platform: 'express' | 'fastify'): Promise<Running> {
  const app = await nestApp(SECRET, platform);
  await app.listen(0, '127.0.0.1');
  return { url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('sessionid='));
const valueOf = (header: string) => header.slice('sessionid='.length, header.indexOf(';'));

for (const [name, start] of Object.entries(examples)) {
  describe(`examples/${name.replace(/ \(.*/, '')}${name === 'sveltekit' ? '/' : '.ts'}${name.includes('(') ? name.slice(name.indexOf(' ')) : ''}`, () => {
    test('counts visits, signs in with a new cookie, signs out', async () => {
      const app = await start();
      try {
        const first = await fetch(`${app.url}/`);
        assert.deepEqual(await first.json(), { visits: 1, user: null });
        let cookie = valueOf(sessionCookie(first)!);

        const second = await fetch(`${app.url}/`, { headers: { cookie: `sessionid=${cookie}` } });
        assert.deepEqual(await second.json(), { visits: 2, user: null });
        cookie = valueOf(sessionCookie(second)!);

        const login = await fetch(`${app.url}/login?user=ada`, {
          headers: { cookie: `sessionid=${cookie}` },
          redirect: 'manual',
        });
        assert.equal(login.status, 302);
        const afterLogin = sessionCookie(login)!;
        assert.notEqual(valueOf(afterLogin), '');
        cookie = valueOf(afterLogin);
        const third = await fetch(`${app.url}/`, { headers: { cookie: `sessionid=${cookie}` } });
        assert.deepEqual(await third.json(), { visits: 3, user: 'ada' });

        const logout = await fetch(`${app.url}/logout`, { headers: { cookie: `sessionid=${cookie}` } });
        assert.equal(valueOf(sessionCookie(logout)!), '');
        assert.match(sessionCookie(logout)!, /Max-Age=0/);
      } finally {
        await app.close();
      }
    });
  });
}

describe("examples/react-router: the storage as React Router's, flash messages included", () => {
  test('a flash message set on sign-in is read once, then gone; Django can read what was stored', async () => {
    const app = await serveFetch(reactRouterHandler(SECRET));
    try {
      const login = await fetch(`${app.url}/login?user=ada`, { redirect: 'manual' });
      const cookie = valueOf(sessionCookie(login)!);
      assert.deepEqual(loads(cookie, { key: SECRET, salt: 'django.contrib.sessions.backends.signed_cookies' }), {
        user: 'ada',
        __flash_message__: 'Welcome, ada',
      });
      const first = await fetch(`${app.url}/message`, { headers: { cookie: `sessionid=${cookie}` } });
      assert.deepEqual(await first.json(), { message: 'Welcome, ada' });
      const second = await fetch(`${app.url}/message`, {
        headers: { cookie: `sessionid=${valueOf(sessionCookie(first)!)}` },
      });
      assert.deepEqual(await second.json(), { message: null });
    } finally {
      await app.close();
    }
  });
});

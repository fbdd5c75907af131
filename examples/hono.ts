/** Hono: `npx tsx examples/hono.ts`, then open http://localhost:3000 (the same app runs on Bun, Deno and Workers). */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type SessionEnv, session } from 'signed-cookie-session/hono';
import { exampleSecret, isMain } from './secret.js';

export interface Visit {
  visits: number;
  user?: string;
}

export function createApp(secret: string) {
  const app = new Hono<SessionEnv<Visit>>();
  app.use(session<Visit>({ secret, secure: false })); // secure: false only for plain http://localhost
  app.route('/', visitRoutes());
  return app;
}

/** The routes, on any Hono app that has the session middleware (examples/workers.ts mounts them too). */
export function visitRoutes() {
  const routes = new Hono<SessionEnv<Visit>>();
  routes.get('/login', (c) => {
    const s = c.get('session');
    s.cycleKey();
    s.set('user', c.req.query('user') ?? 'guest');
    return c.redirect('/');
  });
  routes.get('/logout', (c) => {
    c.get('session').flush();
    return c.text('signed out');
  });
  routes.get('/', (c) => {
    const s = c.get('session');
    s.set('visits', s.get('visits', 0) + 1);
    return c.json({ visits: s.get('visits'), user: s.get('user') ?? null });
  });
  return routes;
}

if (isMain(import.meta.url)) {
  serve({ fetch: createApp(exampleSecret()).fetch, port: 3000 }, () =>
    console.log('Hono example on http://localhost:3000'),
  );
}

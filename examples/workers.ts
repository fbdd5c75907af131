/**
 * Cloudflare Workers (Hono): the secrets come in `env` with each request, so the session options are a
 * function of it; the middleware is made once per distinct secrets, not per request.
 * `wrangler dev` with `export default app`; `npx tsx examples/workers.ts` serves it on Node.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type SessionEnv, session } from 'signed-cookie-session/hono';
import { visitRoutes, type Visit } from './hono.js';
import { exampleSecret, isMain } from './secret.js';

/** The Worker's bindings (wrangler secrets). */
export interface Bindings {
  SESSION_SECRET: string;
  /** The previous secret during a rotation: still verifies, never signs. */
  OLD_SESSION_SECRET?: string;
}

export function createApp() {
  const app = new Hono<{ Bindings: Bindings } & SessionEnv<Visit>>();
  app.use(
    session<Visit, Bindings>((env) => ({
      secret: env.SESSION_SECRET,
      fallbackSecrets: env.OLD_SESSION_SECRET ? [env.OLD_SESSION_SECRET] : [],
      secure: false, // only for plain http://localhost; keep the default (true) on Workers
    })),
  );
  app.route('/', visitRoutes()); // the routes of examples/hono.ts
  return app;
}

// On Workers: export default createApp();

if (isMain(import.meta.url)) {
  const app = createApp();
  const env: Bindings = { SESSION_SECRET: exampleSecret() };
  serve({ fetch: (request) => app.fetch(request, env), port: 3000 }, () =>
    console.log('Workers example on http://localhost:3000'),
  );
}

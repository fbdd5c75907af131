/** Koa: `npx tsx examples/koa.ts`, then open http://localhost:3000. */
import Koa from 'koa';
import { getSession, session } from 'signed-cookie-session/koa';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

export function createApp(secret: string) {
  const app = new Koa();
  app.use(session<Visit>({ secret, secure: false })); // secure: false only for plain http://localhost
  app.use((ctx) => {
    const s = getSession<Visit>(ctx); // typed; also ctx.session
    if (ctx.path === '/login') {
      s.cycleKey(); // a new cookie on sign-in, against session fixation
      s.set('user', String(ctx.query['user'] ?? 'guest'));
      return ctx.redirect('/');
    }
    if (ctx.path === '/logout') {
      s.flush();
      ctx.body = 'signed out';
      return;
    }
    s.set('visits', s.get('visits', 0) + 1);
    ctx.body = { visits: s.get('visits'), user: s.get('user') ?? null };
  });
  return app;
}

if (isMain(import.meta.url)) {
  createApp(exampleSecret()).listen(3000, () => console.log('Koa example on http://localhost:3000'));
}

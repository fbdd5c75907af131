/** Fastify: `npx tsx examples/fastify.ts`, then open http://localhost:3000. */
import Fastify from 'fastify';
import { getSession, session } from 'signed-cookie-session/fastify';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

export async function createApp(secret: string) {
  const app = Fastify();
  await app.register(session, { secret, secure: false }); // secure: false only for plain http://localhost

  app.get<{ Querystring: { user?: string } }>('/login', (request, reply) => {
    const s = getSession<Visit>(request);
    s.cycleKey();
    s.set('user', request.query.user ?? 'guest');
    return reply.redirect('/');
  });
  app.get('/logout', (request) => {
    request.session.flush();
    return 'signed out';
  });
  app.get('/', (request) => {
    const s = getSession<Visit>(request);
    s.set('visits', s.get('visits', 0) + 1);
    return { visits: s.get('visits'), user: s.get('user') ?? null };
  });
  return app;
}

if (isMain(import.meta.url)) {
  const app = await createApp(exampleSecret());
  await app.listen({ port: 3000 });
  console.log('Fastify example on http://localhost:3000');
}

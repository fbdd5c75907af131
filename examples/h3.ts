/**
 * h3 v2 (the server of Nuxt, TanStack Start and SolidStart): `npx tsx examples/h3.ts`, then open
 * http://localhost:3000. The same app runs on Bun, Deno and Workers (`export default { fetch: app.fetch }`).
 */
import { H3, redirect, serve } from 'h3';
import { getSession, session } from 'signed-cookie-session/h3';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

export function createApp(secret: string): H3 {
  const app = new H3();
  app.use(session<Visit>({ secret, secure: false })); // secure: false only for plain http://localhost

  app.get('/login', (event) => {
    const s = getSession<Visit>(event);
    s.cycleKey(); // a new cookie on sign-in, against session fixation
    s.set('user', event.url.searchParams.get('user') ?? 'guest');
    return redirect('/', 302);
  });
  app.get('/logout', (event) => {
    getSession(event).flush();
    return 'signed out';
  });
  app.get('/', (event) => {
    const s = getSession<Visit>(event);
    s.set('visits', s.get('visits', 0) + 1);
    return { visits: s.get('visits'), user: s.get('user') ?? null };
  });
  return app;
}

if (isMain(import.meta.url)) {
  serve(createApp(exampleSecret()), { port: 3000 });
}

/** Express: `npx tsx examples/express.ts`, then open http://localhost:3000. */
import express from 'express';
import { getSession, session } from 'signed-cookie-session/express';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

export function createApp(secret: string) {
  const app = express();
  app.use(session<Visit>({ secret, secure: false })); // secure: false only for plain http://localhost

  app.get('/login', (req, res) => {
    const s = getSession<Visit>(req);
    s.cycleKey();
    s.set('user', String(req.query['user'] ?? 'guest'));
    res.redirect('/');
  });
  app.get('/logout', (req, res) => {
    getSession(req).flush();
    res.send('signed out');
  });
  app.get('/', (req, res) => {
    const s = getSession<Visit>(req);
    s.set('visits', s.get('visits', 0) + 1);
    res.json({ visits: s.get('visits'), user: s.get('user') ?? null });
  });
  return app;
}

if (isMain(import.meta.url)) {
  createApp(exampleSecret()).listen(3000, () => console.log('Express example on http://localhost:3000'));
}

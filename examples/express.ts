/** Express: `npx tsx examples/express.ts`, then open http://localhost:3000. */
import express from 'express';
import { session } from 'signed-cookie-session/express';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

// Declared once: every route's req.session is a SessionStore<Visit> (Express 4 and 5).
declare module 'signed-cookie-session/express' {
  interface Register {
    data: Visit;
  }
}

export function createApp(secret: string) {
  const app = express();
  app.use(session({ secret, secure: false })); // secure: false only for plain http://localhost

  app.get('/login', (req, res) => {
    req.session.cycleKey(); // a new cookie on sign-in, against session fixation
    req.session.set('user', String(req.query['user'] ?? 'guest'));
    res.redirect('/');
  });
  app.get('/logout', (req, res) => {
    req.session.flush();
    res.send('signed out');
  });
  app.get('/', (req, res) => {
    req.session.set('visits', req.session.get('visits', 0) + 1);
    res.json({ visits: req.session.get('visits'), user: req.session.get('user') ?? null });
  });
  return app;
}

if (isMain(import.meta.url)) {
  createApp(exampleSecret()).listen(3000, () => console.log('Express example on http://localhost:3000'));
}

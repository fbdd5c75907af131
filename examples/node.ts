/** node:http: `npx tsx examples/node.ts`, then open http://localhost:3000. */
import { createServer } from 'node:http';
import { withSession } from 'signed-cookie-session/node';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

export function createApp(secret: string) {
  // secure: false only because the example runs on plain http://localhost.
  return withSession<Visit>(
    (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/login') {
        req.session.cycleKey(); // a new cookie on sign-in, against session fixation
        req.session.set('user', url.searchParams.get('user') ?? 'guest');
        return void res.writeHead(302, { location: '/' }).end();
      }
      if (url.pathname === '/logout') {
        req.session.flush();
        return void res.end('signed out');
      }
      const visits = req.session.get('visits', 0) + 1;
      req.session.set('visits', visits);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ visits, user: req.session.get('user') ?? null }));
    },
    { secret, secure: false },
  );
}

if (isMain(import.meta.url)) {
  createServer(createApp(exampleSecret())).listen(3000, () => console.log('node example on http://localhost:3000'));
}

/**
 * The demo site (`npm start`): http://localhost:3000, built on the node:http adapter. Sign in (cycling the
 * session), a counter and a cart, expiry controls, the cookie decoded with its size, a button that tampers
 * with the cookie to show it refused, and sign out.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { generateSecret } from 'signed-cookie-session';
import { withSession } from 'signed-cookie-session/node';
import { inspectToken } from 'signed-cookie-session/signing';
import { page } from './page.js';

interface DemoSession {
  user?: string;
  counter: number;
  cart: string[];
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

function describeExpiry(age: number, atClose: boolean, defaultAge: number): string {
  if (atClose) return 'until the browser closes';
  return age === defaultAge ? 'two weeks after the last change (the default)' : `${age} s after the last change`;
}

export function createDemo(secret: string, generatedSecret = false) {
  return withSession<DemoSession>(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const s = req.session;
      if (req.method === 'POST') {
        const data = await form(req);
        switch (url.pathname) {
          case '/login':
            s.cycleKey();
            s.set('user', (data.get('name') ?? '').trim().slice(0, 40) || 'guest');
            break;
          case '/logout':
            s.flush();
            break;
          case '/count':
            s.set('counter', s.get('counter', 0) + 1);
            break;
          case '/cart/add':
            s.set('cart', [...s.get('cart', []), (data.get('item') ?? '').slice(0, 60)]);
            break;
          case '/cart/clear':
            s.set('cart', []);
            break;
          case '/expiry': {
            const seconds = data.get('seconds');
            s.setExpiry(seconds === null || seconds === '' ? null : Number(seconds));
            break;
          }
          case '/tamper': {
            // The cookie is HttpOnly, so page scripts cannot touch it: the server plays the attacker here. It
            // reads the (unencrypted) payload, makes itself admin, and keeps the old timestamp and signature.
            const cookie = /(?:^|;\s*)sessionid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
            if (cookie) {
              const [, ts, signature] = cookie.split(':');
              const payload = { ...(inspectToken(cookie).payload as object), user: 'admin', counter: 1_000_000 };
              const forged = Buffer.from(JSON.stringify(payload).replace(/[^\x20-\x7e]/g, '?')).toString('base64url');
              res.setHeader('set-cookie', `sessionid=${forged}:${ts}:${signature}; Path=/; HttpOnly; SameSite=Lax`);
            }
            break;
          }
        }
        res.writeHead(303, { location: '/' }).end();
        return;
      }
      if (url.pathname !== '/') return void res.writeHead(404).end('Not found');
      const cookie = /(?:^|;\s*)sessionid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const html = page({
        user: s.get('user'),
        counter: s.get('counter', 0),
        cart: s.get('cart', []),
        expiry: describeExpiry(s.getExpiryAge(), s.getExpireAtBrowserClose(), s.getSessionCookieAge()),
        refused: s.invalidReason,
        cookie,
        inspected: cookie ? inspectToken(cookie) : undefined,
        generatedSecret,
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    },
    // secure: false only because the demo runs on plain http://localhost (Safari drops Secure cookies there).
    { secret, secure: false },
  );
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const configured = process.env['SESSION_SECRET'];
  if (!configured) console.log('No SESSION_SECRET set: generated a secret for this run (sessions end when the server stops).');
  const port = Number(process.env['PORT'] ?? 3000);
  createServer(createDemo(configured ?? generateSecret(), !configured)).listen(port, () => console.log(`Demo on http://localhost:${port}`));
}

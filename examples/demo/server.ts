/**
 * The demo site (`npm start`): http://localhost:3000, built on the node:http adapter. Sign in (cycling the
 * session), a counter and a cart, expiry controls, the cookie decoded part by part with its size, the
 * library code each button runs, a button that tampers with the cookie and another that replays an older
 * one (kept on the server for the demo) to watch the server refuse them and say why, and the same cookie
 * checked by the CLI command a developer would type.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateSecret, type RefusalReason } from 'signed-cookie-session';
import { type SessionRequest, withSession } from 'signed-cookie-session/node';
import { inspectToken } from 'signed-cookie-session/signing';
import { type BrowserHistory, type CliRun, DemoHistory } from './browser-history.js';
import { explainRefusal } from './explain.js';
import { page } from './page.js';

interface DemoSession {
  user?: string;
  counter: number;
  cart: string[];
}

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

const cookieNamed = (req: IncomingMessage, name: string): string | undefined =>
  new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];

function describeExpiry(age: number, atClose: boolean, defaultAge: number): string {
  if (atClose) return 'until the browser closes';
  return age === defaultAge ? 'two weeks after the last change (the default)' : `${age} s after the last change`;
}

/** The CLI binary, run on the cookie exactly as a developer would, with the secret in the environment. */
async function verifyWithCli(cookie: string, secret: string): Promise<CliRun> {
  const command = `SESSION_SECRET=… npx signed-cookie-session verify 'sessionid=${cookie}'`;
  if (!existsSync(CLI))
    return { command, output: 'dist/cli/main.js is missing: run "npm run build" (npm start does).', exitCode: 2 };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'verify', `sessionid=${cookie}`], {
      env: { SESSION_SECRET: secret },
      timeout: 10_000,
    });
    return { command, output: stdout.trim(), exitCode: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return {
      command,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim(),
      exitCode: typeof failed.code === 'number' ? failed.code : 1,
    };
  }
}

export interface DemoOptions {
  generatedSecret?: boolean;
  /** The clock, for tests. */
  now?: () => number;
}

export function createDemo(secret: string, options: DemoOptions = {}) {
  const now = options.now ?? Date.now;
  const browsers = new DemoHistory();
  // The session is loaded synchronously inside one request's handler, so the refusal reported last is
  // this request's (no other request runs in between).
  let refusal: { reason: RefusalReason; detail: string } | undefined;
  const refusalDetail = (): string | undefined => refusal?.detail;
  const handler = withSession<DemoSession>(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const s = req.session;
      const { id, history } = browsers.open(cookieNamed(req, 'demo'));
      res.setHeader('set-cookie', `demo=${id}; Path=/; HttpOnly; SameSite=Lax`);
      const cookie = cookieNamed(req, 'sessionid');
      DemoHistory.see(history, cookie, now());
      if (req.method === 'POST') {
        const data = await form(req);
        await act(url.pathname, data, req, res, history);
        res.writeHead(303, { location: '/' }).end();
        return;
      }
      if (url.pathname !== '/') return void res.writeHead(404).end('Not found');
      refusal = undefined;
      // #region read
      const user = s.get('user'); // the first access verifies the cookie; a refused one gives an empty session
      const reason = s.invalidReason; // why it was refused, if it was (also reported to onInvalid)
      // #endregion
      const refused = reason ? { reason, detail: refusalDetail() } : undefined;
      const notice = history.notice;
      history.notice = undefined;
      const html = page({
        user,
        counter: s.get('counter', 0),
        cart: s.get('cart', []),
        expiry: describeExpiry(s.getExpiryAge(), s.getExpireAtBrowserClose(), s.getSessionCookieAge()),
        refused: refused && {
          ...refused,
          words: explainRefusal(refused.reason, refused.detail, cookie, s.getSessionCookieAge(), now()),
        },
        notice,
        cookie,
        older: history.cookies.filter((c) => c.value !== cookie),
        cli: history.cli?.command.includes(`sessionid=${cookie}'`) ? history.cli : undefined,
        now: now(),
        generatedSecret: options.generatedSecret ?? false,
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    },
    // secure: false only because the demo runs on plain http://localhost (Safari drops Secure cookies there).
    { secret, secure: false, now, onInvalid: (reason, error) => (refusal = { reason, detail: error.message }) },
  );

  async function act(
    path: string,
    data: URLSearchParams,
    req: SessionRequest<DemoSession>,
    res: ServerResponse,
    history: BrowserHistory,
  ): Promise<void> {
    const s = req.session;
    switch (path) {
      case '/login': {
        const name = (data.get('name') ?? '').trim().slice(0, 40) || 'guest';
        // #region login
        s.cycleKey(); // a new cookie value on sign-in, against session fixation (Django's login())
        s.set('user', name);
        // #endregion
        break;
      }
      case '/logout':
        // #region logout
        s.flush(); // empties the session; the middleware deletes the cookie
        // #endregion
        break;
      case '/count':
        // #region count
        s.set('counter', s.get('counter', 0) + 1); // modified: the middleware signs and sets a new cookie
        // #endregion
        break;
      case '/cart/add': {
        const item = (data.get('item') ?? '').slice(0, 60);
        // #region cart
        s.set('cart', [...s.get('cart', []), item]);
        // #endregion
        break;
      }
      case '/cart/clear':
        s.set('cart', []);
        break;
      case '/expiry': {
        const seconds = data.get('seconds');
        const value = seconds === null || seconds === '' ? null : Number(seconds);
        // #region expiry
        s.setExpiry(value); // seconds, 0 = when the browser closes, null = the default (maxAge)
        // #endregion
        break;
      }
      case '/tamper': {
        // The cookie is HttpOnly, so page scripts cannot touch it: the server plays the attacker here. It
        // reads the (unencrypted) payload, makes itself admin, and keeps the old timestamp and signature.
        const cookie = cookieNamed(req, 'sessionid');
        if (cookie) {
          const [, ts, signature] = cookie.split(':');
          const payload = { ...(inspectToken(cookie).payload as object), user: 'admin', counter: 1_000_000 };
          const forged = Buffer.from(JSON.stringify(payload).replace(/[^\x20-\x7e]/g, '?')).toString('base64url');
          res.appendHeader('set-cookie', `sessionid=${forged}:${ts}:${signature}; Path=/; HttpOnly; SameSite=Lax`);
        }
        break;
      }
      case '/replay': {
        // Puts back a cookie this browser sent earlier, as someone who copied it then could.
        const old = history.cookies.find((c) => String(c.id) === data.get('cookie'));
        if (old) {
          res.appendHeader('set-cookie', `sessionid=${old.value}; Path=/; HttpOnly; SameSite=Lax`);
          history.notice = `Replayed the cookie this browser sent ${Math.round((now() - old.seenAt) / 1000)} s ago.`;
        }
        break;
      }
      case '/cli': {
        const cookie = cookieNamed(req, 'sessionid');
        if (cookie) history.cli = await verifyWithCli(cookie, secret);
        break;
      }
    }
  }
  return handler;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const configured = process.env['SESSION_SECRET'];
  if (!configured)
    console.log('No SESSION_SECRET set: generated a secret for this run (sessions end when the server stops).');
  const port = Number(process.env['PORT'] ?? 3000);
  createServer(createDemo(configured ?? generateSecret(), { generatedSecret: !configured })).listen(port, () =>
    console.log(`Demo on http://localhost:${port}`),
  );
}

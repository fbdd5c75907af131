/**
 * Issue 13 #1 in a real browser: a sibling subdomain (evil.site.test) cannot set `__Host-sessionid`, but
 * it can set a domain cookie whose value is `x,__Host-sessionid=<its own valid token>`. Chromium stores it
 * and sends `Cookie: tossed=x,__Host-sessionid=…` to app.site.test; the app must not take that for its
 * session. Both names map to 127.0.0.1 (`--host-resolver-rules`), over HTTPS with a self-signed
 * certificate made for the run, because `__Host-` cookies need `Secure`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { withSession } from '../../src/adapters/node.js';
import { dumps } from '../../src/signing/index.js';
import { SECRET } from '../helpers.js';
import { launchChromium } from './chromium.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
const NAME = '__Host-sessionid';

let browser: Browser;
let app: Server;
let evil: Server;
let dir: string;
const seen: string[] = [];

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tossing-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=site.test',
      '-addext',
      'subjectAltName=DNS:site.test,DNS:*.site.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  app = createServer(
    tls,
    withSession(
      (req, res) => {
        seen.push(req.headers.cookie ?? '');
        if (req.url === '/login') req.session.set('user', 'victim');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ user: req.session.get('user') ?? null, reason: req.session.invalidReason ?? null }));
      },
      { secret: SECRET, cookieName: NAME, secure: true, onWarning: () => undefined },
    ),
  );
  // The attacker's own valid session (they have an account), planted from the sibling host.
  const attacker = dumps({ user: 'attacker' }, { key: SECRET, salt: SALT, compress: true });
  evil = createServer(tls, (_req, res) => {
    res.setHeader('set-cookie', `tossed=x,${NAME}=${attacker}; Domain=site.test; Path=/; Secure`);
    res.end('planted');
  });
  browser = await launchChromium(['--host-resolver-rules=MAP *.site.test 127.0.0.1']);
});

after(async () => {
  await browser?.close();
  await Promise.all([app, evil].map((s) => new Promise((r) => s?.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

test('#13.1 in Chromium: a sibling subdomain plants "tossed=x,__Host-sessionid=…"; the app never takes it for its session', async () => {
  const [appPort, evilPort] = [await listen(app), await listen(evil)];
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const json = async (url: string) =>
    JSON.parse((await (await page.goto(url))!.text()) as string) as { user: string | null; reason: string | null };
  const base = `https://app.site.test:${appPort}`;

  assert.equal(await (await page.goto(`https://evil.site.test:${evilPort}/plant`))!.text(), 'planted');
  // Without a session of their own, the visitor is not served the attacker's (fixation).
  assert.deepEqual(await json(`${base}/whoami`), { user: null, reason: null });
  assert.match(seen.at(-1)!, new RegExp(`^tossed=x,${NAME}=`), 'Chromium really sent the tossed cookie with its comma');
  // Signed in, the visitor's own cookie is the session: not ambiguous, not deleted, not the attacker's.
  assert.deepEqual(await json(`${base}/login`), { user: 'victim', reason: null });
  assert.deepEqual(await json(`${base}/whoami`), { user: 'victim', reason: null });
  assert.ok(
    seen.at(-1)!.includes(`tossed=x,${NAME}=`) && seen.at(-1)!.includes(`; ${NAME}=`),
    'both cookies were sent',
  );
  const own = (await context.cookies(base)).filter((c) => c.name === NAME);
  assert.equal(own.length, 1);
  await context.close();
});

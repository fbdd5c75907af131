/**
 * The interop rig: a real Django (Debian's python3-django) started with `manage.py runserver`, servers
 * built on this library with the same routes, a one-process Django signing helper, and a cookie jar.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { session as expressSession, getSession } from '../../src/adapters/express.js';
import { type SessionEnv, session as honoSession } from '../../src/adapters/hono.js';
import { withSession } from '../../src/adapters/node.js';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import type { SessionStore } from '../../src/index.js';
import { type JsonValue, toPythonJson } from '../../src/signing/index.js';

/** Debian's interpreter, where python3-django installs (the PATH's python3 may be another one). */
export const PYTHON = process.env['DJANGO_PYTHON'] ?? '/usr/bin/python3';
const SITE = fileURLToPath(new URL('./django_site/', import.meta.url));
const HELPER = fileURLToPath(new URL('./django_helper.py', import.meta.url));

/** Fails (never skips) when Django is missing, naming the install command. */
export function requireDjango(): string {
  const probe = spawnSync(PYTHON, ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`Django is not installed for ${PYTHON}: run "apt-get install python3-django" (Debian), or set DJANGO_PYTHON to a Python with Django.`);
  }
  return probe.stdout.trim();
}

export interface Running {
  url: string;
  close: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts the Django site with `secret` and waits until it answers. */
export async function startDjango(secret: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(PYTHON, ['manage.py', 'runserver', `127.0.0.1:${port}`, '--noreload'], {
    cwd: SITE,
    env: { ...process.env, INTEROP_SECRET_KEY: secret, PYTHONDONTWRITEBYTECODE: '1' },
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/session/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`Django did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The routes the Django site has, on a session of ours. */
function route(path: string, query: URLSearchParams, body: unknown, session: SessionStore): JsonValue {
  switch (path) {
    case '/login/':
      session.cycleKey();
      session.set('user', query.get('user') ?? 'guest');
      break;
    case '/incr/':
      session.set('counter', (session.get('counter', 0) as number) + 1);
      break;
    case '/expiry/':
      session.setExpiry(Number(query.get('seconds')));
      break;
    case '/expiry-date/':
      session.setExpiry(new Date(Date.now() + Number(query.get('seconds')) * 1000));
      break;
    case '/flush/':
      session.flush();
      return { data: {} };
    case '/merge/':
      session.update(body as Record<string, JsonValue>);
      break;
  }
  return { data: session.toJSON(), expiry_age: session.getExpiryAge() };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

function listen(server: Server): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

/** Our servers: the node adapter, Express, and Hono on the Web Crypto back end. */
export const ours: Record<string, (options: SessionMiddlewareOptions) => Promise<Running>> = {
  node: (options) =>
    listen(
      createServer(
        withSession(async (req, res) => {
          const url = new URL(req.url!, 'http://x');
          const json = route(url.pathname, url.searchParams, await readBody(req), req.session);
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(json));
        }, options),
      ),
    ),
  express: (options) => {
    const app = express();
    app.use(express.json());
    app.use(expressSession(options));
    app.use((req, res) => {
      const url = new URL(req.url, 'http://x');
      res.json(route(url.pathname, url.searchParams, req.body, getSession(req)));
    });
    return listen(createServer(app));
  },
  'hono (Web Crypto)': (options) => {
    const app = new Hono<SessionEnv>();
    app.use(honoSession({ ...options, crypto: 'web' }));
    app.all('*', async (c) => {
      const url = new URL(c.req.url);
      const body = c.req.method === 'POST' ? await c.req.json() : undefined;
      return c.json(route(url.pathname, url.searchParams, body, c.get('session')));
    });
    return new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) }),
      );
    });
  },
};

/** A browser's view of the one `sessionid` cookie both sides share. */
export class CookieJar {
  value: string | undefined;

  /** Sends a request with the jar's cookie and applies the response's Set-Cookie. */
  async request(url: string, init: RequestInit = {}): Promise<{ status: number; json: { data: Record<string, JsonValue>; expiry_age?: number } }> {
    const headers = new Headers(init.headers);
    if (this.value !== undefined) headers.set('cookie', `sessionid=${this.value}`);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const match = /^\s*sessionid=("?)([^;"]*)\1;(.*)$/i.exec(line);
      if (!match) continue;
      this.value = /max-age=0(;|$)/i.test(match[3]!) ? undefined : match[2];
    }
    const text = await res.text();
    return { status: res.status, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : { data: {} } };
  }

  post(url: string, body: unknown) {
    return this.request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }
}

/** Django's `signing.dumps`/`loads` in one long-lived Python process. */
export class DjangoSigning {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  #stderr = '';
  #exited: Error | undefined;

  /** @param env extra environment, e.g. a PYTHONPATH from scripts/django.sh for one Django series */
  constructor(env: Record<string, string> = {}) {
    this.#child = spawn(PYTHON, [HELPER], { env: { ...process.env, ...env, PYTHONDONTWRITEBYTECODE: '1' } });
    createInterface({ input: this.#child.stdout }).on('line', (line) => this.#pending.shift()?.resolve(line));
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    // A helper that dies fails every waiting request instead of leaving the test hanging.
    this.#child.on('exit', (code, signal) => {
      this.#exited = new Error(`The Django signing helper exited (${signal ?? code}): ${this.#stderr.trim() || 'no output'}`);
      for (const waiter of this.#pending.splice(0)) waiter.reject(this.#exited);
    });
  }

  #ask(request: object): Promise<{ token?: string; value?: JsonValue; error?: string }> {
    // Python's JSON spelling, so -0.0, 1e+16 and the like reach Django as the same floats. Serialised
    // before queueing the waiter, so a refused request cannot shift the answers of the next ones.
    const line = `${toPythonJson(request)}\n`;
    if (this.#exited) return Promise.reject(this.#exited);
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve: (answer) => resolve(JSON.parse(answer)), reject });
      this.#child.stdin.write(line);
    });
  }

  async dumps(value: JsonValue, key: string, salt: string): Promise<string> {
    const { token, error } = await this.#ask({ op: 'dumps', value, key, salt });
    if (!token) throw new Error(`Django dumps failed: ${error}`);
    return token;
  }

  loads(token: string, key: string, salt: string) {
    return this.#ask({ op: 'loads', token, key, salt });
  }

  /** What Django's own Cookie parser finds for `name` in a Cookie header, then `loads`. */
  cookie(header: string, name: string, key: string, salt: string) {
    return this.#ask({ op: 'cookie', header, name, key, salt });
  }

  close(): void {
    this.#child.stdin.end();
  }
}

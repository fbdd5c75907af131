/**
 * The interop rig: real Django 3.2, 4.2 and 5.2 (Debian's packages, extracted by scripts/django.sh, never
 * installed into the system Python) started with `manage.py runserver`, servers built on this library
 * with the same routes, a one-process Django signing helper, and a cookie jar.
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
import { type SessionStore, UnreadableValueError } from '../../src/index.js';
import { type JsonValue, toPythonJson } from '../../src/signing/index.js';

/** Debian's interpreter, which the extracted Django packages are built for. */
export const PYTHON = '/usr/bin/python3';
/** The Django series the interop suite runs against. */
export const SERIES = ['3.2', '4.2', '5.2'] as const;
export type Series = (typeof SERIES)[number];
const SITE = fileURLToPath(new URL('./django_site/', import.meta.url));
const HELPER = fileURLToPath(new URL('./django_helper.py', import.meta.url));
const DJANGO_SH = fileURLToPath(new URL('../../scripts/django.sh', import.meta.url));

const paths = new Map<Series, string>();

/** The PYTHONPATH of one series, from scripts/django.sh (which fetches it when missing). */
function pythonPath(series: Series): string {
  let path = paths.get(series);
  if (path === undefined) {
    const run = spawnSync(DJANGO_SH, ['--path', series], { encoding: 'utf8' });
    if (run.status !== 0)
      throw new Error(
        `Django ${series} is missing and scripts/django.sh could not fetch it (run: scripts/django.sh):\n${run.stderr}`,
      );
    path = run.stdout.trim();
    paths.set(series, path);
  }
  return path;
}

/** The environment a Python of `series` runs in: that Django only, nothing from the system or the user. */
export function pythonEnv(series: Series, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONPATH: pythonPath(series),
    PYTHONNOUSERSITE: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    ...extra,
  };
}

/** Fails (never skips) when a Django series is missing, naming the command that fetches it. */
export function requireDjango(series: Series): string {
  const probe = spawnSync(PYTHON, ['-c', 'import django; print(django.get_version())'], {
    encoding: 'utf8',
    env: pythonEnv(series),
  });
  if (probe.status !== 0 || !probe.stdout.startsWith(`${series}.`)) {
    throw new Error(
      `Django ${series} does not import from scripts/django.sh's cache (run: scripts/django.sh): ${probe.stderr.trim() || probe.stdout.trim()}`,
    );
  }
  return probe.stdout.trim();
}

/** The settings the Django site reads from its environment: those that must match on both sides. */
export interface DjangoSettings {
  secret: string;
  fallbacks?: string[];
  useTz?: boolean;
  timeZone?: string;
  cookieAge?: number;
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

/** Starts the Django site of `series` with these settings and waits until it answers. */
export async function startDjango(series: Series, settings: DjangoSettings): Promise<Running> {
  const port = await freePort();
  const child = spawn(PYTHON, ['manage.py', 'runserver', `127.0.0.1:${port}`, '--noreload'], {
    cwd: SITE,
    env: pythonEnv(series, {
      INTEROP_SECRET_KEY: settings.secret,
      INTEROP_SECRET_KEY_FALLBACKS: JSON.stringify(settings.fallbacks ?? []),
      INTEROP_USE_TZ: String(settings.useTz ?? true),
      INTEROP_TIME_ZONE: settings.timeZone ?? 'UTC',
      INTEROP_COOKIE_AGE: String(settings.cookieAge ?? 1_209_600),
    }),
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
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
    case '/unavailable/':
      session.set('during_503', true);
      return { status: 503, data: {} };
    case '/merge/':
      session.update(body as Record<string, JsonValue>);
      break;
  }
  return { data: readable(session), expiry_age: session.getExpiryAge() };
}

/** The session's data, with a value JS cannot read without loss (a big integer) shown as such. */
function readable(session: SessionStore): Record<string, JsonValue> {
  const data: Record<string, JsonValue> = {};
  for (const key of session.keys()) {
    try {
      data[key] = session.get(key)!;
    } catch (error) {
      if (!(error instanceof UnreadableValueError)) throw error;
      data[key] = { unreadable: error.name };
    }
  }
  return data;
}

const statusOf = (json: JsonValue): number => (json as { status?: number }).status ?? 200;

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

function listen(server: Server): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
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
          res.statusCode = statusOf(json);
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
      const json = route(url.pathname, url.searchParams, req.body, getSession(req));
      res.status(statusOf(json)).json(json);
    });
    return listen(createServer(app));
  },
  'hono (Web Crypto)': (options) => {
    const app = new Hono<SessionEnv>();
    app.use(honoSession({ ...options, crypto: 'web' }));
    app.all('*', async (c) => {
      const url = new URL(c.req.url);
      const body = c.req.method === 'POST' ? await c.req.json() : undefined;
      const json = route(url.pathname, url.searchParams, body, c.get('session'));
      return c.json(json, statusOf(json) as 200);
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
  async request(
    url: string,
    init: RequestInit = {},
  ): Promise<{
    status: number;
    headers: Headers;
    json: {
      data: Record<string, JsonValue>;
      expiry_age?: number;
      types?: Record<string, string>;
      reprs?: Record<string, string>;
    };
  }> {
    const headers = new Headers(init.headers);
    if (this.value !== undefined) headers.set('cookie', `sessionid=${this.value}`);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const match = /^\s*sessionid=("?)([^;"]*)\1;(.*)$/i.exec(line);
      if (!match) continue;
      this.value = /max-age=0(;|$)/i.test(match[3]!) ? undefined : match[2];
    }
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : { data: {} },
    };
  }

  post(url: string, body: unknown) {
    return this.request(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  }
}

/** Django's `signing.dumps`/`loads` in one long-lived Python process. */
export class DjangoSigning {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  #stderr = '';
  #exited: Error | undefined;

  constructor(series: Series) {
    this.#child = spawn(PYTHON, [HELPER], { env: pythonEnv(series) });
    createInterface({ input: this.#child.stdout }).on('line', (line) => this.#pending.shift()?.resolve(line));
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    // A helper that dies fails every waiting request instead of leaving the test hanging.
    this.#child.on('exit', (code, signal) => {
      this.#exited = new Error(
        `The Django signing helper exited (${signal ?? code}): ${this.#stderr.trim() || 'no output'}`,
      );
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

  /** Django's `Signer(key, sep, salt)` with positional arguments. */
  positional(key: string, salt: string) {
    return this.#ask({ op: 'positional', key, salt });
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

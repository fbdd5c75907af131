/**
 * Real Django for the login tests: a series (4.2, 5.2) from scripts/django.sh (Debian's packages, never
 * the system Python's), a SQLite database migrated and filled with `manage.py`, `runserver`, and a
 * browser-like cookie jar shared by the Django and Node servers (cookies ignore the port).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
export const SERIES = ['5.2', '4.2'] as const;
export type Series = (typeof SERIES)[number];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SITE = fileURLToPath(new URL('./django_site/', import.meta.url));

/** The users `prepareDatabase` creates with `manage.py createsuperuser`, and their passwords. */
export const USERS = { alice: 'alice-pw-1', bob: 'bob-pw-2', carol: 'carol-pw-3' } as const;

const pathCache = new Map<string, string>();

/** The PYTHONPATH of a Django series; fails (never skips) naming the command that fetches it. */
export function djangoPath(series: Series): string {
  let path = pathCache.get(series);
  if (path) return path;
  const run = spawnSync(join(ROOT, 'scripts/django.sh'), ['--path', series], { encoding: 'utf8', env: process.env });
  if (run.status !== 0) {
    throw new Error(
      `Django ${series} is not available: run "scripts/django.sh" (as root, it apt-get downloads Debian's python3-django into .cache/django; DJANGO_CACHE chooses the directory).\n${run.stderr}`,
    );
  }
  path = run.stdout.trim();
  pathCache.set(series, path);
  return path;
}

export interface DjangoEnv {
  secret: string;
  fallbacks?: string[];
  db: string;
  csrfUseSessions?: boolean;
  trustedOrigins?: string[];
}

function env(series: Series, e: DjangoEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONPATH: djangoPath(series),
    PYTHONDONTWRITEBYTECODE: '1',
    LOGIN_SECRET_KEY: e.secret,
    LOGIN_SECRET_KEY_FALLBACKS: JSON.stringify(e.fallbacks ?? []),
    LOGIN_DB: e.db,
    LOGIN_CSRF_USE_SESSIONS: e.csrfUseSessions ? '1' : '0',
    LOGIN_TRUSTED_ORIGINS: JSON.stringify(e.trustedOrigins ?? []),
  };
}

function manage(series: Series, e: DjangoEnv, args: string[], extra: NodeJS.ProcessEnv = {}): void {
  const run = spawnSync(PYTHON, ['manage.py', ...args], {
    cwd: SITE,
    encoding: 'utf8',
    env: { ...env(series, e), ...extra },
  });
  if (run.status !== 0) throw new Error(`manage.py ${args.join(' ')} failed:\n${run.stderr}`);
}

const templates = new Map<Series, string>();

/**
 * A fresh database file with Django's tables and the three users, made by `manage.py migrate` and
 * `createsuperuser` once per series and copied for each caller.
 */
export function prepareDatabase(series: Series): { db: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `login-${series}-`));
  const db = join(dir, 'db.sqlite3');
  let template = templates.get(series);
  if (!template) {
    const templateDir = mkdtempSync(join(tmpdir(), `login-template-${series}-`));
    process.once('exit', () => rmSync(templateDir, { recursive: true, force: true }));
    template = join(templateDir, 'db.sqlite3');
    const e = { secret: 'migrate-only-secret', db: template };
    manage(series, e, ['migrate', '--noinput']);
    for (const [name, password] of Object.entries(USERS)) {
      manage(series, e, ['createsuperuser', '--noinput', '--username', name, '--email', `${name}@example.com`], {
        DJANGO_SUPERUSER_PASSWORD: password,
      });
    }
    templates.set(series, template);
  }
  copyFileSync(template, db);
  return { db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface Running {
  url: string;
  close: () => Promise<void>;
}

/** `manage.py runserver` for a series and settings; resolves once it answers. */
export async function startDjango(series: Series, e: DjangoEnv, port?: number): Promise<Running> {
  port ??= await freePort();
  const child = spawn(PYTHON, ['manage.py', 'runserver', `127.0.0.1:${port}`, '--noreload'], {
    cwd: SITE,
    env: env(series, e),
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
  child.stdout.on('data', () => {});
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/whoami/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Django ${series} did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Serves a node:http server on loopback (a free port unless given). */
export function listen(server: Server, port = 0): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

/** Serves a fetch handler on loopback through @hono/node-server. */
export function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

export interface Reply {
  status: number;
  body: string;
  json: () => Record<string, unknown>;
  setCookies: string[];
}

/** A browser's cookies for 127.0.0.1: every Set-Cookie applied, every request sending them. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const match = /^\s*([^=;\s]+)=("?)([^;"]*)\2(.*)$/.exec(line);
      if (!match) continue;
      const deleted = /max-age=0(;|$)/i.test(match[4]!) || /expires=thu, 01 jan 1970/i.test(match[4]!);
      if (deleted) this.cookies.delete(match[1]!);
      else this.cookies.set(match[1]!, match[3]!);
    }
    const body = await res.text();
    return { status: res.status, body, json: () => JSON.parse(body) as Record<string, unknown>, setCookies };
  }

  /** A form-encoded POST, as a browser submits a form. */
  post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request(url, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }
}

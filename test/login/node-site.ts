/**
 * The Node side of the login tests: the Django site's routes, on our node and Express adapters, reading
 * and writing the same SQLite file Django uses (better-sqlite3). Sign-in, sign-out and the password
 * change are CSRF-exempt test controls, as on the Django site; /protected/ is CSRF-checked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import express from 'express';
import { getSession, session as expressSession } from '../../src/adapters/express.js';
import { withSession } from '../../src/adapters/node.js';
import {
  checkPassword,
  Csrf,
  csrfMiddleware,
  DjangoAuth,
  type DjangoUser,
  getExpressCsrf,
  makePassword,
  openNodeCsrf,
  type RequestCsrf,
  withNodeCsrf,
} from '../../src/django/index.js';
import type { SessionMiddlewareOptions } from '../../src/http/session-middleware.js';
import type { SessionStore } from '../../src/index.js';
import { listen, type Running } from './django.js';

export interface NodeSiteConfig {
  secret: string;
  fallbacks?: string[];
  db: string;
  csrfUseSessions?: boolean;
  trustedOrigins?: string[];
}

export interface User extends DjangoUser {
  id: number;
  username: string;
}

interface Row {
  id: number;
  username: string;
  password: string;
  is_active: number;
}

const toUser = (row: Row | undefined): User | undefined =>
  row && { id: row.id, username: row.username, password: row.password, isActive: row.is_active === 1 };

/** The app's side of the shared database: what `loadUser`, sign-in and a password change need. */
export class Users {
  readonly #db: Database.Database;
  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('busy_timeout = 5000');
  }
  byId(id: string): User | undefined {
    return toUser(
      this.#db.prepare('SELECT id, username, password, is_active FROM auth_user WHERE id = ?').get(id) as
        Row | undefined,
    );
  }
  byName(username: string): User | undefined {
    return toUser(
      this.#db.prepare('SELECT id, username, password, is_active FROM auth_user WHERE username = ?').get(username) as
        Row | undefined,
    );
  }
  setPassword(username: string, encoded: string): void {
    this.#db.prepare('UPDATE auth_user SET password = ? WHERE username = ?').run(encoded, username);
  }
  setActive(username: string, active: boolean): void {
    this.#db.prepare('UPDATE auth_user SET is_active = ? WHERE username = ?').run(active ? 1 : 0, username);
  }
  close(): void {
    this.#db.close();
  }
}

type Body = Record<string, string>;

/** The routes, on any adapter: the session, its CSRF state and the parsed form. */
async function route(
  path: string,
  method: string,
  form: Body,
  session: SessionStore,
  csrf: RequestCsrf,
  auth: DjangoAuth<User>,
  users: Users,
): Promise<{ status: number; json: unknown }> {
  switch (`${method} ${path}`) {
    case 'GET /whoami/': {
      const user = await auth.getUser(session);
      return {
        status: 200,
        json: { user: user?.username ?? null, session: session.isEmpty() ? {} : session.toJSON() },
      };
    }
    case 'POST /login/': {
      // Django's authenticate(): the password, then ModelBackend's is_active check.
      const user = users.byName(form['username'] ?? '');
      if (!user || !(await checkPassword(form['password'] ?? '', user.password)) || user.isActive === false)
        return { status: 403, json: { user: null } };
      await auth.login(session, user, { csrf });
      return { status: 200, json: { user: user.username } };
    }
    case 'POST /logout/':
      await auth.logout(session);
      return { status: 200, json: { user: null } };
    case 'POST /set-password/':
      users.setPassword(form['username'] ?? '', await makePassword(form['password'] ?? '', { iterations: 20_000 }));
      return { status: 200, json: { ok: true } };
    case 'GET /token/':
      return { status: 200, json: { token: csrf.token() } };
    case 'POST /protected/':
      return { status: 200, json: { ok: true, note: form['note'] ?? null } };
    default:
      return { status: 404, json: { error: 'not found' } };
  }
}

const EXEMPT = new Set(['/login/', '/logout/', '/set-password/']);

async function readForm(req: IncomingMessage): Promise<Body> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return Object.fromEntries(new URLSearchParams(text));
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(json));
}

export type Adapter = 'node' | 'express';

/** Starts the Node site on one adapter. */
export async function startNodeSite(
  adapter: Adapter,
  config: NodeSiteConfig,
  port = 0,
): Promise<Running & { users: Users; auth: DjangoAuth<User> }> {
  const users = new Users(config.db);
  const auth = new DjangoAuth<User>({
    secret: config.secret,
    fallbackSecrets: config.fallbacks ?? [],
    loadUser: (id) => users.byId(id),
  });
  const csrf = new Csrf({
    useSessions: config.csrfUseSessions ?? false,
    trustedOrigins: config.trustedOrigins ?? [],
    cookieSecure: false,
  });
  const sessionOptions: SessionMiddlewareOptions = {
    secret: config.secret,
    fallbackSecrets: config.fallbacks ?? [],
    secure: false,
    onWarning: () => {},
  };
  let running: Running;
  if (adapter === 'node') {
    const checked = withNodeCsrf(async (req, res) => {
      const form = req.form ? Object.fromEntries(req.form) : {};
      const { status, json } = await route(
        new URL(req.url!, 'http://x').pathname,
        req.method!,
        form,
        (req as unknown as { session: SessionStore }).session,
        req.csrf,
        auth,
        users,
      );
      send(res, status, json);
    }, csrf);
    running = await listen(
      createServer(
        withSession(async (req, res) => {
          const path = new URL(req.url!, 'http://x').pathname;
          if (!EXEMPT.has(path)) return checked(req, res);
          const state = await openNodeCsrf(csrf, req, res, req.session);
          const { status, json } = await route(path, req.method!, await readForm(req), req.session, state, auth, users);
          send(res, status, json);
        }, sessionOptions),
      ),
      port,
    );
  } else {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(expressSession(sessionOptions));
    const checked = csrfMiddleware(csrf);
    app.use((req, res, next) => {
      if (!EXEMPT.has(req.path)) return checked(req, res, next);
      openNodeCsrf(csrf, req, res, getSession(req)).then((state) => {
        (req as unknown as { csrf: RequestCsrf }).csrf = state;
        next();
      }, next);
    });
    app.use((req, res, next) => {
      route(req.path, req.method, (req.body ?? {}) as Body, getSession(req), getExpressCsrf(req), auth, users).then(
        ({ status, json }) => {
          res.status(status).json(json);
        },
        next,
      );
    });
    running = await listen(createServer(app), port);
  }
  return {
    ...running,
    users,
    auth,
    close: async () => {
      await running.close();
      users.close();
    },
  };
}

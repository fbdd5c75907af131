/**
 * Share a login with Django: an Express service that knows who is signed in on the Django site, signs
 * users in and out so that Django agrees, and checks Django's CSRF tokens.
 * `SESSION_SECRET=<Django's SECRET_KEY> npx tsx examples/django-login.ts`, then http://localhost:3000.
 *
 * The users live in your database (Django's `auth_user` table); `loadUser` and `findUser` are yours.
 * Here they are an in-memory table with Django-format password hashes.
 */
import express from 'express';
import { getSession, session } from 'signed-cookie-session/express';
import {
  checkPassword,
  csrfMiddleware,
  DjangoAuth,
  type DjangoUser,
  getExpressCsrf,
  makePassword,
} from 'signed-cookie-session/django';
import { exampleSecret, isMain } from './secret.js';

interface User extends DjangoUser {
  id: number;
  username: string;
}

/** What `SELECT id, username, password, is_active FROM auth_user` would give. */
export async function exampleUsers(): Promise<User[]> {
  return [
    {
      id: 1,
      username: 'alice',
      password: await makePassword('alice-password', { iterations: 10_000 }),
      isActive: true,
    },
  ];
}

export function createApp(secret: string, users: User[], trustedOrigins: string[] = []) {
  const auth = new DjangoAuth<User>({
    secret, // Django's SECRET_KEY (and fallbackSecrets: SECRET_KEY_FALLBACKS)
    loadUser: async (id) => users.find((u) => String(u.id) === id),
  });
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(session({ secret, secure: false })); // secure: false only for plain http://localhost
  // Django's CsrfViewMiddleware: the csrftoken cookie, X-CSRFToken or csrfmiddlewaretoken, and Origin.
  app.use(csrfMiddleware({ trustedOrigins, cookieSecure: false }));

  app.get('/', async (req, res) => {
    const user = await auth.getUser(getSession(req));
    res.json({ user: user?.username ?? null, csrfToken: getExpressCsrf(req).token() });
  });
  app.post('/login', async (req, res) => {
    const { username = '', password = '' } = req.body as Record<string, string | undefined>;
    const user = users.find((u) => u.username === username);
    // As Django's ModelBackend: an unknown name costs a hash too, so timing does not tell which names exist.
    if (!user) await makePassword(password, { iterations: 10_000 });
    if (!user || user.isActive === false || !(await checkPassword(password, user.password)))
      return void res.status(403).json({ user: null });
    await auth.login(getSession(req), user, { csrf: getExpressCsrf(req) });
    res.json({ user: user.username });
  });
  app.post('/logout', async (req, res) => {
    await auth.logout(getSession(req));
    res.json({ user: null });
  });
  return app;
}

if (isMain(import.meta.url)) {
  const users = await exampleUsers();
  createApp(exampleSecret(), users).listen(3000, () => console.log('Django login example on http://localhost:3000'));
}

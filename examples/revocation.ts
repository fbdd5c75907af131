/**
 * Sign out everywhere, on the Redis the app already runs (node:http here; every adapter works the same):
 * `REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/revocation.ts`, then open http://localhost:3000.
 * Run several copies on other ports with the same SESSION_SECRET: a sign-out on one reaches all of them.
 */
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { type SessionMiddlewareOptions, withSession } from 'signed-cookie-session/node';
import { nodeRedisClient, Revocation, ValidationUnavailable } from 'signed-cookie-session/revocation';
import { exampleSecret, isMain } from './secret.js';

interface Account {
  user?: string;
  visits?: number;
}

export function createApp(options: SessionMiddlewareOptions, revocation: Revocation) {
  return withSession<Account>(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const session = req.session;
      const json = (body: unknown) =>
        void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      // Redis did not answer in time: the session could not be checked. Its cookie is kept; ask to retry.
      const unavailable = () =>
        void res.writeHead(503, { 'retry-after': '1' }).end('Sessions cannot be checked right now; try again shortly.');
      if (session.invalidReason === 'unavailable') return unavailable();
      try {
        switch (url.pathname) {
          case '/login': {
            // A real app checks a password first, on a POST.
            const user = url.searchParams.get('user') ?? 'guest';
            session.cycleKey();
            await revocation.signIn(session, user);
            session.set('user', user);
            return void res.writeHead(302, { location: '/' }).end();
          }
          case '/logout':
            // This browser, and any copy of its cookie, is signed out.
            await revocation.revokeSession(session);
            session.flush();
            return void res.end('signed out');
          case '/logout-everywhere': {
            // Every session of this user, on every instance, within cacheSeconds.
            const user = session.get('user');
            if (user !== undefined) await revocation.revokeUser(user);
            session.flush();
            return void res.end('signed out everywhere');
          }
          case '/whoami':
            return json({ user: session.get('user') ?? null });
          default: {
            const visits = (session.get('visits') ?? 0) + 1;
            session.set('visits', visits);
            return json({ user: session.get('user') ?? null, visits });
          }
        }
      } catch (error) {
        if (error instanceof ValidationUnavailable) return unavailable();
        throw error;
      }
    },
    // secure: false only because the example runs on plain http://localhost.
    { secure: false, ...options, validate: revocation.validate },
  );
}

/** The app's Redis client, set up to fail fast while Redis is down (revocation then applies its policy). */
export async function connectRedis(url: string) {
  const redis = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
  });
  redis.on('error', () => undefined); // it reconnects by itself; failed commands reach revocation
  await redis.connect();
  return redis;
}

if (isMain(import.meta.url)) {
  const redis = await connectRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const revocation = new Revocation({ client: nodeRedisClient(redis), cacheSeconds: 1 });
  const port = Number(process.env['PORT'] ?? 3000);
  createServer(createApp({ secret: exampleSecret() }, revocation)).listen(port, () =>
    console.log(`revocation example on http://localhost:${port}`),
  );
}

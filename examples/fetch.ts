/**
 * Fetch API: one `(Request) => Response` handler, as Next.js route handlers, Bun.serve, Deno.serve and
 * Workers take it. `npx tsx examples/fetch.ts` serves it on Node at http://localhost:3000.
 */
import { serve } from '@hono/node-server';
import { withSession } from 'signed-cookie-session/fetch';
import { exampleSecret, isMain } from './secret.js';

interface Visit {
  visits: number;
  user?: string;
}

export function createHandler(secret: string) {
  return withSession<Visit>(
    async (request, session) => {
      const url = new URL(request.url);
      if (url.pathname === '/login') {
        await session.acycleKey();
        await session.aset('user', url.searchParams.get('user') ?? 'guest');
        return Response.redirect(new URL('/', url), 302);
      }
      if (url.pathname === '/logout') {
        await session.aflush();
        return new Response('signed out');
      }
      const visits = (await session.aget('visits', 0)) + 1;
      await session.aset('visits', visits);
      return Response.json({ visits, user: (await session.aget('user')) ?? null });
    },
    { secret, secure: false }, // secure: false only for plain http://localhost
  );
}

// Next.js (app/route.ts):   export const GET = createHandler(process.env.SESSION_SECRET!);
// Bun:                      Bun.serve({ fetch: createHandler(secret) });
// Deno:                     Deno.serve(createHandler(secret));
// Workers:                  export default { fetch: createHandler(env.SESSION_SECRET) };

if (isMain(import.meta.url)) {
  serve({ fetch: createHandler(exampleSecret()), port: 3000 }, () =>
    console.log('Fetch example on http://localhost:3000'),
  );
}

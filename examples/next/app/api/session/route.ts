// A Route Handler: the wrapper puts Set-Cookie, Vary: Cookie and Cache-Control on the Response.
import { session } from '../../../lib/session';

export const GET = session.route(async (_request: Request, s) =>
  Response.json({ user: s.get('user') ?? null, visits: s.get('visits') ?? 0 }),
);

export const DELETE = session.route(async (_request: Request, s) => {
  s.flush();
  return new Response(null, { status: 204 });
});

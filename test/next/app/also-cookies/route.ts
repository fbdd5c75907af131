/** A Route Handler that also sets a cookie through cookies(), which makes Next.js re-serialise every Set-Cookie. */
import { cookies } from 'next/headers';
import { session } from '../../lib/profiles';

export const GET = session.route(async (_request: Request, s) => {
  s.set('hello', 'world');
  (await cookies()).set('theme', 'dark:blue');
  return new Response('ok');
});

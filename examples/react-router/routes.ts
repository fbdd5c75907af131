/** The routes' loaders, as `app/routes/*.tsx` would export them (the React components are left out). */
import { redirect } from 'react-router';
import type { createSessions } from './sessions.server.js';

type Sessions = ReturnType<typeof createSessions>;

export const routes = ({ getSession, commitSession, destroySession }: Sessions) => ({
  /** `/`: counts visits. */
  async home({ request }: { request: Request }) {
    const session = await getSession(request.headers.get('Cookie'));
    const visits = (session.get('visits') ?? 0) + 1;
    session.set('visits', visits);
    return Response.json(
      { visits, user: session.get('user') ?? null },
      { headers: { 'Set-Cookie': await commitSession(session) } },
    );
  },
  /** `/login?user=…`: signs in and leaves a flash message for the next page. */
  async login({ request }: { request: Request }) {
    const session = await getSession(request.headers.get('Cookie'));
    const user = new URL(request.url).searchParams.get('user') ?? 'guest';
    session.set('user', user);
    session.flash('message', `Welcome, ${user}`);
    return redirect('/', { status: 302, headers: { 'Set-Cookie': await commitSession(session) } });
  },
  /** `/message`: the flash message, once (reading it removes it, so the session is committed). */
  async message({ request }: { request: Request }) {
    const session = await getSession(request.headers.get('Cookie'));
    const message = session.get('message') ?? null;
    return Response.json({ message }, { headers: { 'Set-Cookie': await commitSession(session) } });
  },
  /** `/logout`: deletes the cookie. */
  async logout({ request }: { request: Request }) {
    const session = await getSession(request.headers.get('Cookie'));
    return new Response('signed out', { headers: { 'Set-Cookie': await destroySession(session) } });
  },
});

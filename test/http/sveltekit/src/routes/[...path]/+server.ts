import type { RequestHandler } from '@sveltejs/kit';
import type { SessionStore } from 'signed-cookie-session';
import { getSvelteKitCsrf } from 'signed-cookie-session/django';
import { APP_HEADER, conformanceApps } from '../../conformance.js';

// Every method and path: the scenario named by the path, answered with a Response built by hand so the
// app's own Set-Cookie lines are exactly the suite's (event.cookies.set would add attributes).
export const fallback: RequestHandler = async (event) => {
  const { request, url, locals } = event;
  const app = conformanceApps().get(request.headers.get(APP_HEADER) ?? '')!;
  if (app.csrf) {
    // The CSRF apps: /token mints a token, /submit (checked by the hook) echoes the form's note.
    if (url.pathname === '/token') return Response.json({ token: getSvelteKitCsrf(event).token() });
    if (url.pathname === '/submit' && request.method === 'POST')
      return Response.json({ ok: true, note: (await request.formData()).get('note') });
  }
  // (App.Locals is typed by examples/sveltekit, which shares this repository's TypeScript program.)
  const outcome = app.scenario(url, (locals as unknown as { session: SessionStore }).session);
  const headers = new Headers();
  if (outcome.vary) headers.set('vary', outcome.vary);
  if (outcome.otherCookies) for (const cookie of app.otherCookies) headers.append('set-cookie', cookie);
  if (outcome.redirect) {
    headers.set('location', '/');
    return new Response(null, { status: 302, headers });
  }
  return new Response('ok', { status: outcome.status, headers });
};

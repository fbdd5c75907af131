/**
 * React Router (framework mode): `app/sessions.server.ts`. Switching from React Router's own cookie
 * sessions is this one import; the cookie is then Django's signed_cookies format, readable by a Django site.
 */
// import { createCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage } from 'signed-cookie-session/react-router';

export interface Visit {
  visits: number;
  user?: string;
}

/** Flash messages: read once, then gone (React Router's `session.flash`). */
export interface Flash {
  message: string;
}

export function createSessions(secret: string) {
  return createCookieSessionStorage<Visit, Flash>({
    cookie: {
      name: 'sessionid',
      secrets: [secret], // add the old secret after it to rotate: the first signs, all verify
      maxAge: 1_209_600,
      sameSite: 'lax',
      secure: false, // only for plain http://localhost
    },
  });
}

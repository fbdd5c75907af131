/**
 * Django's CSRF check in the Next.js test app: its options come from the env `next start` got (the CSRF
 * tests trust their Django's origin), with the secret in the cookie, or in the default profile's session.
 */
import { cookies, headers } from 'next/headers';
import { type CsrfOptions, nextCsrf } from 'signed-cookie-session/django';

const options = JSON.parse(process.env['CSRF_OPTIONS'] ?? '{"cookieSecure":false}') as CsrfOptions;

export const csrf = nextCsrf(options, { cookies, headers });
export const useSessions = options.useSessions === true;

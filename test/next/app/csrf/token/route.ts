/** GET /csrf/token: a masked token, with the secret in the csrftoken cookie (or the session). */
import { csrf, useSessions } from '../../../lib/csrf';
import { session } from '../../../lib/profiles';

const handler = csrf.route(async (_request: Request, state) => Response.json({ token: state.token() }));

export const GET = useSessions ? session.route(handler) : handler;

/** POST /csrf/submit: CSRF-checked as Django checks it; echoes the form's note. */
import { csrf, useSessions } from '../../../lib/csrf';
import { session } from '../../../lib/profiles';

const handler = csrf.route(async (request: Request) =>
  Response.json({ ok: true, note: (await request.formData()).get('note') }),
);

export const POST = useSessions ? session.route(handler) : handler;

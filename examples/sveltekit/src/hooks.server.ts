// SvelteKit: the session on event.locals.session for every request (compose with others via `sequence`).
import { session } from 'signed-cookie-session/sveltekit';
import type { Visit } from './visit.js';

export const handle = session<Visit>({ secret: process.env['SESSION_SECRET']!, secure: false }); // secure: false only for plain http://localhost

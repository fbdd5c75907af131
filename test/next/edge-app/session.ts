import { nextSession } from 'signed-cookie-session/next';

export const session = nextSession({ secret: process.env['SESSION_SECRET'] ?? '', secure: false });

// One session for the whole app. Made lazily, so `next build` needs no SECRET_KEY.
import { nextSession } from 'signed-cookie-session/next';

export interface AppSession {
  user?: string;
  visits?: number;
}

export const session = nextSession<AppSession>({ secret: process.env.SECRET_KEY ?? '' });

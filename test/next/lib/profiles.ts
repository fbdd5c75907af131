/**
 * The option sets the conformance suite starts apps with, as named profiles of this one app (a built
 * Next.js app cannot take options from the test process): test/next/server.ts maps the suite's options
 * onto a name. The secrets come from the env `next start` got; callbacks cannot cross the process
 * boundary, so they print one JSON line that the launcher hands to the suite's callback.
 */
import {
  nextSession,
  type NextSession,
  type SessionData,
  type SessionMiddlewareOptions,
} from 'signed-cookie-session/next';
import { PROFILE_OPTIONS, type ProfileName, SESSION_EVENT } from './profile-options';

type AppSession = NextSession<SessionData>;

const report = (profile: ProfileName, kind: 'invalid' | 'warning', value: string) =>
  console.log(JSON.stringify({ [SESSION_EVENT]: { profile, kind, value } }));

/** The suite's functions, rebuilt here the same way. */
const callbacks: { [P in ProfileName]: Partial<SessionMiddlewareOptions> } = {
  default: {},
  every: {},
  validated: {
    validate: async (data) => {
      await new Promise((r) => setTimeout(r, 1));
      return data['hello'] !== 'revoked';
    },
    onInvalid: (reason) => report('validated', 'invalid', reason),
  },
  secure: { onWarning: (warning) => report('secure', 'warning', warning) },
};

const base = {
  secret: process.env['SESSION_SECRET'] ?? '',
  fallbackSecrets: process.env['SESSION_FALLBACK_SECRETS']?.split(' ').filter(Boolean) ?? [],
  secure: false,
};

const sessions = Object.fromEntries(
  (Object.keys(PROFILE_OPTIONS) as ProfileName[]).map((name) => [
    name,
    nextSession({ ...base, ...PROFILE_OPTIONS[name], ...callbacks[name] }, () => undefined),
  ]),
) as Record<ProfileName, AppSession>;

/** The session of one profile. */
export function profile(name: string): AppSession {
  if (!Object.hasOwn(sessions, name)) throw new Error(`No session profile "${name}"`);
  return sessions[name as ProfileName];
}

/** What the app's own pages, Server Actions and proxy use. */
export const session = sessions.default;

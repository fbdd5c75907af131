/**
 * The serialisable part of each profile (test/next/lib/profiles.ts), shared with the launcher that maps
 * the conformance suite's options onto a profile name.
 */
export const PROFILE_OPTIONS = {
  default: {},
  every: { saveEveryRequest: true },
  validated: { cookieName: 'validated' },
  secure: { secure: true, cookieName: 'secure_next', salt: 's-next' },
} as const;

export type ProfileName = keyof typeof PROFILE_OPTIONS;

/** The key of the JSON lines the app prints for onInvalid and onWarning. */
export const SESSION_EVENT = 'signed-cookie-session-event';

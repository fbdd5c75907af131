/**
 * One built SvelteKit server (test/http/sveltekit) serves every conformance app of a run: the harness (test/http/apps.ts)
 * registers each app's session options and scenario under an id, and names the app in a request header.
 */
import type { SessionMiddlewareOptions, SessionStore } from 'signed-cookie-session';

export interface Outcome {
  status: number;
  vary: string | undefined;
  otherCookies: boolean;
  redirect: boolean;
}

export interface ConformanceApp {
  options: SessionMiddlewareOptions;
  scenario: (url: URL, session: SessionStore) => Outcome;
  otherCookies: string[];
}

export const APP_HEADER = 'x-conformance-app';

export function conformanceApps(): Map<string, ConformanceApp> {
  const key = Symbol.for('signed-cookie-session.sveltekit-conformance');
  const global = globalThis as { [key]?: Map<string, ConformanceApp> };
  return (global[key] ??= new Map());
}

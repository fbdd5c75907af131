/**
 * One built SvelteKit server serves every conformance app of a run: the harness (test/http/apps.ts)
 * registers each app's session options and scenario under an id, and names the app in a request header.
 * An app with CSRF options (test/login/csrf-apps.ts) also runs svelteKitCsrf and serves /token and /submit.
 */
import type { SessionMiddlewareOptions, SessionStore } from 'signed-cookie-session';
import type { CsrfOptions } from 'signed-cookie-session/django';

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
  csrf?: CsrfOptions;
}

export const APP_HEADER = 'x-conformance-app';

export function conformanceApps(): Map<string, ConformanceApp> {
  const key = Symbol.for('signed-cookie-session.sveltekit-conformance');
  const global = globalThis as { [key]?: Map<string, ConformanceApp> };
  return (global[key] ??= new Map());
}

/**
 * Puts what `commit` decided on a response, whatever the framework: the session `Set-Cookie` after the
 * app's own (never folded into one line), `Cookie` in `Vary`, and `private, no-store` over the app's cache
 * directives. Each adapter supplies the three header operations of its response type.
 */
import { privateNoStore } from './cache-control.js';
import type { SessionHeaders } from './session-middleware.js';
import { varyWithCookie } from '../headers/vary.js';

/** The header operations an adapter maps onto its framework's response. */
export interface ResponseHeaders {
  /** The current value of `vary` or `cache-control`, several values joined with ", ". */
  get(name: 'vary' | 'cache-control'): string | undefined;
  set(name: 'vary' | 'cache-control', value: string): void;
  /** Adds a `Set-Cookie` line after any the app set. */
  appendSetCookie(cookie: string): void;
}

export function applySessionHeaders(target: ResponseHeaders, { setCookie, vary, noStore }: SessionHeaders): void {
  if (setCookie) target.appendSetCookie(setCookie);
  if (vary) target.set('vary', varyWithCookie(target.get('vary')));
  if (noStore) target.set('cache-control', privateNoStore(target.get('cache-control')));
}

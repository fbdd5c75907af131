/**
 * Puts what `commit` decided on a response, whatever the framework: the session `Set-Cookie` after the
 * app's own (never folded into one line), `Cookie` in `Vary`, and `private, no-store` over the app's cache
 * directives. Each adapter supplies the three header operations of its response type.
 */
import { privateNoStore } from './cache-control.js';
import type { SessionHeaders } from './session-middleware.js';
import { varyWithCookie } from '../headers/vary.js';

/**
 * The header operations an adapter maps onto its framework's response, given the response: an adapter
 * defines them once, not as closures made for every response.
 */
export interface HeaderOperations<Target> {
  /** The current value of `vary` or `cache-control`, several values joined with ", ". */
  get(target: Target, name: 'vary' | 'cache-control'): string | undefined;
  set(target: Target, name: 'vary' | 'cache-control', value: string): void;
  /** Adds a `Set-Cookie` line after any the app set. */
  appendSetCookie(target: Target, cookie: string): void;
}

export function applySessionHeaders<Target>(
  operations: HeaderOperations<Target>,
  target: Target,
  { setCookie, vary, noStore }: SessionHeaders,
): void {
  if (setCookie) operations.appendSetCookie(target, setCookie);
  if (vary) operations.set(target, 'vary', varyWithCookie(operations.get(target, 'vary')));
  if (noStore) operations.set(target, 'cache-control', privateNoStore(operations.get(target, 'cache-control')));
}

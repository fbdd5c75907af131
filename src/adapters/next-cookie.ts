/** How a session `Set-Cookie` line passes through Next.js's `cookies().set()` unchanged. */
import { UnwritableCookie } from './next-errors.js';

/**
 * Next.js serialises `cookies().set(cookie)` as `${name}=${encodeURIComponent(value)}` followed by the
 * attributes it was given, and adds `Path=/` unless a path is given. Given the session line split at its
 * last "=" (`…; SameSite` and `Lax`, which encoding leaves alone) and an empty path, it writes the line
 * exactly. The odd name stays in this request's `cookies()`, where the adapter (next.ts) reads it back.
 */
export function exactCookie(line: string, cookieName: string): { name: string; value: string; path: string } {
  const at = line.lastIndexOf('=');
  const value = line.slice(at + 1);
  if (at <= cookieName.length || encodeURIComponent(value) !== value) throw new UnwritableCookie(cookieName);
  return { name: line.slice(0, at), value, path: '' };
}

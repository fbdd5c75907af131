/**
 * What a user pastes as "the cookie": a bare token, `name=value` (the browser's storage panel), a whole
 * `Cookie:` request header or a `Set-Cookie:` line. Returns the session cookie's value; cookie names may
 * appear in messages, values never do.
 */
import { UsageError } from './secret-source.js';

/** The value of cookie `name` in `input`, or `input` itself when it is a bare token. */
export function cookieValue(input: string, name: string): string {
  const text = input.trim().replace(/^(?:set-)?cookie:\s*/i, '');
  // A token is base64url, base62 and the separator: it never holds "=" or ";".
  if (!text.includes('=') && !text.includes(';')) return text;
  const values: string[] = [];
  const names: string[] = [];
  for (const piece of text.split(';')) {
    const eq = piece.indexOf('=');
    if (eq === -1) continue;
    const key = piece.slice(0, eq).trim();
    names.push(key);
    if (key !== name) continue;
    const value = piece.slice(eq + 1).trim();
    values.push(value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);
  }
  if (values.length === 0) {
    const seen = names.length ? ` (it has ${names.map((n) => JSON.stringify(n)).join(', ')})` : '';
    throw new UsageError(
      `No cookie named "${name}" in the input${seen}: pass the cookie's name with --name NAME, or its value alone.`,
    );
  }
  if (new Set(values).size > 1)
    throw new UsageError(
      `The input holds ${values.length} different "${name}" cookies: pass the value of the one you mean.`,
    );
  return values[0]!;
}

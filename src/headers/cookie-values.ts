/**
 * Finds every value of one cookie in a `Cookie` header, in order, with the `cookie` package: the session
 * cookie for the HTTP core, Django's CSRF cookie for `src/django`. A cookie is only what the browser
 * sent as `name=value` between "; " (RFC 6265 §5.4): a comma is part of a value, never a separator. Browsers store a value such as `x,__Host-sessionid=…` for any cookie a sibling
 * subdomain may set, so splitting at commas would let that sibling plant a `__Host-` cookie.
 *
 * Several Cookie headers reach us joined with "; " by node:http, undici's and Bun's `Headers`, and the
 * servers of Bun, Deno and workerd. Only a `Headers` object an app fills itself on Deno or workerd joins
 * with ", "; the piece after such a join is then not seen, which fails safe (no session, never a value
 * from inside another cookie).
 */
import { parse } from 'cookie';

export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header || !header.includes(name)) return [];
  const values: string[] = [];
  // Pieces are parsed one by one so that duplicates are seen (a plain parse keeps only the first).
  for (const piece of header.split(';')) {
    if (!piece.includes(name)) continue;
    const parsed = parse(piece);
    if (Object.hasOwn(parsed, name)) values.push(unquote(parsed[name] ?? ''));
  }
  return values;
}

/** RFC 6265 allows a DQUOTE-wrapped value; Django unquotes it too. A half-quoted value stays as it is. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

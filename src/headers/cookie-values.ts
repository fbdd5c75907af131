/**
 * Finds every value of one cookie in a `Cookie` header, in order, each piece read as the `cookie` package reads it: the session
 * cookie for the HTTP core, Django's CSRF cookie for `src/django`. A cookie is only what the browser
 * sent as `name=value` between "; " (RFC 6265 §5.4): a comma is part of a value, never a separator. Browsers store a value such as `x,__Host-sessionid=…` for any cookie a sibling
 * subdomain may set, so splitting at commas would let that sibling plant a `__Host-` cookie.
 *
 * Several Cookie headers reach us joined with "; " by node:http, undici's and Bun's `Headers`, and the
 * servers of Bun, Deno and workerd. Only a `Headers` object an app fills itself on Deno or workerd joins
 * with ", "; the piece after such a join is then not seen, which fails safe (no session, never a value
 * from inside another cookie).
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header || !header.includes(name)) return [];
  const values: string[] = [];
  const length = header.length;
  // One pass over the header, without splitting it or parsing a piece into an object: each piece between
  // ";" is read as the `cookie` package's `parse` reads it alone (name and value trimmed of spaces and
  // tabs, the value percent-decoded when it can be), and compared with the name in place.
  let equals = -1; // the next "=" at or after `start`, found once, so that a long run of pieces without one stays linear
  for (let start = 0; start < length;) {
    let end = header.indexOf(';', start);
    if (end === -1) end = length;
    if (equals < start) equals = header.indexOf('=', start);
    if (equals === -1) break;
    if (equals < end && isName(header, start, equals, name))
      values.push(unquote(decode(trimmed(header, equals + 1, end))));
    start = end + 1;
  }
  return values;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Whether `header[from, to)`, trimmed of spaces and tabs, is `name`. */
function isName(header: string, from: number, to: number, name: string): boolean {
  const start = trimStart(header, from, to);
  const end = trimEnd(header, start, to);
  return end - start === name.length && header.startsWith(name, start);
}

function trimmed(header: string, from: number, to: number): string {
  const start = trimStart(header, from, to);
  return header.slice(start, trimEnd(header, start, to));
}

function trimStart(header: string, from: number, to: number): number {
  while (from < to && isSpace(header.charCodeAt(from))) from++;
  return from;
}

function trimEnd(header: string, from: number, to: number): number {
  while (to > from && isSpace(header.charCodeAt(to - 1))) to--;
  return to;
}

/** The `cookie` package's decoding: percent-decoded when that succeeds, else as it is. */
function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** RFC 6265 allows a DQUOTE-wrapped value; Django unquotes it too. A half-quoted value stays as it is. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
